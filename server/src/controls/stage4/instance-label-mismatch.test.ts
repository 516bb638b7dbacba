import { testControl } from '../../testing/controlTester';
import control from './instance-label-mismatch';

const deployment = (instance: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  labels:
    app.kubernetes.io/name: cart
    app.kubernetes.io/instance: ${instance}
spec:
  template:
    metadata:
      labels:
        app.kubernetes.io/instance: cart-template
    spec:
      containers:
        - name: cart
          image: cart:1.0
`;

testControl(control, {
  valid: [
    {
      name: 'the label equals metadata.name (the pod template label is not checked)',
      code: deployment('cart'),
    },
    {
      name: 'quoted the same',
      code: deployment('"cart"'),
    },
    {
      name: 'a workload without the label is not checked',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  labels:
    app.kubernetes.io/name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
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
kind: Service
metadata:
  name: cart
  labels:
    app.kubernetes.io/instance: shop
`,
    },
    {
      name: 'a Pod named by generateName only is not checked',
      code: `apiVersion: v1
kind: Pod
metadata:
  generateName: migrate-
  labels:
    app.kubernetes.io/instance: migrate
spec:
  containers:
    - name: migrate
      image: migrate:1.0
`,
    },
  ],
  invalid: [
    {
      name: 'a Deployment labelled with its release name',
      code: deployment('shop'),
      findings: [
        {
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 37,
          message:
            'Deployment cart: label app.kubernetes.io/instance "shop" differs from metadata.name "cart"',
        },
      ],
      output: null,
    },
    {
      name: 'case matters; flow-style labels on a StatefulSet',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  labels: {app.kubernetes.io/instance: DB}
spec:
  serviceName: db
  template:
    spec:
      containers:
        - name: db
          image: postgres:16
`,
      findings: [{ line: 5, column: 12, message: '"DB" differs from metadata.name "db"' }],
      output: null,
    },
    {
      name: 'an empty label on a Job',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  labels:
    app.kubernetes.io/instance:
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: migrate:1.0
`,
      findings: [{ line: 6, column: 5, message: 'label app.kubernetes.io/instance "" differs' }],
      output: null,
    },
    {
      name: 'JSON manifest (Pod)',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {
    "name": "web-0",
    "labels": { "app.kubernetes.io/instance": "web" }
  },
  "spec": { "containers": [{ "name": "web", "image": "web:1.0" }] }
}
`,
      findings: [{ line: 6, column: 17, message: '"web" differs from metadata.name "web-0"' }],
      output: null,
    },
    {
      name: 'exempt by the Polaris annotation',
      code: deployment('shop').replace(
        '  labels:\n    app.kubernetes.io/name',
        '  annotations:\n    polaris.fairwinds.com/metadataAndInstanceMismatched-exempt: "true"\n  labels:\n    app.kubernetes.io/name',
      ),
      findings: [{ line: 9, column: 5, exempt: true }],
      output: null,
    },
  ],
});
