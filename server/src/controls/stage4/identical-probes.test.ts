import type { AnyControl } from '../../engine/control';
import { fixCase, testControl } from '../../testing/controlTester';
import control from './identical-probes';
import liveness from './missing-liveness-probe';
import readiness from './missing-readiness-probe';

/** The text after applying the fixes of each control in turn; every one of them must offer a fix. */
function fixedBy(code: string, ...controls: AnyControl[]): string {
  let text = code;
  for (const fixing of controls) {
    const output = fixCase(fixing, { name: fixing.meta.id, code: text });
    if (output === null) throw new Error(`${fixing.meta.id} offered no fix`);
    text = output;
  }
  return text;
}

const noProbes = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: web:1.0
          ports:
            - containerPort: 8080
        - name: admin
          image: admin:1.0
          ports:
            - name: admin
              containerPort: 9000
            - name: stats
              containerPort: 9125
              protocol: UDP
`;

const noPorts = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: queue
spec:
  template:
    spec:
      containers:
        - name: worker
          image: worker:1.0
`;

testControl(control, {
  valid: [
    {
      name: 'the liveness fix, then the readiness fix, on port numbers and names: the probes they add differ',
      code: fixedBy(noProbes, liveness, readiness),
    },
    {
      name: 'the readiness fix, then the liveness fix: the probes they add differ',
      code: fixedBy(noProbes, readiness, liveness),
    },
    {
      name: 'both placeholder drafts on a container without ports: commented, so nothing to compare',
      code: fixedBy(noPorts, liveness, readiness),
    },
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
