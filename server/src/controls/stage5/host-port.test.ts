import { testControl } from '../../testing/controlTester';
import control from './host-port';

testControl(control, {
  valid: [
    {
      name: 'container ports without hostPort, hostPort: 0 counts as unset',
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
            - containerPort: 80
            - containerPort: 9090
              hostPort: 0
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
      ports:
        - containerPort: 8080
          hostPort: 8080
  containers:
    - name: app
      image: nginx:1.27
`,
    },
    {
      name: 'a pod on the host network: not checked, host-network reports it (hostPort must equal containerPort there)',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
  namespace: monitoring
spec:
  template:
    spec:
      hostNetwork: true
      hostPID: true
      containers:
        - name: node-exporter
          image: quay.io/prometheus/node-exporter:v1.8.1
          ports:
            - name: metrics
              containerPort: 9100
              hostPort: 9100
`,
    },
  ],
  invalid: [
    {
      name: 'hostPort as the first key of a sequence item: the next key moves onto the dash line',
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
            - hostPort: 80
              containerPort: 80
              protocol: TCP
`,
      findings: [
        {
          line: 12,
          column: 15,
          endLine: 12,
          endColumn: 27,
          message: 'Deployment web, container app: hostPort 80 binds the port on the node',
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
            - containerPort: 80
              protocol: TCP
`,
    },
    {
      name: 'two ports with hostPort in two containers: one finding per port, each fixed',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
      - containerPort: 80
        hostPort: 8080
      - name: https
        containerPort: 443
        hostPort: 8443
    - name: metrics
      image: exporter:1.0
      ports:
      - containerPort: 9100
        hostPort: 9100 # node exporter
`,
      findings: [
        { line: 11, column: 9, container: 'web', message: 'hostPort 8080' },
        { line: 14, column: 9, container: 'web', message: 'hostPort 8443' },
        { line: 19, column: 9, container: 'metrics', message: 'hostPort 9100' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
      - containerPort: 80
      - name: https
        containerPort: 443
    - name: metrics
      image: exporter:1.0
      ports:
      - containerPort: 9100
        # node exporter
`,
    },
    {
      name: 'hostNetwork: false is not the host network: still reported',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostNetwork: false
  containers:
    - name: app
      image: nginx:1.27
      ports:
        - containerPort: 80
          hostPort: 80
`,
      findings: [{ line: 12, column: 11, message: 'hostPort 80' }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostNetwork: false
  containers:
    - name: app
      image: nginx:1.27
      ports:
        - containerPort: 80
`,
    },
    {
      name: 'flow-style port entries',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: proxy
spec:
  template:
    spec:
      containers:
        - name: proxy
          image: envoy:1.30
          ports: [{hostPort: 80, containerPort: 8080}, {containerPort: 9901, hostPort: 9901}]
`,
      findings: [
        { line: 11, column: 20 },
        { line: 11, column: 78 },
      ],
      output: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: proxy
spec:
  template:
    spec:
      containers:
        - name: proxy
          image: envoy:1.30
          ports: [{containerPort: 8080}, {containerPort: 9901}]
`,
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
        "image": "nginx:1.27",
        "ports": [
          {
            "containerPort": 80,
            "hostPort": 80
          }
        ]
      }
    ]
  }
}
`,
      findings: [{ line: 13, column: 13 }],
      output: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "nginx:1.27",
        "ports": [
          {
            "containerPort": 80
          }
        ]
      }
    ]
  }
}
`,
    },
    {
      name: 'exempt by a comment on the container',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ingress
spec:
  template:
    spec:
      containers:
        # kube-maturity-ignore host-port: edge proxy on every node
        - name: proxy
          image: envoy:1.30
          ports:
            - containerPort: 80
              hostPort: 80
`,
      findings: [{ line: 14, column: 15, exempt: true }],
      output: null,
    },
  ],
});
