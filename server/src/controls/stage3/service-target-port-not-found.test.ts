import { testControl } from '../../testing/controlTester';
import control from './service-target-port-not-found';

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
        - name: proxy
          image: envoy:1.30
          ports:
            - name: admin
              containerPort: 9901
`;

const service = (targetPort: string) => `apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    app: cart
  ports:
    - name: web
      port: 80
      targetPort: ${targetPort}
`;

testControl(control, {
  valid: [
    {
      name: 'the named targetPort is declared by a container of the selected Deployment',
      code: service('http'),
      files: { 'deployment.yaml': deployment },
    },
    {
      name: 'a port name of the second container counts',
      code: service('admin'),
      files: { 'deployment.yaml': deployment },
    },
    {
      name: 'numeric target ports are not checked',
      code: service('3000'),
      files: { 'deployment.yaml': deployment },
    },
    {
      name: 'no targetPort at all (it defaults to the port number)',
      code: `${deployment}---
apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    app: cart
  ports:
    - port: 8080
`,
    },
    {
      name: 'a native sidecar init container declares the port',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels:
    app: p
spec:
  initContainers:
    - name: mesh
      image: proxy:1.0
      restartPolicy: Always
      ports:
        - name: mesh
          containerPort: 15001
  containers:
    - name: app
      image: app:1.0
---
apiVersion: v1
kind: Service
metadata:
  name: p
spec:
  selector:
    app: p
  ports:
    - port: 80
      targetPort: mesh
`,
    },
    {
      name: 'a Service that selects nothing is not checked (service-selects-nothing reports it)',
      code: service('metrics'),
    },
    {
      name: 'pods whose containers no manifest shows (an operator creates them) may declare the port name',
      code: service('web').replace('    app: cart\n', '    app.kubernetes.io/part-of: shop\n'),
      files: {
        'deployment.yaml': deployment.replace(
          '      labels:\n        app: cart\n',
          '      labels:\n        app: cart\n        app.kubernetes.io/part-of: shop\n',
        ),
        'prometheus.yaml': `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: shop
  namespace: shop
spec:
  podMetadata:
    labels: {app.kubernetes.io/part-of: shop}
`,
      },
    },
    {
      name: 'a Service without a selector is not checked',
      code: `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  ports:
    - port: 5432
      targetPort: postgres
`,
    },
  ],
  invalid: [
    {
      name: 'a named targetPort no container declares',
      code: service('metrics'),
      files: { 'deployment.yaml': deployment },
      findings: [
        {
          line: 12,
          column: 7,
          endLine: 12,
          endColumn: 26,
          message:
            'Service shop/cart: targetPort "metrics" matches no container port name of the selected pods (Deployment shop/cart)',
        },
      ],
      output: null,
    },
    {
      name: 'quoted names are names; one finding per bad port; an init container without restartPolicy does not count',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels: {app: p}
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
      ports:
        - name: setup
          containerPort: 1
  containers:
    - name: app
      image: app:1.0
      ports:
        - name: http
          containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: p
spec:
  selector: {app: p}
  ports:
    - {port: 80, targetPort: "http"}
    - {port: 81, targetPort: "Http"}
    - {port: 82, targetPort: setup}
    - {port: 83, targetPort: 8080}
`,
      findings: [
        { line: 28, column: 18, message: 'targetPort "Http" matches no container port name' },
        { line: 29, column: 18, message: 'targetPort "setup"' },
      ],
      output: null,
    },
    {
      name: 'names from every selected workload count; all are named in the message',
      code: `${deployment}---
${deployment.replace('name: cart\n  namespace', 'name: cart-canary\n  namespace')}---
${service('grpc')}`,
      findings: [
        {
          line: 64,
          column: 7,
          message: '(Deployment shop/cart, Deployment shop/cart-canary)',
        },
      ],
      output: null,
    },
    {
      name: 'JSON manifest',
      path: 'svc.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Service",
  "metadata": { "name": "cart", "namespace": "shop" },
  "spec": {
    "selector": { "app": "cart" },
    "ports": [
      { "port": 80, "targetPort": "https" }
    ]
  }
}
`,
      files: { 'deployment.yaml': deployment },
      findings: [{ line: 8, column: 21, message: 'targetPort "https"' }],
      output: null,
    },
    {
      name: "kube-linter's invalid-target-ports annotation does not exempt it: not an equivalent (catalog 1.1)",
      code: service('metrics').replace(
        '  namespace: shop\n',
        '  namespace: shop\n  annotations:\n    ignore-check.kube-linter.io/invalid-target-ports: ""\n',
      ),
      files: { 'deployment.yaml': deployment },
      findings: [{ line: 14, column: 7, exempt: false }],
      output: null,
    },
  ],
});
