import { testControl } from '../../testing/controlTester';
import control from './missing-topology-spread';

const hpa = (name: string, minReplicas: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  namespace: shop
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${name}
${minReplicas}  maxReplicas: 10
`;

/** A Deployment in namespace shop with the given replicas line and pod spec lines. */
const cart = (replicas: string, podSpec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
${replicas}  selector:
    matchLabels:
      app: cart
  template:
    metadata:
      labels:
        app: cart
        version: "2.3"
    spec:
${podSpec}      containers:
        - name: cart
          image: cart:2.3
`;

testControl(control, {
  valid: [
    {
      name: 'a topology spread constraint',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  template:
    metadata:
      labels:
        app: web
    spec:
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
          labelSelector:
            matchLabels:
              app: web
      containers:
        - name: app
          image: nginx:1.27
`,
    },
    {
      name: 'a preferred pod anti-affinity on the own pods, by hostname',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  replicas: 3
  template:
    metadata:
      labels:
        app: db
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels:
                    app: db
      containers:
        - name: db
          image: postgres:16
`,
    },
    {
      name: 'a required pod anti-affinity, in flow style',
      code: `apiVersion: apps/v1
kind: Deployment
metadata: {name: p}
spec:
  replicas: 2
  template:
    metadata: {labels: {app: p}}
    spec:
      affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: p}}}]}}
      containers: [{name: app, image: "nginx:1.27"}]
`,
    },
    {
      name: 'anti-affinity by zone with matchExpressions, its namespaces listing the workload namespace',
      code: cart(
        '  replicas: 4\n',
        `      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - topologyKey: topology.kubernetes.io/zone
              namespaces: [shop, shop-canary]
              labelSelector:
                matchExpressions:
                  - {key: app, operator: In, values: [cart, cart-canary]}
`,
      ),
    },
    {
      name: 'anti-affinity by region whose namespaceSelector matches the Namespace object of the workspace',
      code: `${cart(
        '  replicas: 2\n',
        `      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 50
              podAffinityTerm:
                topologyKey: topology.kubernetes.io/region
                namespaceSelector:
                  matchLabels:
                    team: checkout
                labelSelector:
                  matchLabels:
                    app: cart
`,
      )}---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    team: checkout
`,
    },
    {
      name: 'a single replica has nothing to spread: replicas: 1, or no replicas (1)',
      code: `${cart('  replicas: 1\n', '')}---
${cart('', '').replace('name: cart\n  namespace', 'name: cart-worker\n  namespace')}`,
    },
    {
      name: 'an HPA whose minReplicas is 1 (or absent) does not make a single-replica Deployment spread',
      code: cart('', ''),
      files: { 'hpa.yaml': hpa('cart', '  minReplicas: 1\n') },
    },
    {
      name: 'DaemonSets (one pod per node) and bare Pods are not checked',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
        - name: agent
          image: agent:1.0
---
apiVersion: v1
kind: Pod
metadata:
  name: debug
  labels:
    app: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
`,
    },
    {
      name: 'Jobs and CronJobs are not long-running',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  parallelism: 4
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: run
          image: busybox:1.36
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: run
              image: busybox:1.36
`,
    },
  ],
  invalid: [
    {
      name: "Deployment with 3 replicas: a hostname spread on the workload's selector (not its version label)",
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        version: "1.0"
    spec:
      containers:
      - name: app
        image: nginx:1.27
`,
      findings: [
        {
          line: 15,
          column: 5,
          message:
            'Deployment web: neither topologySpreadConstraints nor a podAntiAffinity spreads the pods across nodes',
          fixClass: 'review',
          fixTitle: 'Add a topologySpreadConstraint on kubernetes.io/hostname selecting app=web',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        version: "1.0"
    spec:
      containers:
      - name: app
        image: nginx:1.27
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: kubernetes.io/hostname
        whenUnsatisfiable: ScheduleAnyway
        labelSelector:
          matchLabels:
            app: web
`,
    },
    {
      name: 'StatefulSet with node affinity and an empty podAntiAffinity: the spread goes beside affinity',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - {key: disk, operator: In, values: [ssd]}
        podAntiAffinity: {}
      containers:
        - name: db
          image: postgres:16
`,
      findings: [{ line: 14, column: 5, message: 'StatefulSet db' }],
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - {key: disk, operator: In, values: [ssd]}
        podAntiAffinity: {}
      containers:
        - name: db
          image: postgres:16
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: db
`,
    },
    {
      name: 'no replicas, but an HPA in another file keeps at least 3: checked, and fixed',
      code: cart('', ''),
      files: { 'hpa.yaml': hpa('cart', '  minReplicas: 3\n') },
      findings: [{ line: 15, column: 5, message: 'Deployment shop/cart: neither topologySpreadConstraints' }],
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
        version: "2.3"
    spec:
      containers:
        - name: cart
          image: cart:2.3
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: cart
`,
    },
    {
      name: 'anti-affinity terms that select other pods or spread on another key do not count',
      code: cart(
        '  replicas: 3\n',
        `      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - topologyKey: kubernetes.io/hostname
              labelSelector:
                matchLabels:
                  app: redis
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 10
              podAffinityTerm:
                topologyKey: node.kubernetes.io/instance-type
                labelSelector:
                  matchLabels:
                    app: cart
`,
      ),
      findings: [
        {
          line: 18,
          column: 9,
          message:
            "Deployment shop/cart: no podAntiAffinity term keeps the workload's own pods apart (a term counts when its labelSelector matches app=cart,version=2.3,",
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: cart
  template:
    metadata:
      labels:
        app: cart
        version: "2.3"
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - topologyKey: kubernetes.io/hostname
              labelSelector:
                matchLabels:
                  app: redis
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 10
              podAffinityTerm:
                topologyKey: node.kubernetes.io/instance-type
                labelSelector:
                  matchLabels:
                    app: cart
      containers:
        - name: cart
          image: cart:2.3
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: cart
`,
    },
    {
      name: "an anti-affinity term whose namespaces leave out the workload's, or without a labelSelector, does not count",
      code: cart(
        '  replicas: 2\n',
        `      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - topologyKey: kubernetes.io/hostname
              namespaces: [payments]
              labelSelector:
                matchLabels:
                  app: cart
            - topologyKey: kubernetes.io/hostname
`,
      ),
      findings: [{ line: 18, column: 9, message: 'no podAntiAffinity term keeps' }],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: cart
  template:
    metadata:
      labels:
        app: cart
        version: "2.3"
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - topologyKey: kubernetes.io/hostname
              namespaces: [payments]
              labelSelector:
                matchLabels:
                  app: cart
            - topologyKey: kubernetes.io/hostname
      containers:
        - name: cart
          image: cart:2.3
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: cart
`,
    },
    {
      name: 'an Argo Rollout whose selector has matchExpressions too: both are copied; a null list is filled',
      code: `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: api
spec:
  replicas: 5
  selector:
    matchLabels:
      app: api
    matchExpressions:
      - {key: track, operator: NotIn, values: [canary]}
  template:
    metadata:
      labels:
        app: api
        track: stable
    spec:
      topologySpreadConstraints:
      containers:
        - name: api
          image: api:4.1
`,
      findings: [{ line: 18, column: 7, message: 'Rollout api: topologySpreadConstraints is empty' }],
      output: `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: api
spec:
  replicas: 5
  selector:
    matchLabels:
      app: api
    matchExpressions:
      - {key: track, operator: NotIn, values: [canary]}
  template:
    metadata:
      labels:
        app: api
        track: stable
    spec:
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: api
            matchExpressions:
              - key: track
                operator: NotIn
                values:
                  - canary
      containers:
        - name: api
          image: api:4.1
`,
    },
    {
      name: 'an empty list: reported on it, the fix withheld (the list is left for a person to fill)',
      code: cart('  replicas: 2\n', '      topologySpreadConstraints: []\n'),
      findings: [
        {
          line: 17,
          column: 7,
          message:
            'Deployment shop/cart: topologySpreadConstraints is empty and no podAntiAffinity spreads the pods',
          fixWithheld: 'topologySpreadConstraints is an empty list',
        },
      ],
      output: null,
    },
    {
      name: 'a ReplicaSet whose selector has only matchExpressions: the fix is withheld with the reason',
      code: `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  replicas: 2
  selector:
    matchExpressions:
      - {key: app, operator: In, values: [rs]}
  template:
    metadata:
      labels:
        app: rs
    spec:
      containers:
        - name: app
          image: nginx:1.27
`,
      findings: [{ line: 14, column: 5, fixWithheld: 'spec.selector has no matchLabels' }],
      output: null,
    },
    {
      name: 'JSON manifest',
      path: 'deploy.json',
      code: `{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": { "name": "web" },
  "spec": {
    "replicas": 2,
    "selector": { "matchLabels": { "app": "web" } },
    "template": {
      "metadata": { "labels": { "app": "web", "version": "7" } },
      "spec": {
        "containers": [{ "name": "app", "image": "nginx:1.27" }]
      }
    }
  }
}
`,
      findings: [{ line: 10, column: 7 }],
      output: `{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": { "name": "web" },
  "spec": {
    "replicas": 2,
    "selector": { "matchLabels": { "app": "web" } },
    "template": {
      "metadata": { "labels": { "app": "web", "version": "7" } },
      "spec": {
        "containers": [{ "name": "app", "image": "nginx:1.27" }],
        "topologySpreadConstraints": [
          {
            "maxSkew": 1,
            "topologyKey": "kubernetes.io/hostname",
            "whenUnsatisfiable": "ScheduleAnyway",
            "labelSelector": {
              "matchLabels": {
                "app": "web"
              }
            }
          }
        ]
      }
    }
  }
}
`,
    },
    {
      name: 'exempt by the kube-score annotation',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    kube-score/ignore: deployment-has-host-podantiaffinity
spec:
  replicas: 2
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: app
          image: nginx:1.27
`,
      findings: [{ line: 13, column: 5, exempt: true }],
      output: null,
    },
  ],
});
