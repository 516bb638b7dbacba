import { testControl } from '../../testing/controlTester';
import control from './identical-probes';

testControl(control, {
  valid: [
    {
      name: 'same endpoint, different thresholds',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: web:1.0
          livenessProbe:
            httpGet:
              path: /healthz
              port: 8080
            failureThreshold: 6
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
`,
    },
    {
      name: 'only one of the two probes',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      readinessProbe:
        tcpSocket:
          port: 8080
`,
    },
  ],
  invalid: [
    {
      name: 'identical probes written in different styles and key orders',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: web:1.0
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 10
          readinessProbe: { periodSeconds: 10, httpGet: { port: http, path: "/healthz" } }
`,
      findings: [
        {
          line: 16,
          column: 11,
          message: 'Deployment web, container app: readinessProbe is identical to livenessProbe',
        },
      ],
      output: null,
    },
    {
      name: 'probes shared through a YAML anchor, in a StatefulSet',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
        - name: db
          image: postgres:16
          livenessProbe: &probe
            exec:
              command: [pg_isready]
          readinessProbe: *probe
`,
      findings: [{ line: 14, column: 11, container: 'db' }],
      output: null,
    },
    {
      name: 'JSON manifest',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "web:1.0",
        "livenessProbe": { "tcpSocket": { "port": 80 } },
        "readinessProbe": { "tcpSocket": { "port": 80 } }
      }
    ]
  }
}
`,
      findings: [{ line: 11, column: 9 }],
      output: null,
    },
    {
      name: 'exempt by the kube-score annotation',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    kube-score/ignore: pod-probes-identical
spec:
  containers:
    - name: app
      image: web:1.0
      livenessProbe:
        tcpSocket:
          port: 80
      readinessProbe:
        tcpSocket:
          port: 80
`,
      findings: [{ line: 14, column: 7, exempt: true }],
      output: null,
    },
  ],
});
