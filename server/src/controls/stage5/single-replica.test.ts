import { testControl } from '../../testing/controlTester';
import control from './single-replica';

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
  maxReplicas: 6
`;

testControl(control, {
  valid: [
    {
      name: 'two replicas and no autoscaler',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: cart
          image: cart:1.0
`,
    },
    {
      name: 'an HPA in another file targets it and replicas is left out',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: cart
          image: cart:1.0
`,
      files: { 'hpa.yaml': hpa },
    },
    {
      name: 'a KEDA ScaledObject (target kind defaulting to Deployment) owns the count',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  template:
    spec:
      containers:
        - name: worker
          image: worker:1.0
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: worker
spec:
  scaleTargetRef:
    name: worker
  triggers:
    - type: cron
      metadata: { timezone: UTC, start: 0 8 * * *, end: 0 18 * * *, desiredReplicas: "4" }
`,
    },
    {
      name: 'StatefulSets and ReplicaSets are not checked',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: db
          image: postgres:16
`,
    },
  ],
  invalid: [
    {
      name: 'replicas: 1, no autoscaler anywhere: the value is replaced',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
spec:
  replicas: 1 # one is enough for now
  template:
    spec:
      containers:
        - name: cart
          image: cart:1.0
`,
      findings: [
        {
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 14,
          message: 'Deployment cart: replicas: 1 and no HorizontalPodAutoscaler in this workspace targets it',
          fixClass: 'review',
          fixTitle: 'Set spec.replicas: 2 (overrides the explicit `replicas: 1`)',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
spec:
  replicas: 2 # one is enough for now
  template:
    spec:
      containers:
        - name: cart
          image: cart:1.0
`,
    },
    {
      name: 'replicas missing, an HPA exists but targets another Deployment: replicas inserted into spec',
      code: `apiVersion: apps/v1
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
`,
      files: {
        'hpa.yaml': hpa.replace('    name: cart\n  minReplicas', '    name: checkout\n  minReplicas'),
      },
      findings: [
        {
          line: 6,
          column: 1,
          message:
            'no replicas (defaults to 1) and no HorizontalPodAutoscaler in namespace "shop" targets it',
          fixClass: 'review',
          fixTitle: /^Add spec\.replicas: 2$/,
        },
      ],
      output: `apiVersion: apps/v1
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
  replicas: 2
`,
    },
    {
      name: 'an HPA in another namespace does not count; no spec at all: spec is created',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: staging
`,
      files: { 'hpa.yaml': hpa },
      findings: [{ line: 4, column: 3, message: 'in namespace "staging"' }],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: staging
spec:
  replicas: 2
`,
    },
    {
      name: 'targeted by an HPA while replicas is set: replicas is removed',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: cart
          image: cart:1.0
---
${hpa}`,
      findings: [
        {
          line: 7,
          column: 3,
          message: 'replicas is set although HorizontalPodAutoscaler "cart" owns the replica count',
          fixClass: 'review',
          fixTitle:
            'Remove replicas: HorizontalPodAutoscaler "cart" owns the replica count (overrides the explicit `replicas: 3`)',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: cart
          image: cart:1.0
---
${hpa}`,
    },
    {
      name: 'JSON manifest with replicas: 0',
      path: 'deploy.json',
      code: `{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": { "name": "cart" },
  "spec": {
    "replicas": 0,
    "template": { "spec": { "containers": [{ "name": "cart", "image": "cart:1.0" }] } }
  }
}
`,
      findings: [
        { line: 6, column: 5, message: 'replicas: 0', fixTitle: 'overrides the explicit `replicas: 0`' },
      ],
      output: `{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": { "name": "cart" },
  "spec": {
    "replicas": 2,
    "template": { "spec": { "containers": [{ "name": "cart", "image": "cart:1.0" }] } }
  }
}
`,
    },
    {
      name: 'flow-style spec without replicas: inserted into the flow mapping',
      code: `apiVersion: apps/v1
kind: Deployment
metadata: {name: cart}
spec: {template: {spec: {containers: [{name: cart, image: "cart:1.0"}]}}}
`,
      findings: [{ line: 4, column: 1 }],
      output: `apiVersion: apps/v1
kind: Deployment
metadata: {name: cart}
spec: {template: {spec: {containers: [{name: cart, image: "cart:1.0"}]}}, replicas: 2}
`,
    },
    {
      name: 'exempt by the kube-score annotation: listed as exempt, no fix',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  annotations:
    kube-score/ignore: deployment-replicas
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: cart
          image: cart:1.0
`,
      findings: [{ line: 8, column: 3, exempt: true }],
      output: null,
    },
    {
      name: 'exempt by a kube-maturity-ignore comment above the object',
      code: `# kube-maturity-ignore single-replica: singleton leader by design
apiVersion: apps/v1
kind: Deployment
metadata:
  name: leader
spec:
  replicas: 1
`,
      findings: [{ line: 7, column: 3, exempt: true }],
      output: null,
    },
  ],
});
