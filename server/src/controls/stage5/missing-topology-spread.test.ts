import { testControl } from '../../testing/controlTester';
import control from './missing-topology-spread';

testControl(control, {
  valid: [
    {
      name: 'a topology spread constraint',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
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
      name: 'a preferred pod anti-affinity',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
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
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels: {app: p}
spec:
  affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: p}}}]}}
  containers: [{name: app, image: "nginx:1.27"}]
`,
    },
    {
      name: 'Jobs and CronJobs are not long-running',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
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
      name: 'Deployment: a hostname spread on the template labels is added, in the file sequence style',
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
        version: "1.0"
    spec:
      containers:
      - name: app
        image: nginx:1.27
`,
      findings: [
        {
          line: 12,
          column: 5,
          message:
            'Deployment web: neither topologySpreadConstraints nor a podAntiAffinity spreads the pods across nodes',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
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
            version: "1.0"
`,
    },
    {
      name: 'StatefulSet with node affinity and an empty podAntiAffinity: the spread goes beside affinity',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
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
      findings: [{ line: 10, column: 5, message: 'StatefulSet db' }],
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
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
      name: 'a bare Pod with a null topologySpreadConstraints: the value is filled with its labels',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels:
    app: p
spec:
  topologySpreadConstraints:
  containers:
    - name: app
      image: nginx:1.27
`,
      findings: [{ line: 8, column: 3, message: 'topologySpreadConstraints is empty' }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels:
    app: p
spec:
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: kubernetes.io/hostname
      whenUnsatisfiable: ScheduleAnyway
      labelSelector:
        matchLabels:
          app: p
  containers:
    - name: app
      image: nginx:1.27
`,
    },
    {
      name: 'an empty list: reported on it, no fix offered (the list is left for a person to fill)',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    metadata:
      labels:
        app: agent
    spec:
      topologySpreadConstraints: []
      containers:
        - name: agent
          image: agent:1.0
`,
      findings: [
        {
          line: 11,
          column: 7,
          message:
            'DaemonSet agent: topologySpreadConstraints is empty and no podAntiAffinity spreads the pods',
        },
      ],
      output: null,
    },
    {
      name: 'a template without labels: reported, no fix (nothing to select)',
      code: `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
`,
      findings: [{ line: 7, column: 5 }],
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
    "template": {
      "metadata": { "labels": { "app": "web" } },
      "spec": {
        "containers": [{ "name": "app", "image": "nginx:1.27" }]
      }
    }
  }
}
`,
      findings: [{ line: 8, column: 7 }],
      output: `{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": { "name": "web" },
  "spec": {
    "template": {
      "metadata": { "labels": { "app": "web" } },
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
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: app
          image: nginx:1.27
`,
      findings: [{ line: 12, column: 5, exempt: true }],
      output: null,
    },
  ],
});
