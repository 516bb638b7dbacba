import { testControl } from '../../testing/controlTester';
import control from './bare-pod';

testControl(control, {
  valid: [
    {
      name: 'a Pod owned by a controller is not checked',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: web-7d9f-abcde
  ownerReferences:
    - apiVersion: apps/v1
      kind: ReplicaSet
      name: web-7d9f
      uid: 2b6f0c1e-0000-0000-0000-000000000000
spec:
  containers:
    - name: web
      image: nginx:1.27
`,
    },
    {
      name: 'workloads with a template are not bare pods',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
    },
  ],
  invalid: [
    {
      name: 'a labelled Pod becomes a Deployment; comments in the spec are kept',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels:
    app: web
    tier: "1"
spec:   # the pod
  # serve on 8080
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 8080   # http
`,
      findings: [
        {
          line: 4,
          column: 3,
          message:
            'Pod shop/web: declared as a bare Pod: nothing recreates it when it is evicted or its node fails',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
    tier: "1"
spec:   # the pod
  selector:
    matchLabels:
      app: web
      tier: "1"
  template:
    metadata:
      labels:
        app: web
        tier: "1"
    spec:
      # serve on 8080
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 8080   # http
`,
    },
    {
      name: 'no labels: app=<name> is added; 4-space file, block scalar and annotations carried over',
      code: `apiVersion: v1
kind: Pod
metadata:
    name: Worker_1
    annotations:
        prometheus.io/scrape: "true"
spec:
    containers:
    - name: worker
      image: acme/worker:2.0
      args:
      - |
        line one

          indented line
    restartPolicy: Always
---
apiVersion: v1
kind: Service
metadata:
    name: worker
`,
      findings: [{ line: 4, column: 5, message: 'Pod Worker_1: declared as a bare Pod' }],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
    name: Worker_1
    annotations:
        prometheus.io/scrape: "true"
spec:
    selector:
        matchLabels:
            app: worker_1
    template:
        metadata:
            labels:
                app: worker_1
            annotations:
                prometheus.io/scrape: "true"
        spec:
            containers:
            - name: worker
              image: acme/worker:2.0
              args:
              - |
                line one

                  indented line
            restartPolicy: Always
---
apiVersion: v1
kind: Service
metadata:
    name: worker
`,
    },
    {
      name: 'CRLF line endings are kept',
      code: 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\n  labels: {app: p}\r\nspec:\r\n  containers:\r\n  - name: c\r\n    image: acme/c:1\r\n',
      findings: [{ line: 4, column: 3 }],
      output:
        'apiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: p\r\n  labels: {app: p}\r\nspec:\r\n  selector:\r\n    matchLabels:\r\n      app: p\r\n  template:\r\n    metadata:\r\n      labels:\r\n        app: p\r\n    spec:\r\n      containers:\r\n      - name: c\r\n        image: acme/c:1\r\n',
    },
    {
      name: 'a run-to-completion Pod is reported but not converted (it belongs in a Job)',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: migrate
spec:
  restartPolicy: Never
  containers:
    - name: migrate
      image: acme/migrate:1.0
`,
      findings: [{ line: 4, column: 3 }],
      output: null,
    },
    {
      name: 'JSON Pod: reported, no conversion offered',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": { "containers": [{ "name": "c", "image": "acme/c:1" }] }
}
`,
      findings: [{ line: 4, column: 17, message: 'Pod p: declared as a bare Pod' }],
      output: null,
    },
    {
      name: 'exempt by annotation',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: debug
  annotations:
    kube-maturity.io/ignore: "bare-pod,image-tag-missing"
    kube-maturity.io/ignore-reason: "debugging aid, deleted after use"
spec:
  containers:
    - name: shell
      image: busybox
`,
      findings: [{ line: 4, column: 3, exempt: true }],
      output: null,
    },
  ],
});
