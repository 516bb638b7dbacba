import { DEFAULT_FIX_DEFAULTS } from '../../engine/config';
import { testControl } from '../../testing/controlTester';
import control from './missing-autoscaler';

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

const service = `apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    app: cart
  ports:
    - port: 80
`;

const statefulSet = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cart
  namespace: shop
spec:
  serviceName: cart
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

const hpa = (kind: string, name: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  namespace: shop
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: ${kind}
    name: ${name}
  minReplicas: 2
  maxReplicas: 10
`;

const appendedHpa = (kind: string) => `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cart-hpa
  namespace: shop
spec:
  # kube-maturity: scales on CPU use relative to the CPU requests; review the bounds before applying
  scaleTargetRef:
    apiVersion: apps/v1
    kind: ${kind}
    name: cart
  minReplicas: 2
  maxReplicas: 5
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 80
`;

testControl(control, {
  valid: [
    {
      name: 'an HPA in another file targets the served Deployment',
      code: deployment,
      files: { 'service.yaml': service, 'hpa.yaml': hpa('Deployment', 'cart') },
    },
    {
      name: 'a KEDA ScaledObject without a kind targets a Deployment',
      code: `${deployment}---
${service}---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: cart
  namespace: shop
spec:
  scaleTargetRef:
    name: cart
  triggers:
    - type: cpu
      metadata:
        value: "70"
`,
    },
    {
      name: 'a StatefulSet targeted by kind and name',
      code: statefulSet,
      files: { 'service.yaml': service, 'hpa.yaml': hpa('StatefulSet', 'cart') },
    },
    {
      name: 'a Deployment no Service selects is not checked',
      code: deployment,
    },
    {
      name: 'DaemonSets are not checked, even when served',
      code: `apiVersion: apps/v1
kind: DaemonSet
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
      files: { 'service.yaml': service },
    },
  ],
  invalid: [
    {
      name: 'no autoscaler in the workspace: an HPA document is appended',
      code: deployment,
      files: { 'service.yaml': service },
      findings: [
        {
          line: 4,
          column: 3,
          message:
            'Deployment shop/cart: no HorizontalPodAutoscaler or KEDA ScaledObject in this workspace targets Deployment "cart"',
        },
      ],
      output: deployment + appendedHpa('Deployment'),
    },
    {
      name: 'an HPA for another workload, and one for a StatefulSet of the same name, do not count',
      code: `${deployment}---
${service}`,
      files: { 'hpa.yaml': `${hpa('Deployment', 'checkout')}---\n${hpa('StatefulSet', 'cart')}` },
      findings: [{ line: 4, column: 3, message: 'in namespace "shop" targets Deployment "cart"' }],
      output: `${deployment}---
${service}${appendedHpa('Deployment')}`,
    },
    {
      name: 'a KEDA ScaledObject without a kind does not target a StatefulSet; bounds from the settings',
      code: statefulSet,
      files: {
        'service.yaml': service,
        'keda.yaml': `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: cart
  namespace: shop
spec:
  scaleTargetRef:
    name: cart
`,
      },
      settings: {
        fixDefaults: {
          ...DEFAULT_FIX_DEFAULTS,
          hpaMinReplicas: 3,
          hpaMaxReplicas: 12,
          hpaCpuUtilization: 65,
        },
      },
      findings: [{ line: 4, column: 3, message: 'in namespace "shop" targets StatefulSet "cart"' }],
      output:
        statefulSet +
        appendedHpa('StatefulSet')
          .replace('minReplicas: 2', 'minReplicas: 3')
          .replace('maxReplicas: 5', 'maxReplicas: 12')
          .replace('averageUtilization: 80', 'averageUtilization: 65'),
    },
    {
      name: 'JSON manifest: reported, but a new document cannot be appended to JSON',
      path: 'deployment.json',
      code: `{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": { "name": "cart", "namespace": "shop" },
  "spec": {
    "selector": { "matchLabels": { "app": "cart" } },
    "template": {
      "metadata": { "labels": { "app": "cart" } },
      "spec": { "containers": [{ "name": "cart", "image": "cart:1.0" }] }
    }
  }
}
`,
      files: { 'service.yaml': service },
      findings: [{ line: 4, column: 17, message: 'in this workspace' }],
      output: null,
    },
    {
      name: 'exempt by annotation, with a reason',
      code: deployment.replace(
        '  namespace: shop\n',
        '  namespace: shop\n  annotations:\n    kube-maturity.io/ignore: missing-autoscaler,missing-pdb\n    kube-maturity.io/ignore-reason: fixed capacity by contract\n',
      ),
      files: { 'service.yaml': service },
      findings: [{ line: 4, column: 3, exempt: true }],
      output: null,
    },
  ],
});
