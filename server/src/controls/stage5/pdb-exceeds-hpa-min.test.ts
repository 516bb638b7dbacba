import { testControl } from '../../testing/controlTester';
import control from './pdb-exceeds-hpa-min';

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
    spec:
      containers:
        - name: cart
          image: cart:1.0
`;

const pdb = (budget: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: cart
  namespace: shop
spec:
  ${budget}
  selector:
    matchLabels:
      app: cart
`;

const hpa = (minReplicas: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart-hpa
  namespace: shop
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: cart
${minReplicas}  maxReplicas: 10
`;

testControl(control, {
  valid: [
    {
      name: 'minAvailable equal to minReplicas',
      code: deployment,
      files: { 'pdb.yaml': pdb('minAvailable: 2'), 'hpa.yaml': hpa('  minReplicas: 2\n') },
    },
    {
      name: 'a percentage is resolved against minReplicas, rounding up: 100% of 2 is 2',
      code: deployment,
      files: { 'pdb.yaml': pdb('minAvailable: 100%'), 'hpa.yaml': hpa('  minReplicas: 2\n') },
    },
    {
      name: 'a maxUnavailable budget follows the replica count',
      code: deployment,
      files: { 'pdb.yaml': pdb('maxUnavailable: 1'), 'hpa.yaml': hpa('') },
    },
    {
      name: 'an HPA without minReplicas passes here, in the same file (hpa-min-replicas-too-low reports it)',
      code: `${deployment}---
${pdb('minAvailable: 2')}---
${hpa('')}`,
    },
    {
      name: 'an HPA without minReplicas beside one that has it: only the one with a minimum is compared',
      code: deployment,
      files: {
        'pdb.yaml': pdb('minAvailable: 2'),
        'hpa.yaml': `${hpa('')}---
${hpa('  minReplicas: 2\n').replace('name: cart-hpa', 'name: cart-hpa-2')}`,
      },
    },
    {
      name: 'not applicable without an HPA targeting the Deployment',
      code: deployment,
      files: {
        'pdb.yaml': pdb('minAvailable: 5'),
        'hpa.yaml': hpa('  minReplicas: 2\n').replace(
          'name: cart\n  minReplicas',
          'name: web\n  minReplicas',
        ),
      },
    },
    {
      name: 'not applicable when the PDB selects other pods; StatefulSets are not checked',
      code: `${deployment}---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cart
  namespace: shop
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
      files: {
        'pdb.yaml': pdb('minAvailable: 5').replace('app: cart', 'app: web'),
        'hpa.yaml': hpa('  minReplicas: 2\n').replace('kind: Deployment', 'kind: StatefulSet'),
      },
    },
  ],
  invalid: [
    {
      name: 'minAvailable above minReplicas, all in other files: finding on the Deployment',
      code: deployment,
      files: { 'pdb.yaml': pdb('minAvailable: 3'), 'hpa.yaml': hpa('  minReplicas: 2\n') },
      findings: [
        {
          line: 4,
          column: 3,
          message:
            'Deployment shop/cart: PodDisruptionBudget "cart" has minAvailable: 3, above minReplicas: 2 of HorizontalPodAutoscaler "cart-hpa": at that size no pod can be evicted',
        },
      ],
      output: null,
    },
    {
      name: 'a policy/v1 PDB with an empty selector covers the Deployment; a percentage above 100%',
      code: deployment,
      files: {
        'pdb.yaml': `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: all
  namespace: shop
spec:
  minAvailable: 150%
  selector: {}
`,
        'hpa.yaml': hpa('  minReplicas: 2\n'),
      },
      findings: [
        { line: 4, column: 3, message: 'PodDisruptionBudget "all" has minAvailable: 150% (3 pods)' },
      ],
      output: null,
    },
    {
      name: 'two HPAs, one without minReplicas: the one with minReplicas: 1 is still compared',
      code: deployment,
      files: {
        'pdb.yaml': pdb('minAvailable: 2'),
        'hpa.yaml': `${hpa('')}---
${hpa('  minReplicas: 1\n').replace('name: cart-hpa', 'name: cart-hpa-low')}`,
      },
      findings: [
        {
          line: 4,
          column: 3,
          message:
            'PodDisruptionBudget "cart" has minAvailable: 2, above minReplicas: 1 of HorizontalPodAutoscaler "cart-hpa-low"',
        },
      ],
      output: null,
    },
    {
      name: 'exempt by the Polaris annotation',
      code: deployment.replace(
        '  namespace: shop\n',
        '  namespace: shop\n  annotations:\n    polaris.fairwinds.com/pdbMinAvailableGreaterThanHPAMinReplicas-exempt: "true"\n',
      ),
      files: { 'pdb.yaml': pdb('minAvailable: 4'), 'hpa.yaml': hpa('  minReplicas: 3\n') },
      findings: [{ line: 4, column: 3, exempt: true }],
      output: null,
    },
  ],
});
