import { testControl } from '../../testing/controlTester';
import control from './selector-mismatch';

testControl(control, {
  valid: [
    {
      name: 'template carries the selector labels (and more); expressions satisfied',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
    matchExpressions:
      - { key: tier, operator: In, values: [frontend, edge] }
      - { key: canary, operator: DoesNotExist }
  template:
    metadata:
      labels:
        app: web
        tier: frontend
        version: "1.2"
    spec:
      containers:
        - name: web
          image: acme/web:1.2
`,
    },
    {
      name: 'a Job without a selector is not checked; nor are Pods or Services',
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
          image: acme/run:1.0
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: nothing
`,
    },
  ],
  invalid: [
    {
      name: 'a missing label is added to the existing template labels',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
      component: api
  template:
    metadata:
      labels:
        app: web   # keep
    spec:
      containers:
        - name: web
          image: acme/web:1.2
`,
      findings: [
        {
          line: 6,
          column: 3,
          message: 'Deployment web: the pod template lacks the selector label component=api',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
      component: api
  template:
    metadata:
      labels:
        app: web   # keep
        component: api
    spec:
      containers:
        - name: web
          image: acme/web:1.2
`,
    },
    {
      name: 'a template without metadata gets metadata.labels',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels:
      app.kubernetes.io/name: db
      tier: "1"
  template:
    spec:
      containers:
      - name: db
        image: postgres:16
`,
      findings: [
        { line: 7, column: 3, message: 'lacks the selector labels app.kubernetes.io/name=db,tier=1' },
      ],
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels:
      app.kubernetes.io/name: db
      tier: "1"
  template:
    spec:
      containers:
      - name: db
        image: postgres:16
    metadata:
      labels:
        app.kubernetes.io/name: db
        tier: "1"
`,
    },
    {
      name: 'flow-style labels on a DaemonSet',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector: {matchLabels: {app: agent, team: infra}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: "acme/agent:3"}]
`,
      findings: [
        {
          line: 6,
          column: 3,
          message: 'DaemonSet agent: the pod template lacks the selector label team=infra',
        },
      ],
      output: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector: {matchLabels: {app: agent, team: infra}}
  template:
    metadata: {labels: {app: agent, team: infra}}
    spec:
      containers: [{name: agent, image: "acme/agent:3"}]
`,
    },
    {
      name: 'JSON ReplicaSet',
      path: 'rs.json',
      code: `{
  "apiVersion": "apps/v1",
  "kind": "ReplicaSet",
  "metadata": { "name": "rs" },
  "spec": {
    "selector": { "matchLabels": { "app": "rs" } },
    "template": {
      "metadata": {
        "labels": {
          "tier": "web"
        }
      },
      "spec": { "containers": [{ "name": "c", "image": "acme/c:1" }] }
    }
  }
}
`,
      findings: [{ line: 6, column: 5, message: 'lacks the selector label app=rs' }],
      output: `{
  "apiVersion": "apps/v1",
  "kind": "ReplicaSet",
  "metadata": { "name": "rs" },
  "spec": {
    "selector": { "matchLabels": { "app": "rs" } },
    "template": {
      "metadata": {
        "labels": {
          "tier": "web",
          "app": "rs"
        }
      },
      "spec": { "containers": [{ "name": "c", "image": "acme/c:1" }] }
    }
  }
}
`,
    },
    {
      name: 'a conflicting value and an unmet expression: reported, no fix',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  manualSelector: true
  selector:
    matchLabels:
      app: once
      run: a
    matchExpressions:
      - key: tier
        operator: In
        values: [batch]
  template:
    metadata:
      labels:
        app: once-v2
    spec:
      restartPolicy: Never
      containers:
        - name: run
          image: acme/run:1.0
`,
      findings: [
        {
          line: 7,
          column: 3,
          message:
            'Job once: the pod template lacks the selector label run=a; the pod template has app=once-v2 where the selector requires app=once; the pod template labels do not satisfy the selector expression tier In (batch)',
        },
      ],
      output: null,
    },
    {
      name: 'exempt by the kube-linter annotation',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    ignore-check.kube-linter.io/mismatching-selector: "migrating"
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: other
    spec:
      containers:
        - name: web
          image: acme/web:1.2
`,
      findings: [{ line: 8, column: 3, exempt: true }],
      output: null,
    },
  ],
});
