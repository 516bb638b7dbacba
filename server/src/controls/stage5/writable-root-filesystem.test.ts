import { testControl } from '../../testing/controlTester';
import control from './writable-root-filesystem';

testControl(control, {
  valid: [
    {
      name: 'readOnlyRootFilesystem: true on every container, init containers too',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      initContainers:
        - name: setup
          image: busybox:1.36
          securityContext:
            readOnlyRootFilesystem: true
      containers:
        - name: agent
          image: agent:1.0
          securityContext:
            readOnlyRootFilesystem: true
`,
    },
  ],
  invalid: [
    {
      name: 'no securityContext: created after the last key',
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
        volumeMounts:
        - name: tmp
          mountPath: /tmp
`,
      findings: [
        {
          line: 9,
          column: 9,
          message: 'Deployment web, container app: no readOnlyRootFilesystem: true',
          fixClass: 'review',
          fixTitle: /^Add securityContext\.readOnlyRootFilesystem: true$/,
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
        volumeMounts:
        - name: tmp
          mountPath: /tmp
        securityContext:
          readOnlyRootFilesystem: true
`,
    },
    {
      name: 'readOnlyRootFilesystem: false in an init container is replaced',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
      securityContext:
        readOnlyRootFilesystem: false
  containers:
    - name: app
      image: web:1.0
      securityContext:
        readOnlyRootFilesystem: true
`,
      findings: [
        {
          line: 10,
          column: 9,
          container: 'setup',
          message: 'readOnlyRootFilesystem is not true',
          fixClass: 'review',
          fixTitle:
            'Set securityContext.readOnlyRootFilesystem: true (overrides the explicit `readOnlyRootFilesystem: false`)',
        },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
      securityContext:
        readOnlyRootFilesystem: true
  containers:
    - name: app
      image: web:1.0
      securityContext:
        readOnlyRootFilesystem: true
`,
    },
    {
      name: 'a flow securityContext with other keys',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      securityContext: { runAsNonRoot: true }
`,
      findings: [{ line: 9, column: 7 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true }
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
          "readOnlyRootFilesystem": false
        }
      }
    ]
  }
}
`,
      findings: [{ line: 11, column: 11 }],
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
          "readOnlyRootFilesystem": true
        }
      }
    ]
  }
}
`,
    },
    {
      name: 'exempt by the kube-score annotation',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    kube-score/ignore: container-security-context-readonlyrootfilesystem
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
