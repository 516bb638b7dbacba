import { testControl } from '../../testing/controlTester';
import control from './missing-recommended-labels';

testControl(control, {
  valid: [
    {
      name: 'the label on a pod template that has no spec yet (a manifest being written) counts',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
`,
    },
    {
      name: 'the label on the object',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  labels:
    app.kubernetes.io/name: shop
spec:
  template:
    spec:
      containers:
        - name: cart
          image: cart:1.0
`,
    },
    {
      name: 'the label on the CronJob pod template only',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels:
            app.kubernetes.io/name: report
        spec:
          restartPolicy: Never
          containers:
            - name: run
              image: report:1.0
`,
    },
    {
      name: 'objects that are not workloads are not checked',
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
`,
    },
  ],
  invalid: [
    {
      name: 'labels anchored and aliased by the selector and the template: the label would change them too, so the fix is review',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &labels
    app: web
spec:
  replicas: 2
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels: *labels
    spec:
      containers:
        - name: web
          image: nginx:1.25
`,
      findings: [
        { line: 5, column: 3, fixClass: 'review', fixTitle: 'also changes every alias of `&labels`' },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &labels
    app: web
    app.kubernetes.io/name: web
spec:
  replicas: 2
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels: *labels
    spec:
      containers:
        - name: web
          image: nginx:1.25
`,
    },
    {
      name: 'labels without the name label: added to them, finding on labels',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  labels:
    team: payments   # owner
spec:
  template:
    metadata:
      labels:
        app: cart
    spec:
      containers:
        - name: cart
          image: cart:1.0
`,
      findings: [
        {
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 9,
          message: 'Deployment cart: no app.kubernetes.io/name label on the object or its pod template',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  labels:
    team: payments   # owner
    app.kubernetes.io/name: cart
spec:
  template:
    metadata:
      labels:
        app: cart
    spec:
      containers:
        - name: cart
          image: cart:1.0
`,
    },
    {
      name: 'no labels at all on a StatefulSet: the labels map is created, finding on metadata.name',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
    name: db
    namespace: data
spec:
    serviceName: db
    template:
        spec:
            containers:
                - name: db
                  image: postgres:16
`,
      findings: [{ line: 4, column: 5, endLine: 4, endColumn: 13 }],
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
    name: db
    namespace: data
    labels:
        app.kubernetes.io/name: db
spec:
    serviceName: db
    template:
        spec:
            containers:
                - name: db
                  image: postgres:16
`,
    },
    {
      name: 'flow-style labels on a Pod with an empty name label: the empty value is replaced',
      code: `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web, app.kubernetes.io/name: ""}}
spec:
  containers:
    - name: web
      image: web:1.0
`,
      findings: [{ line: 3, column: 23 }],
      output: `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web, app.kubernetes.io/name: "web"}}
spec:
  containers:
    - name: web
      image: web:1.0
`,
    },
    {
      name: 'JSON manifest (Job)',
      path: 'job.json',
      code: `{
  "apiVersion": "batch/v1",
  "kind": "Job",
  "metadata": {
    "name": "migrate"
  },
  "spec": {
    "template": { "spec": { "restartPolicy": "Never", "containers": [{ "name": "m", "image": "m:1" }] } }
  }
}
`,
      findings: [{ line: 5, column: 5 }],
      output: `{
  "apiVersion": "batch/v1",
  "kind": "Job",
  "metadata": {
    "name": "migrate",
    "labels": {
      "app.kubernetes.io/name": "migrate"
    }
  },
  "spec": {
    "template": { "spec": { "restartPolicy": "Never", "containers": [{ "name": "m", "image": "m:1" }] } }
  }
}
`,
    },
    {
      name: "kube-score's label-values annotation does not exempt it: not an equivalent (catalog 1.1)",
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  annotations:
    kube-score/ignore: label-values
spec:
  template:
    spec:
      containers:
        - name: agent
          image: agent:1.0
`,
      findings: [{ line: 4, column: 3, exempt: false, fixClass: 'safe' }],
      output: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  annotations:
    kube-score/ignore: label-values
  labels:
    app.kubernetes.io/name: agent
spec:
  template:
    spec:
      containers:
        - name: agent
          image: agent:1.0
`,
    },
  ],
});
