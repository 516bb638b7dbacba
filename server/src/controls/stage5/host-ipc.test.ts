import { testControl } from '../../testing/controlTester';
import control from './host-ipc';

testControl(control, {
  valid: [
    {
      name: 'hostIPC absent',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
`,
    },
    {
      name: 'hostIPC: false',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostIPC: false
  containers:
    - name: app
      image: nginx:1.27
`,
    },
    {
      name: 'a ConfigMap is not checked',
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  hostIPC: "true"
`,
    },
  ],
  invalid: [
    {
      name: 'Deployment: the key line is removed',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      hostIPC: true
      containers:
        - name: app
          image: nginx:1.27
`,
      findings: [
        {
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 20,
          message: "Deployment web: hostIPC: true shares the node's IPC namespace",
          fixClass: 'review',
          fixTitle: 'Remove hostIPC (overrides the explicit `hostIPC: true`)',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: app
          image: nginx:1.27
`,
    },
    {
      name: 'ReplicaSet in a multi-document file: only the offending pod spec changes',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: fine
spec:
  containers:
    - name: app
      image: nginx:1.27
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
      hostIPC: true
`,
      findings: [{ line: 20, column: 7, message: 'ReplicaSet rs' }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: fine
spec:
  containers:
    - name: app
      image: nginx:1.27
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
`,
    },
    {
      name: 'JSON manifest, last member',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [{ "name": "app", "image": "nginx:1.27" }],
    "hostIPC": true
  }
}
`,
      findings: [{ line: 7, column: 5 }],
      output: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [{ "name": "app", "image": "nginx:1.27" }]
  }
}
`,
    },
    {
      name: 'exempt by the kube-maturity annotation',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    kube-maturity.io/ignore: "host-ipc,host-pid"
spec:
  template:
    spec:
      hostIPC: true
      containers:
        - name: app
          image: nginx:1.27
`,
      findings: [{ line: 10, column: 7, exempt: true }],
      output: null,
    },
  ],
});
