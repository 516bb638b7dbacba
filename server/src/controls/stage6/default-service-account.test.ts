import { testControl } from '../../testing/controlTester';
import control from './default-service-account';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

testControl(control, {
  valid: [
    {
      name: 'a dedicated ServiceAccount',
      code: deployment.replace(
        '    spec:\n      containers:',
        '    spec:\n      serviceAccountName: web\n      containers:',
      ),
    },
    {
      name: 'the deprecated serviceAccount field naming a dedicated account',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: builder
spec:
  serviceAccount: builder
  containers:
    - name: build
      image: builder:1.0
`,
    },
    {
      name: 'objects without a pod spec are not checked',
      code: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
`,
    },
  ],
  invalid: [
    {
      name: 'no serviceAccountName: a ServiceAccount is appended and serviceAccountName set, in one fix',
      code: deployment,
      findings: [
        {
          line: 11,
          column: 5,
          message: `Deployment shop/web: no serviceAccountName: the pod runs as the namespace's default ServiceAccount`,
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
      serviceAccountName: web
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
automountServiceAccountToken: false
`,
    },
    {
      name: 'serviceAccountName: default on a Pod of the unnamed namespace: value replaced',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  serviceAccountName: "default"
  containers:
  - name: worker
    image: worker:1.0
`,
      findings: [
        {
          line: 6,
          column: 3,
          endColumn: 32,
          message:
            "serviceAccountName: default shares the namespace's default ServiceAccount with every other pod",
        },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  serviceAccountName: "worker"
  containers:
  - name: worker
    image: worker:1.0
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: worker
automountServiceAccountToken: false
`,
    },
    {
      name: 'the deprecated serviceAccount: default; a ServiceAccount named after the workload already exists',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: jobs
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          serviceAccount: default
          restartPolicy: OnFailure
          containers:
            - name: run
              image: nightly:1.0
`,
      files: {
        'sa.yaml': `apiVersion: v1
kind: ServiceAccount
metadata:
  name: nightly
  namespace: jobs
`,
      },
      findings: [{ line: 12, column: 11, message: 'serviceAccount: default shares' }],
      output: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: jobs
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          serviceAccount: default
          restartPolicy: OnFailure
          containers:
            - name: run
              image: nightly:1.0
          serviceAccountName: nightly
`,
    },
    {
      name: 'JSON manifest: no new document can be appended, so no fix is offered',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": { "containers": [{ "name": "app", "image": "app:1.0" }] }
}
`,
      findings: [{ line: 4, column: 17 }],
      output: null,
    },
    {
      name: 'exempt by the kube-linter annotation',
      code: deployment.replace(
        '  namespace: shop\n',
        '  namespace: shop\n  annotations:\n    ignore-check.kube-linter.io/default-service-account: "uses no API"\n',
      ),
      findings: [{ line: 13, column: 5, exempt: true }],
      output: null,
    },
  ],
});
