import { testControl } from '../../testing/controlTester';
import control from './duplicate-env-var';

testControl(control, {
  valid: [
    {
      name: 'distinct names, including names differing only in case',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: acme/web:1.0
          env:
            - name: MODE
              value: prod
            - name: mode
              value: prod
            - name: PORT
              valueFrom:
                configMapKeyRef: { name: web, key: port }
`,
    },
    {
      name: 'the same name in two containers is fine',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: acme/a:1.0
      env: [{ name: MODE, value: a }]
    - name: b
      image: acme/b:1.0
      env: [{ name: MODE, value: b }]
`,
    },
    {
      name: 'init containers are not checked',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: acme/setup:1.0
      env:
        - name: A
          value: "1"
        - name: A
          value: "2"
  containers:
    - name: app
      image: acme/app:1.0
`,
    },
  ],
  invalid: [
    {
      name: 'an entry between the two expands $(HOST) with the earlier value: removing it changes URL, so the fix is review',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1.0
          env:
            - name: HOST
              value: db.internal
            - name: URL
              value: http://$(HOST)/api
            - name: HOST
              value: db.shop.svc
`,
      findings: [
        {
          line: 16,
          column: 15,
          fixClass: 'review',
          fixTitle: 'an entry between them expands $(HOST) with the earlier value',
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
          image: app:1.0
          env:
            - name: URL
              value: http://$(HOST)/api
            - name: HOST
              value: db.shop.svc
`,
    },
    {
      name: 'a duplicate: finding on the later name, the earlier entry removed',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: acme/web:1.0
          env:
            - name: LOG_LEVEL   # old default
              value: info
            - name: PORT
              value: "8080"
            - name: LOG_LEVEL
              value: debug
`,
      findings: [
        {
          line: 16,
          column: 15,
          message:
            'Deployment web, container app: env "LOG_LEVEL" is declared again; the earlier entry (#1) is ignored',
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
        - name: app
          image: acme/web:1.0
          env:
            # old default
            - name: PORT
              value: "8080"
            - name: LOG_LEVEL
              value: debug
`,
    },
    {
      name: 'three entries with one name: two findings, only the last entry kept',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      containers:
      - name: run
        image: acme/run:1.0
        env:
        - name: A
          value: "1"
        - name: A
          valueFrom:
            secretKeyRef: {name: s, key: a}
        - name: A
          value: "3"
`,
      findings: [
        { line: 14, column: 11, message: 'env "A" is declared again; the earlier entry (#1) is ignored' },
        { line: 17, column: 11, message: 'env "A" is declared again; the earlier entry (#2) is ignored' },
      ],
      output: `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      containers:
      - name: run
        image: acme/run:1.0
        env:
        - name: A
          value: "3"
`,
    },
    {
      name: 'flow-style env list',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: acme/app:1.0
      env: [{name: A, value: x}, {name: B, value: y}, {name: A, value: z}]
`,
      findings: [{ line: 9, column: 56, container: 'app' }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: acme/app:1.0
      env: [{name: B, value: y}, {name: A, value: z}]
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
        "image": "acme/app:1.0",
        "env": [
          { "name": "A", "value": "x" },
          { "name": "A", "value": "y" }
        ]
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
        "image": "acme/app:1.0",
        "env": [
          { "name": "A", "value": "y" }
        ]
      }
    ]
  }
}
`,
    },
    {
      name: 'an alias repeating an anchored entry: reported at the alias, not removed',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: acme/app:1.0
      env:
        - &region
          name: REGION
          value: eu
        - *region
`,
      findings: [{ line: 13, column: 11, message: 'env "REGION" is declared again' }],
      output: null,
    },
    {
      name: 'exempt by the kube-score annotation',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    kube-score/ignore: environment-variable-key-duplication
spec:
  containers:
    - name: app
      image: acme/app:1.0
      env:
        - name: A
          value: x
        - name: A
          value: y
`,
      findings: [{ line: 14, column: 11, exempt: true }],
      output: null,
    },
  ],
});
