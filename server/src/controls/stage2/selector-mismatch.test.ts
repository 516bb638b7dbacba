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
    {
      name: 'OpenShift DeploymentConfig: the plain selector map is carried by the template; no selector defaults to the labels',
      code: `apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata:
  name: frontend
  namespace: shop
spec:
  replicas: 2
  selector:
    app: frontend
    deploymentconfig: frontend
  template:
    metadata:
      labels:
        app: frontend
        deploymentconfig: frontend
        version: v2
    spec:
      containers:
        - name: frontend
          image: image-registry.openshift-image-registry.svc:5000/shop/frontend:v2
---
apiVersion: v1
kind: DeploymentConfig
metadata:
  name: legacy
spec:
  template:
    metadata:
      labels:
        app: legacy
    spec:
      containers:
        - name: legacy
          image: acme/legacy:1.0
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
      name: 'OpenShift DeploymentConfig (apps.openshift.io/v1): the plain selector label is added to the template',
      code: `apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata:
  name: ruby-ex
  namespace: demo
spec:
  replicas: 1
  selector:
    app: ruby-ex
    deploymentconfig: ruby-ex
  strategy:
    type: Rolling
  template:
    metadata:
      labels:
        app: ruby-ex
    spec:
      containers:
        - name: ruby-ex
          image: image-registry.openshift-image-registry.svc:5000/demo/ruby-ex:latest
          ports:
            - containerPort: 8080
`,
      findings: [
        {
          line: 8,
          column: 3,
          message:
            'DeploymentConfig demo/ruby-ex: the pod template lacks the selector label deploymentconfig=ruby-ex',
          fixClass: 'review',
          fixTitle: /^Add metadata\.labels\.deploymentconfig: ruby-ex$/,
        },
      ],
      output: `apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata:
  name: ruby-ex
  namespace: demo
spec:
  replicas: 1
  selector:
    app: ruby-ex
    deploymentconfig: ruby-ex
  strategy:
    type: Rolling
  template:
    metadata:
      labels:
        app: ruby-ex
        deploymentconfig: ruby-ex
    spec:
      containers:
        - name: ruby-ex
          image: image-registry.openshift-image-registry.svc:5000/demo/ruby-ex:latest
          ports:
            - containerPort: 8080
`,
    },
    {
      name: 'a legacy v1 DeploymentConfig in flow style: a conflicting value is reported and not fixed',
      code: `apiVersion: v1
kind: DeploymentConfig
metadata: {name: database}
spec:
  selector: {name: database, tier: db}
  template:
    metadata: {labels: {name: postgresql}}
    spec:
      containers: [{name: postgresql, image: "registry.redhat.io/rhel9/postgresql-15:1"}]
`,
      findings: [
        {
          line: 5,
          column: 3,
          message:
            'DeploymentConfig database: the pod template lacks the selector label tier=db; the pod template has name=postgresql where the selector requires name=database',
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
