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
          fixClass: 'review',
          fixTitle: 'Add a readinessProbe: tcpSocket on port http',
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
      name: 'an Argo Rollout without ports: a draft, commented placeholder; only the container without a probe fails',
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
      findings: [
        {
          line: 14,
          column: 9,
          container: 'worker',
          fixClass: 'draft',
          fixTitle: 'Add a commented readinessProbe placeholder',
        },
      ],
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
          # kube-maturity: draft readinessProbe. The container declares no port to probe: write the check and uncomment it.
          # exec:
          #   command: [<a command that fails while the container cannot serve>]
          # initialDelaySeconds: 10
          # periodSeconds: 10
`,
      remaining: 1,
    },
    {
      name: 'an SCTP port serves no TCP check: a draft placeholder',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: signalling
spec:
  template:
    spec:
      containers:
        - name: sctp
          image: sigtran:2.0
          ports:
            - containerPort: 2905
              protocol: SCTP
`,
      findings: [{ line: 9, column: 11, fixClass: 'draft' }],
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: signalling
spec:
  template:
    spec:
      containers:
        - name: sctp
          image: sigtran:2.0
          ports:
            - containerPort: 2905
              protocol: SCTP
          readinessProbe:
            # kube-maturity: draft readinessProbe. The container declares no port to probe: write the check and uncomment it.
            # exec:
            #   command: [<a command that fails while the container cannot serve>]
            # initialDelaySeconds: 10
            # periodSeconds: 10
`,
      remaining: 1,
    },
    {
      name: 'a livenessProbe as the liveness fix writes it: the readiness probe added differs from it',
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
          ports:
            - name: http
              containerPort: 8080
          livenessProbe:
            tcpSocket:
              port: http
            initialDelaySeconds: 10
            periodSeconds: 10
            failureThreshold: 6
`,
      findings: [{ line: 9, column: 11, fixTitle: 'Add a readinessProbe: tcpSocket on port http' }],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: web:1.0
          ports:
            - name: http
              containerPort: 8080
          livenessProbe:
            tcpSocket:
              port: http
            initialDelaySeconds: 10
            periodSeconds: 10
            failureThreshold: 6
          readinessProbe:
            tcpSocket:
              port: http
            initialDelaySeconds: 10
            periodSeconds: 10
`,
    },
    {
      name: 'a livenessProbe identical to the readiness probe the fix would add: withheld rather than duplicated',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      ports:
        - containerPort: 8080
      livenessProbe:
        tcpSocket:
          port: 8080
        initialDelaySeconds: 10
        periodSeconds: 10
`,
      findings: [
        {
          line: 7,
          column: 7,
          fixWithheld: 'the readinessProbe it would add is identical to the livenessProbe',
        },
      ],
      output: null,
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
