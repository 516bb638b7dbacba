import { DEFAULT_FIX_DEFAULTS } from '../../engine/config';
import { testControl } from '../../testing/controlTester';
import control from './missing-memory-limit';

testControl(control, {
  valid: [
    {
      name: 'limits.memory set',
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
          resources:
            limits:
              memory: 512Mi
`,
    },
    {
      name: 'init containers and objects without pods are not checked',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
  containers:
    - name: app
      image: nginx:1.27
      resources: { limits: { memory: 512Mi } }
---
apiVersion: v1
kind: Service
metadata:
  name: web
`,
    },
  ],
  invalid: [
    {
      name: 'no resources at all: the whole block is created under the container',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app   # the web server
        image: nginx:1.27
`,
      findings: [
        {
          line: 9,
          column: 9,
          message: 'Deployment web, container app: no resources.limits.memory',
          container: 'app',
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
      - name: app   # the web server
        image: nginx:1.27
        resources:
          limits:
            memory: 256Mi
`,
    },
    {
      name: 'only requests: finding on resources, limits added beside',
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
          resources:
            requests:
              memory: 512Mi
          ports:
            - containerPort: 5432
`,
      findings: [{ line: 11, column: 11, container: 'db' }],
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
          resources:
            requests:
              memory: 512Mi
            limits:
              memory: 256Mi
          ports:
            - containerPort: 5432
`,
    },
    {
      name: 'limits without memory: finding on limits, inserted there; CRLF and the setting kept',
      code: 'apiVersion: batch/v1\r\nkind: CronJob\r\nmetadata:\r\n  name: nightly\r\nspec:\r\n  jobTemplate:\r\n    spec:\r\n      template:\r\n        spec:\r\n          containers:\r\n          - name: run\r\n            resources:\r\n              limits:\r\n                cpu: "1"\r\n',
      settings: { fixDefaults: { ...DEFAULT_FIX_DEFAULTS, memoryLimit: '1Gi' } },
      findings: [
        { line: 13, column: 15, message: 'CronJob nightly, container run: no resources.limits.memory' },
      ],
      output:
        'apiVersion: batch/v1\r\nkind: CronJob\r\nmetadata:\r\n  name: nightly\r\nspec:\r\n  jobTemplate:\r\n    spec:\r\n      template:\r\n        spec:\r\n          containers:\r\n          - name: run\r\n            resources:\r\n              limits:\r\n                cpu: "1"\r\n                memory: 1Gi\r\n',
    },
    {
      name: 'flow style: an empty resources mapping is expanded, a flow limits gets the entry',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: one
      image: nginx:1.27
      resources: {}
    - name: two
      image: nginx:1.27
      resources: { limits: { cpu: 250m } }
`,
      findings: [
        { line: 9, column: 7, container: 'one' },
        { line: 12, column: 20, container: 'two' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: one
      image: nginx:1.27
      resources:
        limits:
          memory: 256Mi
    - name: two
      image: nginx:1.27
      resources: { limits: { cpu: 250m, memory: 256Mi } }
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
        "image": "nginx:1.27"
      }
    ]
  }
}
`,
      findings: [{ line: 8, column: 9 }],
      output: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "nginx:1.27",
        "resources": {
          "limits": {
            "memory": "256Mi"
          }
        }
      }
    ]
  }
}
`,
    },
    {
      name: 'exempt by the peer annotation: listed, no fix',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: once
  annotations:
    ignore-check.kube-linter.io/unset-memory-requirements: "batch job"
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: run
          image: acme/run:1.0
`,
      findings: [{ line: 12, column: 11, exempt: true }],
      output: null,
    },
  ],
});
