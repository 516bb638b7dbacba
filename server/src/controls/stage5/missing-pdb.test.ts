import { testControl } from '../../testing/controlTester';
import control from './missing-pdb';

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
    spec:
      containers:
        - name: cart
          image: cart:1.0
`;

testControl(control, {
  valid: [
    {
      name: 'a PDB in another file of the namespace selects the template',
      code: deployment,
      files: {
        'pdb.yaml': `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: cart
  namespace: shop
spec:
  minAvailable: 1
  selector:
    matchExpressions:
      - key: app
        operator: In
        values: [cart, cart-canary]
`,
      },
    },
    {
      name: 'a policy/v1 PDB with an empty selector covers every pod of its namespace',
      code: `${deployment}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: all
  namespace: shop
spec:
  maxUnavailable: 1
  selector: {}
`,
    },
    {
      name: 'DaemonSets and Jobs are not checked',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        - name: agent
          image: agent:1.0
`,
    },
  ],
  invalid: [
    {
      name: 'no PDB in the workspace: a new PDB document is appended',
      code: deployment,
      findings: [
        {
          line: 4,
          column: 3,
          message: 'no PodDisruptionBudget in this workspace selects app=cart,tier=backend',
        },
      ],
      output: `${deployment}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: cart-pdb
  namespace: shop
spec:
  # kube-maturity: at most one pod of this workload may be evicted at a time; review before applying
  maxUnavailable: 1
  selector:
    matchLabels:
      app: cart
      tier: backend
`,
    },
    {
      name: 'a PDB in another namespace does not count',
      code: deployment,
      files: {
        'other.yaml': `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: cart
  namespace: staging
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: cart
`,
      },
      findings: [{ line: 4, column: 3, message: 'in namespace "shop"' }],
      output: `${deployment}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: cart-pdb
  namespace: shop
spec:
  # kube-maturity: at most one pod of this workload may be evicted at a time; review before applying
  maxUnavailable: 1
  selector:
    matchLabels:
      app: cart
      tier: backend
`,
    },
    {
      name: 'exempt by the Polaris annotation: listed as exempt, no fix',
      code: deployment.replace(
        '  namespace: shop\n',
        '  namespace: shop\n  annotations:\n    polaris.fairwinds.com/missingPodDisruptionBudget-exempt: "true"\n',
      ),
      findings: [{ line: 4, column: 3, exempt: true }],
      output: null,
    },
  ],
});
