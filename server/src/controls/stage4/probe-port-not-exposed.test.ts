import { testControl } from '../../testing/controlTester';
import control from './probe-port-not-exposed';

testControl(control, {
  valid: [
    {
      name: 'probes on a declared port name and number; exec probes have no port',
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
            - containerPort: 9090
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
          readinessProbe:
            tcpSocket:
              port: 8080
          startupProbe:
            grpc:
              port: 9090
        - name: sidecar
          image: sidecar:1.0
          livenessProbe:
            exec:
              command: [check]
`,
    },
    {
      name: 'the same number declared as UDP and as TCP (DNS): the TCP port serves the probe',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: coredns
          image: coredns/coredns:1.11.1
          ports:
            - name: dns
              containerPort: 53
              protocol: UDP
            - name: dns-tcp
              containerPort: 53
              protocol: TCP
            - name: metrics
              containerPort: 9153
          livenessProbe:
            tcpSocket:
              port: 53
          readinessProbe:
            httpGet:
              path: /ready
              port: metrics
`,
    },
    {
      name: 'a quoted number is read as the number',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      ports: [{ containerPort: 8080 }]
      readinessProbe: { httpGet: { path: /, port: "8080" } }
`,
    },
  ],
  invalid: [
    {
      name: 'a named port that does not exist and a number that is not declared',
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
            httpGet:
              path: /healthz
              port: health
          readinessProbe:
            tcpSocket:
              port: 8081
`,
      findings: [
        {
          line: 17,
          column: 15,
          endLine: 17,
          endColumn: 27,
          message:
            'Deployment web, container app: livenessProbe.httpGet targets port "health", but no container port has that name',
        },
        {
          line: 20,
          column: 15,
          message: 'readinessProbe.tcpSocket targets port 8081, but no containerPort has that number',
        },
      ],
      output: null,
    },
    {
      name: 'a startup grpc probe on a container without ports, in a CronJob',
      code: `apiVersion: batch/v1
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
            startupProbe:
              grpc: {port: 50051}
`,
      findings: [
        {
          line: 15,
          column: 22,
          message: 'startupProbe.grpc targets port 50051, but the container declares no ports',
        },
      ],
      output: null,
    },
    {
      name: 'a port of another container does not count',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: proxy
      image: proxy:1.0
      ports:
        - name: admin
          containerPort: 9901
    - name: app
      image: app:1.0
      livenessProbe:
        httpGet:
          port: admin
`,
      findings: [{ line: 16, column: 11, container: 'app' }],
      output: null,
    },
    {
      name: 'a probe on a port number declared only as UDP, in a DaemonSet',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: statsd
  namespace: monitoring
spec:
  template:
    spec:
      containers:
        - name: statsd
          image: statsd-exporter:0.26
          ports:
            - containerPort: 9125
              protocol: UDP
          livenessProbe:
            tcpSocket:
              port: 9125
`,
      findings: [
        {
          line: 17,
          column: 15,
          message:
            'DaemonSet monitoring/statsd, container statsd: livenessProbe.tcpSocket targets port 9125, but the container declares it as UDP, and the probe connects over TCP',
        },
      ],
      output: null,
    },
    {
      name: 'probes on port names declared as SCTP and UDP (httpGet and grpc), in a StatefulSet',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: gateway
spec:
  template:
    spec:
      containers:
        - name: gateway
          image: gateway:3.2
          ports:
            - name: signalling
              containerPort: 2905
              protocol: SCTP
            - name: health
              containerPort: 8081
              protocol: UDP
          readinessProbe:
            httpGet:
              path: /ready
              port: health
          startupProbe:
            grpc:
              port: 2905
`,
      findings: [
        {
          line: 21,
          column: 15,
          message: 'readinessProbe.httpGet targets port "health", but the container declares it as UDP',
        },
        {
          line: 24,
          column: 15,
          message: 'startupProbe.grpc targets port 2905, but the container declares it as SCTP',
        },
      ],
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
        "ports": [{ "name": "http", "containerPort": 80 }],
        "readinessProbe": { "httpGet": { "path": "/", "port": "web" } }
      }
    ]
  }
}
`,
      findings: [{ line: 11, column: 55, message: 'targets port "web"' }],
      output: null,
    },
    {
      name: 'exempt by the kube-linter annotation on the pod template',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      annotations:
        ignore-check.kube-linter.io/liveness-port: "port opened by the entrypoint"
    spec:
      containers:
        - name: app
          image: web:1.0
          livenessProbe:
            tcpSocket:
              port: 7000
`,
      findings: [{ line: 16, column: 15, exempt: true }],
      output: null,
    },
  ],
});
