import { testControl } from '../../testing/controlTester';
import control from './pdb-blocks-eviction';

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
      findings: [{ line: 9, column: 3, message: 'minAvailable: 100% allows no pod to be evicted' }],
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
