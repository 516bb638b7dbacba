import { DEFAULT_FIX_DEFAULTS } from '../../engine/config';
import { testControl } from '../../testing/controlTester';
import control from './missing-liveness-probe';

testControl(control, {
  valid: [
    {
      name: 'an httpGet liveness probe',
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
          livenessProbe:
            httpGet:
              path: /healthz
              port: 8080
`,
    },
    {
      name: 'Jobs and CronJobs are not long-running: not checked',
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
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: run
              image: run:1.0
`,
    },
    {
      name: 'init containers are not checked',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
  containers:
    - name: app
      image: nginx:1.27
      livenessProbe:
        exec:
          command: [cat, /tmp/healthy]
`,
    },
  ],
  invalid: [
    {
      name: 'named first port: tcpSocket on the port name, appended to the container',
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
        - containerPort: 9090
`,
      findings: [
        {
          line: 9,
          column: 9,
          message: 'Deployment web, container app: no livenessProbe',
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
        - containerPort: 9090
        livenessProbe:
          tcpSocket:
            port: http
          initialDelaySeconds: 10
          periodSeconds: 10
`,
    },
    {
      name: 'unnamed port on a StatefulSet: the port number, timings from settings, UDP ports skipped',
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
          ports:
            - containerPort: 53
              protocol: UDP
            - containerPort: 5432
`,
      settings: {
        fixDefaults: { ...DEFAULT_FIX_DEFAULTS, probeInitialDelaySeconds: 30, probePeriodSeconds: 15 },
      },
      findings: [{ line: 9, column: 11, container: 'db' }],
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
        - name: db
          image: postgres:16
          ports:
            - containerPort: 53
              protocol: UDP
            - containerPort: 5432
          livenessProbe:
            tcpSocket:
              port: 5432
            initialDelaySeconds: 30
            periodSeconds: 15
`,
    },
    {
      name: 'no port on a DaemonSet: a commented exec placeholder',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        - name: agent
          image: agent:1.0
`,
      findings: [{ line: 9, column: 11 }],
      output: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        - name: agent
          image: agent:1.0
          livenessProbe:
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
      name: 'a null livenessProbe: finding on the key, value filled',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      ports: [{ name: web, containerPort: 80 }]
      livenessProbe:
`,
      findings: [{ line: 10, column: 7 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      ports: [{ name: web, containerPort: 80 }]
      livenessProbe:
        tcpSocket:
          port: web
        initialDelaySeconds: 10
        periodSeconds: 10
`,
    },
    {
      name: 'a probe without a handler is reported, with no fix',
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
          livenessProbe:
            periodSeconds: 5
`,
      findings: [
        { line: 11, column: 11, message: 'livenessProbe has no exec, httpGet, tcpSocket or grpc handler' },
      ],
      output: null,
    },
    {
      name: 'JSON manifest: the probe is added as JSON',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "nginx:1.27",
        "ports": [{ "containerPort": 8080 }]
      }
    ]
  }
}
`,
      findings: [{ line: 8, column: 9 }],
      output: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "nginx:1.27",
        "ports": [{ "containerPort": 8080 }],
        "livenessProbe": {
          "tcpSocket": {
            "port": 8080
          },
          "initialDelaySeconds": 10,
          "periodSeconds": 10
        }
      }
    ]
  }
}
`,
    },
    {
      name: 'JSON manifest without ports: the placeholder cannot carry its comment, no fix',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": { "containers": [{ "name": "app", "image": "nginx:1.27" }] }
}
`,
      findings: [{ line: 5, column: 30 }],
      output: null,
    },
    {
      name: 'exempt by the kube-linter annotation',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    ignore-check.kube-linter.io/no-liveness-probe: "served by a sidecar"
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
`,
      findings: [{ line: 11, column: 11, exempt: true }],
      output: null,
    },
  ],
});
