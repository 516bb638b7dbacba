import { testControl } from '../../testing/controlTester';
import control from './missing-cpu-request';

testControl(control, {
  valid: [
    {
      name: 'request set',
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
            requests:
              cpu: 250m
`,
    },
    {
      name: 'objects without pods are not checked',
      code: `apiVersion: v1
kind: Service
metadata:
  name: web
`,
    },
  ],
  invalid: [
    {
      name: 'a misspelt resouces: beside the container: the fix is withheld, never a second resources block',
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
          resouces:
            requests:
              cpu: 10m
`,
      findings: [
        {
          line: 9,
          column: 11,
          message: 'Deployment web, container app: no resources.requests.cpu',
          fixWithheld: '`resouces` looks like a misspelling of `resources`',
        },
      ],
      output: null,
    },
    {
      name: 'the fix is review and its title says what it adds',
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
      findings: [{ line: 9, column: 11, fixClass: 'review', fixTitle: 'Add resources.requests.cpu: 100m' }],
      output: `apiVersion: apps/v1
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
            requests:
              cpu: 100m
`,
    },
    {
      name: 'no resources at all: finding on the container name, block inserted with the file indentation',
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
          message: 'Deployment web, container app: no resources.requests.cpu',
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
          requests:
            cpu: 100m
`,
    },
    {
      name: 'limits only: finding on resources, requests added beside limits',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources:
        limits:
          cpu: "1"
      ports:
        - containerPort: 80
`,
      findings: [{ line: 9, column: 7 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources:
        limits:
          cpu: "1"
        requests:
          cpu: 100m
      ports:
        - containerPort: 80
`,
    },
    {
      name: 'memory request only, CRLF kept, fix default from settings',
      code: 'apiVersion: batch/v1\r\nkind: CronJob\r\nmetadata:\r\n  name: nightly\r\nspec:\r\n  jobTemplate:\r\n    spec:\r\n      template:\r\n        spec:\r\n          containers:\r\n          - name: run\r\n            resources:\r\n              requests:\r\n                memory: 64Mi\r\n',
      settings: {
        fixDefaults: { ...require('../../engine/config').DEFAULT_FIX_DEFAULTS, cpuRequest: '50m' },
      },
      findings: [{ line: 13, column: 15 }],
      output:
        'apiVersion: batch/v1\r\nkind: CronJob\r\nmetadata:\r\n  name: nightly\r\nspec:\r\n  jobTemplate:\r\n    spec:\r\n      template:\r\n        spec:\r\n          containers:\r\n          - name: run\r\n            resources:\r\n              requests:\r\n                memory: 64Mi\r\n                cpu: 50m\r\n',
    },
    {
      name: 'JSON manifest: JSON edit with the file indentation',
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
          "requests": {
            "cpu": "100m"
          }
        }
      }
    ]
  }
}
`,
    },
    {
      name: 'init containers are not checked, but every container of a multi-document file is',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: a
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
  containers:
    - name: one
      image: nginx:1.27
    - name: two
      image: nginx:1.27
      resources: {}
`,
      findings: [
        { line: 10, column: 7, container: 'one' },
        { line: 14, column: 7, container: 'two' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: a
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
  containers:
    - name: one
      image: nginx:1.27
      resources:
        requests:
          cpu: 100m
    - name: two
      image: nginx:1.27
      resources:
        requests:
          cpu: 100m
`,
    },
  ],
});
