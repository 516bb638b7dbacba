import { testControl } from '../../testing/controlTester';
import control from './privileged-container';

testControl(control, {
  valid: [
    {
      name: 'privileged: false or absent',
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
          securityContext:
            privileged: false
        - name: sidecar
          image: sidecar:1.0
`,
    },
  ],
  invalid: [
    {
      name: 'privileged: true beside other keys: the key is removed',
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
            privileged: true   # needs the host
            runAsNonRoot: true
`,
      findings: [
        {
          line: 12,
          column: 13,
          endLine: 12,
          endColumn: 29,
          message:
            'DaemonSet agent, container agent: privileged: true gives the container full access to the node',
          fixClass: 'review',
          fixTitle: 'Remove securityContext.privileged (overrides the explicit `privileged: true`)',
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
            # needs the host
            runAsNonRoot: true
`,
    },
    {
      name: 'privileged is the only key of an init container securityContext: the securityContext goes',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: sysctl
      image: busybox:1.36
      securityContext:
        privileged: true
      command: [sysctl, -w, net.core.somaxconn=1024]
  containers:
    - name: app
      image: web:1.0
`,
      findings: [
        {
          line: 10,
          column: 9,
          container: 'sysctl',
          fixClass: 'review',
          // The securityContext removed with it is not an explicit choice of its own.
          fixTitle: /^Remove securityContext\.privileged \(overrides the explicit `privileged: true`\)$/,
        },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: sysctl
      image: busybox:1.36
      command: [sysctl, -w, net.core.somaxconn=1024]
  containers:
    - name: app
      image: web:1.0
`,
    },
    {
      name: 'flow-style securityContext',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      securityContext: { privileged: true, runAsUser: 1000 }
`,
      findings: [{ line: 9, column: 26 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      securityContext: { runAsUser: 1000 }
`,
    },
    {
      name: 'a securityContext shared through an anchor: only the anchored definition is edited',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: a:1.0
      securityContext: &privileged
        privileged: true
    - name: b
      image: b:1.0
      securityContext: *privileged
`,
      findings: [
        { line: 10, column: 9, container: 'a' },
        { line: 10, column: 9, container: 'b' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: a:1.0
      securityContext: &privileged
    - name: b
      image: b:1.0
      securityContext: *privileged
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
        "securityContext": {
          "runAsNonRoot": true,
          "privileged": true
        }
      }
    ]
  }
}
`,
      findings: [{ line: 12, column: 11 }],
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
          "runAsNonRoot": true
        }
      }
    ]
  }
}
`,
    },
    {
      name: 'exempt by the kube-linter annotation',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  annotations:
    ignore-check.kube-linter.io/privileged-container: "CNI plugin"
spec:
  template:
    spec:
      containers:
        - name: cni
          image: cni:1.0
          securityContext:
            privileged: true
`,
      findings: [{ line: 14, column: 13, exempt: true }],
      output: null,
    },
  ],
});
