import { testControl } from '../../testing/controlTester';
import control from './pdb-blocks-eviction';

const workload = (kind: string, name: string, replicas: string) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: shop
spec:
${replicas}  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
        tier: backend
    spec:
      containers:
        - name: ${name}
          image: ${name}:1.0
`;

const budget = (name: string, body: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  namespace: shop
spec:
${body}`;

const hpa = (target: string, minReplicas: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${target}
  namespace: shop
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${target}
${minReplicas}  maxReplicas: 8
`;

testControl(control, {
  valid: [
    {
      name: 'maxUnavailable: 1',
      code: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: cart
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: cart
`,
    },
    {
      name: 'minAvailable as a count or a percentage below 100%',
      code: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: cart
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app: cart
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 50%
  selector:
    matchLabels:
      app: web
`,
    },
    {
      name: 'an integer minAvailable below the replicas of the Deployment it selects',
      code: budget('cart', '  minAvailable: 2\n  selector:\n    matchLabels:\n      app: cart\n'),
      files: { 'cart.yaml': workload('Deployment', 'cart', '  replicas: 3\n') },
    },
    {
      name: 'minAvailable below the minReplicas of the HPA that targets the Deployment (replicas left out)',
      code: budget('cart', '  minAvailable: 2\n  selector:\n    matchLabels:\n      app: cart\n'),
      files: {
        'cart.yaml': workload('Deployment', 'cart', ''),
        'hpa.yaml': hpa('cart', '  minReplicas: 3\n'),
      },
    },
    {
      name: 'minAvailable below the pods of all the workloads it selects together (2 + 2)',
      code: budget('backend', '  minAvailable: 3\n  selector:\n    matchLabels:\n      tier: backend\n'),
      files: {
        'workloads.yaml': `${workload('Deployment', 'cart', '  replicas: 2\n')}---
${workload('StatefulSet', 'orders', '  replicas: 2\n')}`,
      },
    },
    {
      name: 'a DaemonSet cannot be counted: an integer minAvailable over it is not judged',
      code: budget('agent', '  minAvailable: 1\n  selector:\n    matchLabels:\n      app: agent\n'),
      files: { 'agent.yaml': workload('DaemonSet', 'agent', '') },
    },
    {
      name: 'a workload of another namespace is not selected',
      code: budget('cart', '  minAvailable: 1\n  selector:\n    matchLabels:\n      app: cart\n'),
      files: {
        'cart.yaml': workload('Deployment', 'cart', '').replace('namespace: shop', 'namespace: staging'),
      },
    },
    {
      name: 'other kinds with the same field names are not checked',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
spec:
  strategy:
    rollingUpdate:
      maxUnavailable: 0
`,
    },
  ],
  invalid: [
    {
      name: 'maxUnavailable: 0 is replaced',
      code: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: cart
  namespace: shop
spec:
  maxUnavailable: 0 # never evict
  selector:
    matchLabels:
      app: cart
`,
      findings: [
        {
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 20,
          message: 'PodDisruptionBudget shop/cart: maxUnavailable: 0 allows no pod to be evicted',
          fixClass: 'review',
          fixTitle: 'Set maxUnavailable: 1 (overrides the explicit `maxUnavailable: 0`)',
        },
      ],
      output: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: cart
  namespace: shop
spec:
  maxUnavailable: 1 # never evict
  selector:
    matchLabels:
      app: cart
`,
    },
    {
      name: 'minAvailable: 100% becomes maxUnavailable: 1 in place (policy/v1beta1 too)',
      code: `apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: db
spec:
  selector:
    matchLabels:
      app: db
  minAvailable: "100%"
`,
      findings: [
        {
          line: 9,
          column: 3,
          message: 'minAvailable: 100% allows no pod to be evicted',
          fixTitle:
            'Replace minAvailable: 100% with maxUnavailable: 1 (overrides the explicit `minAvailable: 100%`)',
        },
      ],
      output: `apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: db
spec:
  selector:
    matchLabels:
      app: db
  maxUnavailable: 1
`,
    },
    {
      name: 'minAvailable equal to the replicas of the Deployment it selects, in another file: renamed in place',
      code: budget(
        'cart',
        '  minAvailable: 3 # keep them all\n  selector:\n    matchLabels:\n      app: cart\n',
      ),
      files: { 'cart.yaml': workload('Deployment', 'cart', '  replicas: 3\n') },
      findings: [
        {
          line: 7,
          column: 3,
          message:
            'PodDisruptionBudget shop/cart: minAvailable: 3 allows no pod to be evicted: Deployment shop/cart runs 3 pods (replicas: 3)',
          fixClass: 'review',
          fixTitle:
            'Replace minAvailable: 3 with maxUnavailable: 1 (overrides the explicit `minAvailable: 3`)',
        },
      ],
      output: budget(
        'cart',
        '  maxUnavailable: 1 # keep them all\n  selector:\n    matchLabels:\n      app: cart\n',
      ),
    },
    {
      name: 'minAvailable: 1 on a StatefulSet without replicas (1 pod), in the same file',
      code: `${workload('StatefulSet', 'db', '')}---
${budget('db', '  selector:\n    matchLabels:\n      app: db\n  minAvailable: 1\n')}`,
      findings: [
        {
          line: 29,
          column: 3,
          message:
            'minAvailable: 1 allows no pod to be evicted: StatefulSet shop/db runs 1 pod (replicas not set)',
        },
      ],
      output: `${workload('StatefulSet', 'db', '')}---
${budget('db', '  selector:\n    matchLabels:\n      app: db\n  maxUnavailable: 1\n')}`,
    },
    {
      name: "an HPA's minReplicas counts, not replicas: the Deployment may scale down to 2",
      code: budget('cart', '  minAvailable: 2\n  selector:\n    matchLabels:\n      app: cart\n'),
      files: {
        'cart.yaml': workload('Deployment', 'cart', '  replicas: 5\n'),
        'hpa.yaml': hpa('cart', '  minReplicas: 2\n'),
      },
      findings: [
        {
          line: 7,
          column: 3,
          message:
            'minAvailable: 2 allows no pod to be evicted: Deployment shop/cart runs 2 pods (minReplicas: 2 on HorizontalPodAutoscaler "cart")',
        },
      ],
      output: budget('cart', '  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: cart\n'),
    },
    {
      name: 'a policy/v1 empty selector selects every workload of the namespace: their pods are added up',
      code: budget('all', '  minAvailable: 3\n  selector: {}\n'),
      files: {
        'workloads.yaml': `${workload('Deployment', 'cart', '  replicas: 2\n')}---
apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: shop
spec:
  containers:
    - name: shell
      image: busybox:1.36
`,
      },
      findings: [
        {
          line: 7,
          column: 3,
          message:
            'minAvailable: 3 allows no pod to be evicted: the workloads it selects run 3 pods (Deployment shop/cart: replicas: 2; Pod shop/debug: a single Pod)',
        },
      ],
      output: budget('all', '  maxUnavailable: 1\n  selector: {}\n'),
    },
    {
      name: 'a Deployment still being written (a template without a spec) is selected by its template labels',
      code: budget('cart', '  minAvailable: 2\n  selector:\n    matchLabels:\n      app: cart\n'),
      files: {
        'cart.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  replicas: 2
  template:
    metadata:
      labels:
        app: cart
`,
      },
      findings: [{ line: 7, column: 3, message: 'Deployment shop/cart runs 2 pods (replicas: 2)' }],
      output: budget('cart', '  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: cart\n'),
    },
    {
      name: 'JSON manifest with maxUnavailable "0%"',
      path: 'pdb.json',
      code: `{
  "apiVersion": "policy/v1",
  "kind": "PodDisruptionBudget",
  "metadata": { "name": "cart" },
  "spec": {
    "maxUnavailable": "0%",
    "selector": { "matchLabels": { "app": "cart" } }
  }
}
`,
      findings: [{ line: 6, column: 5, message: 'maxUnavailable: 0% allows' }],
      output: `{
  "apiVersion": "policy/v1",
  "kind": "PodDisruptionBudget",
  "metadata": { "name": "cart" },
  "spec": {
    "maxUnavailable": 1,
    "selector": { "matchLabels": { "app": "cart" } }
  }
}
`,
    },
    {
      name: 'JSON manifest with minAvailable "100%": the key is renamed',
      path: 'pdb.json',
      code: `{
  "apiVersion": "policy/v1",
  "kind": "PodDisruptionBudget",
  "metadata": { "name": "cart" },
  "spec": { "minAvailable": "100%", "selector": { "matchLabels": { "app": "cart" } } }
}
`,
      findings: [{ line: 5, column: 13 }],
      output: `{
  "apiVersion": "policy/v1",
  "kind": "PodDisruptionBudget",
  "metadata": { "name": "cart" },
  "spec": { "maxUnavailable": 1, "selector": { "matchLabels": { "app": "cart" } } }
}
`,
    },
    {
      name: 'both set (rejected by the API anyway): two findings, minAvailable removed',
      code: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: cart
spec:
  minAvailable: 100%
  maxUnavailable: 0
  selector:
    matchLabels:
      app: cart
`,
      findings: [
        { line: 6, column: 3, message: 'minAvailable' },
        { line: 7, column: 3, message: 'maxUnavailable' },
      ],
      output: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: cart
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: cart
`,
    },
    {
      name: 'exempt by the kube-linter annotation: listed as exempt, no fix',
      code: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: singleton
  annotations:
    ignore-check.kube-linter.io/pdb-max-unavailable: "the job must never be interrupted"
spec:
  maxUnavailable: 0
  selector:
    matchLabels:
      app: singleton
`,
      findings: [{ line: 8, column: 3, exempt: true }],
      output: null,
    },
  ],
});
