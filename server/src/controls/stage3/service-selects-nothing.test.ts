import { testControl } from '../../testing/controlTester';
import control from './service-selects-nothing';

const service = `apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    app: cart
    tier: backend
  ports:
    - port: 80
      targetPort: 8080
`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    matchLabels:
      app: cart
  template:
    metadata:
      labels:
        app: cart
        tier: backend
        version: "2"
    spec:
      containers:
        - name: cart
          image: cart:1.0
`;

testControl(control, {
  valid: [
    {
      name: 'a Deployment in another file carries every selector label (and more)',
      code: service,
      files: { 'deployment.yaml': deployment },
    },
    {
      name: 'a bare Pod in the same file and namespace matches on its own labels',
      code: `${service}---
apiVersion: v1
kind: Pod
metadata:
  name: cart-debug
  namespace: shop
  labels: { app: cart, tier: backend }
spec:
  containers:
    - name: cart
      image: cart:1.0
`,
    },
    {
      name: 'a CronJob template counts as a workload pod template',
      code: `apiVersion: v1
kind: Service
metadata:
  name: report
spec:
  selector:
    job: report
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels:
            job: report
        spec:
          restartPolicy: Never
          containers:
            - name: report
              image: report:1.0
`,
    },
    {
      name: 'a Service without a selector (manual Endpoints) is not checked',
      code: `apiVersion: v1
kind: Service
metadata:
  name: external-db
spec:
  ports:
    - port: 5432
`,
    },
    {
      name: 'an ExternalName Service is not checked, even with a selector',
      code: `apiVersion: v1
kind: Service
metadata:
  name: mail
spec:
  type: ExternalName
  externalName: smtp.example.com
  selector:
    app: mail
`,
    },
    {
      name: 'other kinds are not checked',
      code: deployment,
    },
  ],
  invalid: [
    {
      name: 'no workload in the workspace at all',
      code: service,
      findings: [
        {
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          message:
            'Service shop/cart: no workload pod template in this workspace carries app=cart,tier=backend',
        },
      ],
      output: null,
    },
    {
      name: 'the only matching workload is in another namespace',
      code: service,
      files: { 'deployment.yaml': deployment.replace('namespace: shop', 'namespace: staging') },
      findings: [{ line: 7, column: 3, message: 'in namespace "shop" carries app=cart,tier=backend' }],
      output: null,
    },
    {
      name: 'a template carries only part of the selector, or a different value',
      code: `${service}---
${deployment.replace('        tier: backend\n', '        tier: frontend\n')}`,
      findings: [{ line: 7, column: 3, message: 'in namespace "shop"' }],
      output: null,
    },
    {
      name: 'the Deployment selector labels do not count, only its template labels',
      code: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: website
    spec:
      containers:
        - name: web
          image: web:1.0
`,
      findings: [{ line: 6, column: 3, endColumn: 11, message: 'in namespace "(none)" carries app=web' }],
      output: null,
    },
    {
      name: 'JSON manifest',
      path: 'svc.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Service",
  "metadata": { "name": "api", "namespace": "shop" },
  "spec": {
    "selector": { "app": "api" },
    "ports": [{ "port": 80 }]
  }
}
`,
      files: { 'deployment.yaml': deployment },
      findings: [{ line: 6, column: 5, message: 'carries app=api' }],
      output: null,
    },
    {
      name: 'exempt by the kube-linter annotation',
      code: service.replace(
        '  namespace: shop\n',
        '  namespace: shop\n  annotations:\n    ignore-check.kube-linter.io/dangling-service: "selects pods of another chart"\n',
      ),
      findings: [{ line: 9, column: 3, exempt: true }],
      output: null,
    },
    {
      name: 'exempt by a comment on the object',
      code: `# kube-maturity-ignore service-selects-nothing: pods are created by an operator\n${service}`,
      findings: [{ line: 8, column: 3, exempt: true }],
      output: null,
    },
  ],
});
