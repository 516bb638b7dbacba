import { testControl } from '../../testing/controlTester';
import control from './pull-policy-not-always';

testControl(control, {
  valid: [
    {
      name: 'imagePullPolicy: Always on every container; init containers are not checked',
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
          imagePullPolicy: Always
`,
    },
  ],
  invalid: [
    {
      name: 'no imagePullPolicy: inserted after the last key',
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
          ports:
            - containerPort: 80
`,
      findings: [
        {
          line: 9,
          column: 11,
          message: 'Deployment web, container app: no imagePullPolicy',
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
          ports:
            - containerPort: 80
          imagePullPolicy: Always
`,
    },
    {
      name: 'IfNotPresent and a quoted Never: replaced in place, quoting kept',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: a:1.0
      imagePullPolicy: IfNotPresent # cached
      ports: []
    - name: b
      image: b:1.0
      imagePullPolicy: "Never"
`,
      findings: [
        {
          line: 9,
          column: 7,
          endLine: 9,
          endColumn: 36,
          container: 'a',
          message: 'imagePullPolicy: IfNotPresent',
        },
        { line: 13, column: 7, container: 'b', message: 'imagePullPolicy: Never' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: a:1.0
      imagePullPolicy: Always # cached
      ports: []
    - name: b
      image: b:1.0
      imagePullPolicy: "Always"
`,
    },
    {
      name: 'CronJob with a flow-style container',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{ name: run, image: "run:1.0" }]
`,
      findings: [{ line: 11, column: 26 }],
      output: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{ name: run, image: "run:1.0", imagePullPolicy: Always }]
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
        "imagePullPolicy": "IfNotPresent"
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
        "imagePullPolicy": "Always"
      }
    ]
  }
}
`,
    },
    {
      name: 'exempt by the Polaris annotation',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    polaris.fairwinds.com/pullPolicyNotAlways-exempt: "true"
spec:
  template:
    spec:
      containers:
        - name: app
          image: web:1.0
          imagePullPolicy: IfNotPresent
`,
      findings: [{ line: 13, column: 11, exempt: true }],
      output: null,
    },
  ],
});
