import { testControl } from '../../testing/controlTester';
import control from './run-as-root';

testControl(control, {
  valid: [
    {
      name: 'pod-level runAsNonRoot covers every container, init containers too',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
      initContainers:
        - name: setup
          image: busybox:1.36
      containers:
        - name: app
          image: web:1.0
`,
    },
    {
      name: 'a non-zero runAsUser on the container or on the pod',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsUser: 1000
  containers:
    - name: a
      image: a:1.0
    - name: b
      image: b:1.0
      securityContext:
        runAsUser: 65532
        runAsNonRoot: false
`,
    },
  ],
  invalid: [
    {
      name: 'no securityContext anywhere: the container gets one, init containers checked too',
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
`,
      findings: [
        {
          line: 9,
          column: 9,
          container: 'setup',
          message:
            'Deployment web, init container setup: neither the container nor the pod sets runAsNonRoot: true or a non-zero runAsUser',
        },
        { line: 12, column: 9, container: 'app' },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
      - name: setup
        image: busybox:1.36
        securityContext:
          runAsNonRoot: true
      containers:
      - name: app
        image: web:1.0
        securityContext:
          runAsNonRoot: true
`,
    },
    {
      name: 'the container overrides the pod with runAsNonRoot: false: replaced in place',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: web:1.0
      securityContext:
        runAsNonRoot: false
        readOnlyRootFilesystem: true
`,
      findings: [
        {
          line: 12,
          column: 9,
          endLine: 12,
          endColumn: 28,
          message: 'runAsNonRoot: false lets the container run as root',
        },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: web:1.0
      securityContext:
        runAsNonRoot: true
        readOnlyRootFilesystem: true
`,
    },
    {
      name: 'runAsUser: 0 on the container fails even with runAsNonRoot: true; no fix',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      securityContext:
        runAsNonRoot: true
        runAsUser: 0
`,
      findings: [{ line: 11, column: 9, message: 'runAsUser: 0 runs the container as root' }],
      output: null,
    },
    {
      name: "the pod's runAsNonRoot: false, and a securityContext without the key: added beside the others",
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: false
      containers:
        - name: db
          image: postgres:16
          securityContext:
            allowPrivilegeEscalation: false
`,
      findings: [{ line: 9, column: 9, message: "the pod's runAsNonRoot: false" }],
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: false
      containers:
        - name: db
          image: postgres:16
          securityContext:
            allowPrivilegeEscalation: false
            runAsNonRoot: true
`,
    },
    {
      name: 'an empty flow securityContext is expanded',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      securityContext: {}
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
      securityContext:
        runAsNonRoot: true
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
        "securityContext": { "privileged": false }
      }
    ]
  }
}
`,
      findings: [{ line: 10, column: 9 }],
      output: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "web:1.0",
        "securityContext": { "privileged": false, "runAsNonRoot": true }
      }
    ]
  }
}
`,
    },
    {
      name: 'exempt by the own annotation',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    kube-maturity.io/ignore: "run-as-root"
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
