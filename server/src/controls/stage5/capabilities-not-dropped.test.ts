import { testControl } from '../../testing/controlTester';
import control from './capabilities-not-dropped';

testControl(control, {
  valid: [
    {
      name: 'drop ALL (any case, CAP_ prefix accepted); init containers are not checked',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: setup
          image: busybox:1.36
      containers:
        - name: app
          image: web:1.0
          securityContext:
            capabilities:
              drop: [ALL]
        - name: b
          image: b:1.0
          securityContext:
            capabilities:
              drop: [cap_all]
`,
    },
    {
      name: 'the full default set dropped one by one',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      securityContext:
        capabilities:
          drop: [AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, NET_RAW, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT]
`,
    },
  ],
  invalid: [
    {
      name: 'no securityContext: drop [ALL] created',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: web:1.0
`,
      findings: [
        {
          line: 9,
          column: 9,
          message:
            "Deployment web, container app: no capabilities.drop; the runtime's default capabilities (NET_RAW, CHOWN, SETUID…) are kept",
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: web:1.0
        securityContext:
          capabilities:
            drop:
            - ALL
`,
    },
    {
      name: 'a block drop list without ALL: ALL is added to it',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      securityContext:
        capabilities:
          drop:
            - NET_RAW   # no raw sockets
          add:
            - NET_BIND_SERVICE
`,
      findings: [
        {
          line: 11,
          column: 11,
          endLine: 11,
          endColumn: 15,
          message: 'capabilities.drop has neither ALL nor AUDIT_WRITE, CHOWN, DAC_OVERRIDE…',
          fixClass: 'review',
          fixTitle: 'Add ALL to securityContext.capabilities.drop (overrides the explicit `drop: [NET_RAW]`)',
        },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      securityContext:
        capabilities:
          drop:
            - NET_RAW   # no raw sockets
            - ALL
          add:
            - NET_BIND_SERVICE
`,
    },
    {
      name: 'a capabilities map with add only: drop inserted beside it',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
        - name: db
          image: postgres:16
          securityContext:
            capabilities:
              add: [CHOWN]
`,
      findings: [
        {
          line: 12,
          column: 13,
          fixClass: 'review',
          fixTitle: /^Add securityContext\.capabilities\.drop: \[ALL\]$/,
        },
      ],
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
        - name: db
          image: postgres:16
          securityContext:
            capabilities:
              add: [CHOWN]
              drop:
                - ALL
`,
    },
    {
      name: 'flow drop lists, empty and not',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: a:1.0
      securityContext: { capabilities: { drop: [] } }
    - name: b
      image: b:1.0
      securityContext: { capabilities: { drop: ["NET_RAW"] } }
`,
      findings: [
        { line: 9, column: 42, container: 'a', fixTitle: 'overrides the explicit `drop: []`' },
        { line: 12, column: 42, container: 'b', fixTitle: 'overrides the explicit `drop: [NET_RAW]`' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: a:1.0
      securityContext: { capabilities: { drop: [ALL] } }
    - name: b
      image: b:1.0
      securityContext: { capabilities: { drop: ["NET_RAW", "ALL"] } }
`,
    },
    {
      name: 'JSON manifest with a multi-line drop array',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "web:1.0",
        "securityContext": {
          "capabilities": {
            "drop": [
              "NET_RAW"
            ]
          }
        }
      }
    ]
  }
}
`,
      findings: [{ line: 12, column: 13 }],
      output: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "web:1.0",
        "securityContext": {
          "capabilities": {
            "drop": [
              "NET_RAW",
              "ALL"
            ]
          }
        }
      }
    ]
  }
}
`,
    },
    {
      name: 'exempt by the Polaris check annotation',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    polaris.fairwinds.com/insecureCapabilities-exempt: "true"
spec:
  containers:
    - name: app
      image: web:1.0
`,
      findings: [{ line: 9, column: 7, exempt: true }],
      output: null,
    },
  ],
});
