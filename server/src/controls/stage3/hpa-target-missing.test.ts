import { testControl } from '../../testing/controlTester';
import control from './hpa-target-missing';

const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
  namespace: shop
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: cart
  minReplicas: 2
  maxReplicas: 10
`;

const workload = (kind: string, name: string, namespace = 'shop') => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: app
          image: app:1.0
`;

testControl(control, {
  valid: [
    {
      name: 'the target Deployment is in another file of the namespace',
      code: hpa,
      files: { 'deployment.yaml': workload('Deployment', 'cart') },
    },
    {
      name: 'a StatefulSet target in the same file, in the unnamed namespace',
      code: `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: db
spec:
  scaleTargetRef: {kind: StatefulSet, name: db}
  maxReplicas: 3
---
${workload('StatefulSet', 'db').replace('  namespace: shop\n', '')}`,
    },
    {
      name: 'other kinds are not checked',
      code: workload('Deployment', 'cart'),
    },
  ],
  invalid: [
    {
      name: 'no object of the target kind in the workspace',
      code: hpa,
      findings: [
        {
          line: 10,
          column: 5,
          endLine: 10,
          endColumn: 15,
          message: 'HorizontalPodAutoscaler shop/cart: no Deployment "cart" in this workspace',
        },
      ],
      output: null,
    },
    {
      name: 'the Deployment exists under another name, in another namespace, or as another kind',
      code: hpa,
      files: {
        'workloads.yaml': [
          workload('Deployment', 'checkout'),
          workload('Deployment', 'cart', 'staging'),
          workload('StatefulSet', 'cart'),
        ].join('---\n'),
      },
      findings: [{ line: 10, column: 5, message: 'no Deployment "cart" in namespace "shop"' }],
      output: null,
    },
    {
      name: 'scaleTargetRef without a name, and an HPA without scaleTargetRef',
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: a
spec:
  scaleTargetRef:
    kind: Deployment
  maxReplicas: 3
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: b
spec:
  maxReplicas: 3
`,
      files: { 'deployment.yaml': workload('Deployment', 'a', '') },
      findings: [
        { line: 6, column: 3, message: 'HorizontalPodAutoscaler a: spec.scaleTargetRef has no name' },
        { line: 14, column: 1, message: 'HorizontalPodAutoscaler b: no spec.scaleTargetRef' },
      ],
      output: null,
    },
    {
      name: 'JSON manifest',
      path: 'hpa.json',
      code: `{
  "apiVersion": "autoscaling/v2",
  "kind": "HorizontalPodAutoscaler",
  "metadata": { "name": "api" },
  "spec": {
    "scaleTargetRef": { "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "name": "api" },
    "maxReplicas": 4
  }
}
`,
      findings: [{ line: 6, column: 82, message: 'no Rollout "api" in this workspace' }],
      output: null,
    },
    {
      name: 'exempt by the kube-score annotation',
      code: hpa.replace(
        '  namespace: shop\n',
        '  namespace: shop\n  annotations:\n    kube-score/ignore: horizontalpodautoscaler-has-target\n',
      ),
      findings: [{ line: 12, column: 5, exempt: true }],
      output: null,
    },
  ],
});
