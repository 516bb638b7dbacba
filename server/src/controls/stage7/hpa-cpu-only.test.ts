import { testControl } from '../../testing/controlTester';
import control from './hpa-cpu-only';

testControl(control, {
  valid: [
    {
      name: 'CPU and memory',
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: cart}
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 70}
    - type: Resource
      resource:
        name: memory
        target: {type: Utilization, averageUtilization: 80}
`,
    },
    {
      name: 'a Pods metric alone (v2beta2)',
      code: `apiVersion: autoscaling/v2beta2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  maxReplicas: 10
  metrics:
    - type: Pods
      pods:
        metric:
          name: http_requests_per_second
        target:
          type: AverageValue
          averageValue: "100"
`,
    },
    {
      name: 'an External metric beside CPU (v2beta1 fields)',
      code: `apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata:
  name: worker
spec:
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        targetAverageUtilization: 80
    - type: External
      external:
        metricName: queue_messages_ready
        targetAverageValue: "30"
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
  triggers:
    - type: cpu
      metricType: Utilization
      metadata:
        value: "60"
`,
    },
  ],
  invalid: [
    {
      name: 'autoscaling/v1: always CPU, finding on targetCPUUtilizationPercentage',
      code: `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: cart}
  maxReplicas: 10
  targetCPUUtilizationPercentage: 70
`,
      findings: [
        {
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 37,
          message: 'HorizontalPodAutoscaler cart: autoscaling/v1 scales on CPU utilisation alone',
        },
      ],
      output: null,
    },
    {
      name: 'autoscaling/v1 without a target (defaults to 80% CPU): finding on spec',
      code: `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  maxReplicas: 10
`,
      findings: [{ line: 5, column: 1 }],
      output: null,
    },
    {
      name: 'v2 with a single CPU metric: finding on metrics',
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`,
      findings: [{ line: 7, column: 3, message: 'its only metric is CPU: it scales on CPU alone' }],
      output: null,
    },
    {
      name: 'Resource and ContainerResource cpu metrics only',
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
spec:
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
    - type: ContainerResource
      containerResource: {name: cpu, container: app, target: {type: Utilization, averageUtilization: 60}}
`,
      findings: [{ line: 7, column: 3, message: 'all 2 metrics are CPU' }],
      output: null,
    },
    {
      name: 'v2 without metrics (defaults to CPU), JSON',
      path: 'hpa.json',
      code: `{
  "apiVersion": "autoscaling/v2",
  "kind": "HorizontalPodAutoscaler",
  "metadata": { "name": "cart" },
  "spec": { "maxReplicas": 4, "metrics": [] }
}
`,
      findings: [
        { line: 5, column: 31, message: 'no metrics: it defaults to scaling on CPU utilisation alone' },
      ],
      output: null,
    },
    {
      name: 'exempt by the own annotation',
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart
  annotations:
    kube-maturity.io/ignore: "hpa-cpu-only,hpa-min-replicas-too-low"
spec:
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
`,
      findings: [{ line: 9, column: 3, exempt: true }],
      output: null,
    },
  ],
});
