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
          fixClass: 'draft',
          fixTitle: 'Add a PodDisruptionBudget cart-pdb (maxUnavailable: 1) selecting app=cart',
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
`,
    },
    {
      name: 'a StatefulSet with a version label and a selector with matchExpressions: the budget copies the selector',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: kafka
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: kafka
    matchExpressions:
      - key: app.kubernetes.io/component
        operator: In
        values: [broker]
  template:
    metadata:
      labels:
        app.kubernetes.io/name: kafka
        app.kubernetes.io/component: broker
        app.kubernetes.io/version: "3.7.0"
    spec:
      containers:
        - name: kafka
          image: kafka:3.7.0
`,
      findings: [
        {
          line: 4,
          column: 3,
          message:
            'StatefulSet kafka: no PodDisruptionBudget in this workspace selects app.kubernetes.io/name=kafka,app.kubernetes.io/component=broker,app.kubernetes.io/version=3.7.0',
          fixClass: 'draft',
        },
      ],
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: kafka
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: kafka
    matchExpressions:
      - key: app.kubernetes.io/component
        operator: In
        values: [broker]
  template:
    metadata:
      labels:
        app.kubernetes.io/name: kafka
        app.kubernetes.io/component: broker
        app.kubernetes.io/version: "3.7.0"
    spec:
      containers:
        - name: kafka
          image: kafka:3.7.0
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: kafka-pdb
spec:
  # kube-maturity: at most one pod of this workload may be evicted at a time; review before applying
  maxUnavailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: kafka
    matchExpressions:
      - key: app.kubernetes.io/component
        operator: In
        values:
          - broker
`,
    },
    {
      name: 'a Deployment without spec.selector: reported, the fix withheld (nothing stable to select by)',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: draft
spec:
  template:
    metadata:
      labels:
        app: draft
        version: v1
    spec:
      containers:
        - name: app
          image: app:1.0
`,
      findings: [
        {
          line: 4,
          column: 3,
          fixWithheld: 'the workload has no spec.selector.matchLabels to select its pods by',
        },
      ],
      output: null,
    },
    {
      name: 'JSON manifest: reported, the fix withheld (no document can be appended)',
      path: 'deploy.json',
      code: `{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": { "name": "web" },
  "spec": {
    "selector": { "matchLabels": { "app": "web" } },
    "template": {
      "metadata": { "labels": { "app": "web" } },
      "spec": { "containers": [{ "name": "web", "image": "web:1.0" }] }
    }
  }
}
`,
      findings: [{ line: 4, column: 17, fixWithheld: 'cannot be appended to a JSON file' }],
      output: null,
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
