import { testControl } from '../../testing/controlTester';
import control from './missing-metrics-scrape';

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
          ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9090
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
  labels:
    team: payments
spec:
  selector:
    app: cart
  ports:
    - port: 80
      targetPort: http
`;

const fixedDeployment = deployment.replace(
  '        app: cart\n    spec:',
  '        app: cart\n      annotations:\n        prometheus.io/scrape: "true"\n        prometheus.io/port: "8080"\n    spec:',
);

const serviceMonitor = (namespaceSelector: string, selector: string) => `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: cart
  namespace: monitoring
spec:
${namespaceSelector}  selector:
    matchLabels:
      ${selector}
  endpoints:
    - port: http
`;

testControl(control, {
  valid: [
    {
      name: 'scrape annotation on the pod template (an explicit "false" is a decision too)',
      code: deployment.replace(
        '        app: cart\n    spec:',
        '        app: cart\n      annotations:\n        prometheus.io/scrape: "false"\n    spec:',
      ),
      files: { 'service.yaml': service },
    },
    {
      name: 'scrape annotation on the selecting Service',
      code: deployment,
      files: {
        'service.yaml': service.replace(
          '    team: payments\n',
          '    team: payments\n  annotations:\n    prometheus.io/scrape: "true"\n',
        ),
      },
    },
    {
      name: 'a ServiceMonitor in another namespace selects the Service by its labels through matchNames',
      code: deployment,
      files: {
        'service.yaml': service,
        'monitor.yaml': serviceMonitor('  namespaceSelector:\n    matchNames: [shop]\n', 'team: payments'),
      },
    },
    {
      name: 'a ServiceMonitor with namespaceSelector.any',
      code: deployment,
      files: {
        'service.yaml': service,
        'monitor.yaml': serviceMonitor('  namespaceSelector:\n    any: true\n', 'team: payments'),
      },
    },
    {
      name: 'a PodMonitor in the namespace selects the pod template',
      code: `${deployment}---
${service}---
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    matchExpressions:
      - {key: app, operator: In, values: [cart, checkout]}
  podMetricsEndpoints:
    - port: metrics
`,
    },
    {
      name: 'a workload no Service selects is not checked',
      code: deployment,
    },
    {
      name: 'Jobs are not long-running and are not checked, even when served',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: cart
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: cart
    spec:
      restartPolicy: Never
      containers:
        - name: cart
          image: cart:1.0
`,
      files: { 'service.yaml': service },
    },
  ],
  invalid: [
    {
      name: 'nothing scrapes it: the annotations block is created with the first container port',
      code: deployment,
      files: { 'service.yaml': service },
      findings: [
        {
          line: 14,
          column: 5,
          message:
            'Deployment shop/cart: no prometheus.io/scrape annotation on the pod template or Service "cart", and no ServiceMonitor or PodMonitor in this workspace',
        },
      ],
      output: fixedDeployment,
    },
    {
      name: 'the scrape port is the first TCP port: a UDP port (DNS on 53) is never annotated',
      code: deployment.replace(
        '            - name: http\n              containerPort: 8080\n',
        '            - name: dns\n              containerPort: 53\n              protocol: UDP\n',
      ),
      files: { 'service.yaml': service },
      findings: [{ line: 14, column: 5 }],
      output: deployment
        .replace(
          '            - name: http\n              containerPort: 8080\n',
          '            - name: dns\n              containerPort: 53\n              protocol: UDP\n',
        )
        .replace(
          '        app: cart\n    spec:',
          '        app: cart\n      annotations:\n        prometheus.io/scrape: "true"\n        prometheus.io/port: "9090"\n    spec:',
        ),
    },
    {
      name: 'monitors that do not select it: wrong namespace, selector on the Service selector instead of its labels',
      code: deployment,
      files: {
        'service.yaml': service,
        'monitors.yaml': `${serviceMonitor('', 'team: payments')}---
${serviceMonitor('  namespaceSelector:\n    matchNames: [shop]\n', 'app: cart')}`,
      },
      findings: [{ line: 14, column: 5, message: 'and no ServiceMonitor or PodMonitor selects it' }],
      output: fixedDeployment,
    },
    {
      name: 'bare Pod with flow-style annotations: inserted into them, an existing port annotation kept',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
  annotations: {team: web, prometheus.io/port: "9100"}
spec:
  containers:
    - name: web
      image: web:1.0
      ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: 80
`,
      findings: [{ line: 4, column: 3, message: 'Pod web: no prometheus.io/scrape annotation' }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
  annotations: {team: web, prometheus.io/port: "9100", prometheus.io/scrape: "true"}
spec:
  containers:
    - name: web
      image: web:1.0
      ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: 80
`,
    },
    {
      name: 'StatefulSet without container ports: only the scrape annotation, added to existing annotations',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  template:
    metadata:
      labels:
        app: db
      annotations:
        checksum/config: abc123
    spec:
      containers:
        - name: db
          image: postgres:16
---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
`,
      findings: [{ line: 13, column: 5, message: 'Service "db"' }],
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  template:
    metadata:
      labels:
        app: db
      annotations:
        checksum/config: abc123
        prometheus.io/scrape: "true"
    spec:
      containers:
        - name: db
          image: postgres:16
---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
`,
    },
    {
      name: 'JSON manifest',
      path: 'deployment.json',
      code: `{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": { "name": "cart", "namespace": "shop" },
  "spec": {
    "template": {
      "metadata": {
        "labels": { "app": "cart" }
      },
      "spec": {
        "containers": [{ "name": "cart", "image": "cart:1.0", "ports": [{ "containerPort": 8080 }] }]
      }
    }
  }
}
`,
      files: { 'service.yaml': service },
      findings: [{ line: 10, column: 7 }],
      output: `{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": { "name": "cart", "namespace": "shop" },
  "spec": {
    "template": {
      "metadata": {
        "labels": { "app": "cart" },
        "annotations": {
          "prometheus.io/scrape": "true",
          "prometheus.io/port": "8080"
        }
      },
      "spec": {
        "containers": [{ "name": "cart", "image": "cart:1.0", "ports": [{ "containerPort": 8080 }] }]
      }
    }
  }
}
`,
    },
    {
      name: 'exempt by a comment above the object',
      code: `# kube-maturity-ignore missing-metrics-scrape: scraped by the mesh sidecar\n${deployment}`,
      files: { 'service.yaml': service },
      findings: [{ line: 15, column: 5, exempt: true }],
      output: null,
    },
  ],
});
