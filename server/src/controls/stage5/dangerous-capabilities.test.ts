import { testControl } from '../../testing/controlTester';
import control from './dangerous-capabilities';

testControl(control, {
  valid: [
    {
      name: 'narrow capabilities added; init containers are not checked',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: net
          image: net:1.0
          securityContext:
            capabilities:
              add: [NET_ADMIN]
      containers:
        - name: app
          image: web:1.0
          securityContext:
            capabilities:
              drop: [ALL]
              add: [NET_BIND_SERVICE]
`,
    },
  ],
  invalid: [
    {
      name: 'SYS_ADMIN and a CAP_-prefixed lower-case net_admin: one finding each, both removed',
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
          add:
            - SYS_ADMIN
            - NET_BIND_SERVICE
            - cap_net_admin
`,
      findings: [
        {
          line: 12,
          column: 15,
          endLine: 12,
          endColumn: 24,
          message: 'Pod p, container app: capabilities.add grants SYS_ADMIN',
          fixClass: 'review',
          fixTitle:
            'Remove SYS_ADMIN, cap_net_admin from securityContext.capabilities.add (overrides the explicit `add: [SYS_ADMIN, cap_net_admin]`)',
        },
        { line: 14, column: 15, message: 'capabilities.add grants NET_ADMIN', fixClass: 'review' },
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
          add:
            - NET_BIND_SERVICE
`,
    },
    {
      name: 'only ALL in a block list: the add key goes',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
      - name: agent
        image: agent:1.0
        securityContext:
          capabilities:
            drop:
            - NET_RAW
            add:
            - ALL
`,
      findings: [
        {
          line: 16,
          column: 15,
          message: 'grants ALL',
          fixClass: 'review',
          fixTitle:
            /^Remove ALL from securityContext\.capabilities\.add \(overrides the explicit `add: \[ALL\]`\)$/,
        },
      ],
      output: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
      - name: agent
        image: agent:1.0
        securityContext:
          capabilities:
            drop:
            - NET_RAW
`,
    },
    {
      name: 'flow list',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      securityContext:
        capabilities: { add: [CHOWN, "NET_ADMIN"] }
`,
      findings: [{ line: 10, column: 38 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      securityContext:
        capabilities: { add: [CHOWN] }
`,
    },
    {
      name: 'JSON manifest',
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
        "securityContext": { "capabilities": { "add": ["SYS_ADMIN", "SYS_TIME"] } }
      }
    ]
  }
}
`,
      findings: [{ line: 10, column: 56 }],
      output: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "web:1.0",
        "securityContext": { "capabilities": { "add": ["SYS_TIME"] } }
      }
    ]
  }
}
`,
    },
    {
      name: 'exempt by a comment on the container',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: vpn # kube-maturity-ignore dangerous-capabilities: manages the tunnel interface
      image: vpn:1.0
      securityContext:
        capabilities:
          add: [NET_ADMIN]
`,
      findings: [{ line: 11, column: 17, exempt: true }],
      output: null,
    },
  ],
});
