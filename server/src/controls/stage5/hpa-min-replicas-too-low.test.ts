import { DEFAULT_FIX_DEFAULTS } from '../../engine/config';
import { testControl } from '../../testing/controlTester';
import control from './hpa-min-replicas-too-low';

testControl(control, {
  valid: [
    {
      name: 'minReplicas: 3',
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: cart
  minReplicas: 3
  maxReplicas: 10
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
  minReplicaCount: 0
`,
    },
  ],
  invalid: [
    {
      name: 'minReplicas missing: inserted into spec',
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: cart
  maxReplicas: 10
`,
      findings: [
        {
          line: 5,
          column: 1,
          message:
            'HorizontalPodAutoscaler cart: no minReplicas (defaults to 1): it can scale down to a single pod',
        },
      ],
      output: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: cart
  maxReplicas: 10
  minReplicas: 2
`,
    },
    {
      name: 'minReplicas: 1 is replaced (autoscaling/v1)',
      code: `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  minReplicas: 1 # quiet at night
  maxReplicas: 4
  scaleTargetRef: {kind: Deployment, name: cart}
`,
      findings: [
        { line: 6, column: 3, endColumn: 17, message: 'minReplicas: 1 lets it scale down to a single pod' },
      ],
      output: `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  minReplicas: 2 # quiet at night
  maxReplicas: 4
  scaleTargetRef: {kind: Deployment, name: cart}
`,
    },
    {
      name: 'the fix uses fixDefaults.hpaMinReplicas when it is larger than 2',
      settings: { fixDefaults: { ...DEFAULT_FIX_DEFAULTS, hpaMinReplicas: 3 } },
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  minReplicas: 0
  maxReplicas: 4
`,
      findings: [{ line: 6, column: 3, message: 'minReplicas: 0 lets it scale down to no pod' }],
      output: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  minReplicas: 3
  maxReplicas: 4
`,
    },
    {
      name: 'no spec: spec is created',
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
`,
      findings: [{ line: 4, column: 3 }],
      output: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  minReplicas: 2
`,
    },
    {
      name: 'JSON manifest without minReplicas',
      path: 'hpa.json',
      code: `{
  "apiVersion": "autoscaling/v2",
  "kind": "HorizontalPodAutoscaler",
  "metadata": { "name": "cart" },
  "spec": {
    "scaleTargetRef": { "apiVersion": "apps/v1", "kind": "Deployment", "name": "cart" },
    "maxReplicas": 5
  }
}
`,
      findings: [{ line: 5, column: 3 }],
      output: `{
  "apiVersion": "autoscaling/v2",
  "kind": "HorizontalPodAutoscaler",
  "metadata": { "name": "cart" },
  "spec": {
    "scaleTargetRef": { "apiVersion": "apps/v1", "kind": "Deployment", "name": "cart" },
    "maxReplicas": 5,
    "minReplicas": 2
  }
}
`,
    },
    {
      name: 'maxReplicas: 1 leaves no room for minReplicas: 2: no fix offered',
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  minReplicas: 1
  maxReplicas: 1
`,
      findings: [{ line: 6, column: 3 }],
      output: null,
    },
    {
      name: 'exempt by the Polaris annotation: listed as exempt, no fix',
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: batch
  annotations:
    polaris.fairwinds.com/hpaMinAvailability-exempt: "true"
spec:
  minReplicas: 1
  maxReplicas: 8
`,
      findings: [{ line: 8, column: 3, exempt: true }],
      output: null,
    },
  ],
});
