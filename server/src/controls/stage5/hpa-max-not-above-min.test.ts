import { testControl } from '../../testing/controlTester';
import control from './hpa-max-not-above-min';

testControl(control, {
  valid: [
    {
      name: 'maxReplicas above minReplicas',
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: cart}
  minReplicas: 2
  maxReplicas: 3
`,
    },
    {
      name: 'maxReplicas: 2 with minReplicas defaulting to 1 (autoscaling/v1)',
      code: `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  maxReplicas: 2
  targetCPUUtilizationPercentage: 70
`,
    },
    {
      name: 'KEDA ScaledObjects are not checked',
      code: `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: worker
spec:
  scaleTargetRef:
    name: worker
  minReplicaCount: 3
  maxReplicaCount: 3
`,
    },
  ],
  invalid: [
    {
      name: 'maxReplicas equal to minReplicas',
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  minReplicas: 3
  maxReplicas: 3
`,
      findings: [
        {
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 17,
          message:
            'HorizontalPodAutoscaler cart: maxReplicas: 3 is not above minReplicas: 3: it can never add a pod',
        },
      ],
      output: null,
    },
    {
      name: 'maxReplicas below minReplicas',
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  maxReplicas: 2
  minReplicas: 4
`,
      findings: [{ line: 6, column: 3, message: 'maxReplicas: 2 is not above minReplicas: 4' }],
      output: null,
    },
    {
      name: 'maxReplicas: 1 without minReplicas (defaults to 1)',
      code: `apiVersion: autoscaling/v2beta2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  maxReplicas: 1
`,
      findings: [{ line: 6, column: 3, message: 'maxReplicas: 1 is not above the default minReplicas of 1' }],
      output: null,
    },
    {
      name: 'maxReplicas missing: finding on spec',
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  minReplicas: 2
`,
      findings: [
        { line: 5, column: 1, message: 'no maxReplicas: it has no room to scale above minReplicas: 2' },
      ],
      output: null,
    },
    {
      name: 'JSON manifest, no spec at all: finding on the name',
      path: 'hpa.json',
      code: `{
  "apiVersion": "autoscaling/v2",
  "kind": "HorizontalPodAutoscaler",
  "metadata": { "name": "cart" }
}
`,
      findings: [{ line: 4, column: 17, message: 'no maxReplicas' }],
      output: null,
    },
    {
      name: 'exempt by the own annotation',
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: pinned
  annotations:
    kube-maturity.io/ignore: "hpa-max-not-above-min"
spec:
  minReplicas: 3
  maxReplicas: 3
`,
      findings: [{ line: 9, column: 3, exempt: true }],
      output: null,
    },
  ],
});
