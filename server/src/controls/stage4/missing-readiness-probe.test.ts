import { testControl } from '../../testing/controlTester';
import control from './missing-readiness-probe';

testControl(control, {
  valid: [
    {
      name: 'a readiness probe on every container',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          readinessProbe:
            httpGet:
              path: /ready
              port: http
        - name: sidecar
          image: envoy:1.30
          readinessProbe:
            grpc:
              port: 9901
`,
    },
    {
      name: 'a Job is not long-running: not checked',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      containers:
        - name: migrate
          image: migrate:1.0
`,
    },
  ],
  invalid: [
    {
      name: 'a liveness probe is not a readiness probe: tcpSocket added after it',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
`,
      findings: [
        {
          line: 9,
          column: 11,
          message: 'Deployment web, container app: no readinessProbe',
          container: 'app',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
          readinessProbe:
            tcpSocket:
              port: http
            initialDelaySeconds: 10
            periodSeconds: 10
`,
    },
    {
      name: 'an Argo Rollout without ports: commented placeholder; only the container without a probe fails',
      code: `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: ok
        image: ok:1.0
        readinessProbe:
          exec:
            command: [check]
      - name: worker
        image: worker:1.0
`,
      findings: [{ line: 14, column: 9, container: 'worker' }],
      output: `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: ok
        image: ok:1.0
        readinessProbe:
          exec:
            command: [check]
      - name: worker
        image: worker:1.0
        readinessProbe:
          # kube-maturity: placeholder, the container declares no port; replace this command with a real health check
          exec:
            command:
            - /bin/sh
            - "-c"
            - exit 0
          initialDelaySeconds: 10
          periodSeconds: 10
`,
    },
    {
      name: 'flow-style container: the probe is written in flow style',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - { name: app, image: "nginx:1.27", ports: [{ containerPort: 80 }] }
`,
      findings: [{ line: 7, column: 9 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - { name: app, image: "nginx:1.27", ports: [{ containerPort: 80 }], readinessProbe: {tcpSocket: {port: 80}, initialDelaySeconds: 10, periodSeconds: 10} }
`,
    },
    {
      name: 'exempt by a comment above the container',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    # kube-maturity-ignore missing-readiness-probe: batch worker, never behind a Service
    - name: worker
      image: worker:1.0
`,
      findings: [{ line: 8, column: 7, exempt: true }],
      output: null,
    },
  ],
});
