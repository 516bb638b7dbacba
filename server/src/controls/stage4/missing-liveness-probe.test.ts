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
          fixClass: 'review',
          fixTitle: 'Add a livenessProbe: tcpSocket on port http',
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
          failureThreshold: 6
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
      findings: [
        { line: 9, column: 11, container: 'db', fixTitle: 'Add a livenessProbe: tcpSocket on port 5432' },
      ],
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
            failureThreshold: 6
`,
    },
    {
      name: 'no port on a DaemonSet: a draft, commented placeholder that leaves the finding in place',
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
      findings: [
        {
          line: 9,
          column: 11,
          message: 'no livenessProbe',
          fixClass: 'draft',
          fixTitle:
            /^Add a commented livenessProbe placeholder to fill in \(the container declares no TCP port/,
        },
      ],
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
            # kube-maturity: draft livenessProbe. The container declares no port to probe: write the check and uncomment it.
            # exec:
            #   command: [<a command that fails when the process is stuck>]
            # initialDelaySeconds: 10
            # periodSeconds: 10
            # failureThreshold: 6
`,
      remaining: 1,
    },
    {
      name: 'only a UDP port: nothing to connect to over TCP, so a draft placeholder (timings from settings)',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dns
  namespace: infra
spec:
  replicas: 2
  template:
    spec:
      containers:
      - name: dns
        image: coredns:1.11
        ports:
        - name: dns
          containerPort: 53
          protocol: UDP
`,
      settings: {
        fixDefaults: { ...DEFAULT_FIX_DEFAULTS, probeInitialDelaySeconds: 5, probePeriodSeconds: 20 },
      },
      findings: [
        {
          line: 11,
          column: 9,
          message: 'Deployment infra/dns, container dns: no livenessProbe',
          fixClass: 'draft',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dns
  namespace: infra
spec:
  replicas: 2
  template:
    spec:
      containers:
      - name: dns
        image: coredns:1.11
        ports:
        - name: dns
          containerPort: 53
          protocol: UDP
        livenessProbe:
          # kube-maturity: draft livenessProbe. The container declares no port to probe: write the check and uncomment it.
          # exec:
          #   command: [<a command that fails when the process is stuck>]
          # initialDelaySeconds: 5
          # periodSeconds: 20
          # failureThreshold: 6
`,
      remaining: 1,
    },
    {
      name: 'a placeholder left unfilled (a null livenessProbe without a port): still a finding, no second fix',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  template:
    spec:
      containers:
        - name: worker
          image: worker:1.0
          livenessProbe:
            # kube-maturity: draft livenessProbe. The container declares no port to probe: write the check and uncomment it.
            # exec:
            #   command: [<a command that fails when the process is stuck>]
`,
      findings: [
        {
          line: 11,
          column: 11,
          message: 'no livenessProbe',
          fixWithheld: 'the container declares no TCP port to probe; write the livenessProbe check by hand',
        },
      ],
      output: null,
    },
    {
      name: 'a readinessProbe as the readiness fix writes it: the liveness probe added differs from it',
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
            - containerPort: 8080
          readinessProbe:
            tcpSocket:
              port: 8080
            initialDelaySeconds: 10
            periodSeconds: 10
`,
      findings: [
        { line: 9, column: 11, fixClass: 'review', fixTitle: 'Add a livenessProbe: tcpSocket on port 8080' },
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
          image: web:1.0
          ports:
            - containerPort: 8080
          readinessProbe:
            tcpSocket:
              port: 8080
            initialDelaySeconds: 10
            periodSeconds: 10
          livenessProbe:
            tcpSocket:
              port: 8080
            initialDelaySeconds: 10
            periodSeconds: 10
            failureThreshold: 6
`,
    },
    {
      name: 'a readinessProbe identical to the liveness probe the fix would add: withheld rather than duplicated',
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
            - containerPort: 8080
          readinessProbe:
            failureThreshold: 6
            periodSeconds: 10
            initialDelaySeconds: 10
            tcpSocket: {port: 8080}
`,
      findings: [
        {
          line: 9,
          column: 11,
          fixWithheld: 'the livenessProbe it would add is identical to the readinessProbe',
        },
      ],
      output: null,
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
        failureThreshold: 6
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
        {
          line: 11,
          column: 11,
          message: 'livenessProbe has no exec, httpGet, tcpSocket or grpc handler',
          fixWithheld: 'the livenessProbe is there but checks nothing',
        },
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
          "periodSeconds": 10,
          "failureThreshold": 6
        }
      }
    ]
  }
}
`,
    },
    {
      name: 'JSON manifest without ports: the placeholder cannot carry its comment, the fix is withheld',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": { "containers": [{ "name": "app", "image": "nginx:1.27" }] }
}
`,
      findings: [{ line: 5, column: 30, fixWithheld: 'a JSON file cannot hold the commented placeholder' }],
      output: null,
    },
    {
      name: 'flow-style container without ports: withheld, a flow mapping cannot hold the comment',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - {name: app, image: "app:1.0"}
`,
      findings: [
        { line: 7, column: 8, fixWithheld: 'a flow-style container cannot hold the commented placeholder' },
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
