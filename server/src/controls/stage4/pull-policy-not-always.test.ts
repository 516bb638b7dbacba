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
    {
      name: 'images pinned by digest pass whatever the policy: a digest cannot go stale',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/api:2.4.1@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          imagePullPolicy: IfNotPresent
        - name: proxy
          image: envoyproxy/envoy@sha256:3b1c5e4f0c7d2a9e8f6b5a4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e
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
          line: 10,
          column: 11,
          message: 'Deployment web, container app: no imagePullPolicy',
          fixClass: 'review',
          fixTitle: /^Add imagePullPolicy: Always$/,
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
          fixClass: 'review',
          fixTitle: 'Set imagePullPolicy: Always (overrides the explicit `imagePullPolicy: IfNotPresent`)',
        },
        {
          line: 13,
          column: 7,
          container: 'b',
          message: 'imagePullPolicy: Never',
          fixTitle: /overrides the explicit `imagePullPolicy: Never`/,
        },
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
      name: 'a tag that only looks like a digest is not one: checked as a tag',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: app:sha256-9f86d081884c
      imagePullPolicy: IfNotPresent
`,
      findings: [
        { line: 9, column: 7, message: 'imagePullPolicy: IfNotPresent can run a stale cached image' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: app:sha256-9f86d081884c
      imagePullPolicy: Always
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
      findings: [{ line: 11, column: 37 }],
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
