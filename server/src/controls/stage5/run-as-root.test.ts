import { testControl } from '../../testing/controlTester';
import control from './run-as-root';

testControl(control, {
  valid: [
    {
      name: 'pod-level runAsNonRoot covers every container, init containers too',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
      initContainers:
        - name: setup
          image: busybox:1.36
      containers:
        - name: app
          image: web:1.0
`,
    },
    {
      name: 'a non-zero runAsUser on the container or on the pod',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsUser: 1000
  containers:
    - name: a
      image: a:1.0
    - name: b
      image: b:1.0
      securityContext:
        runAsUser: 65532
        runAsNonRoot: false
`,
    },
    {
      name: 'kube-prometheus style: runAsNonRoot with non-zero user and group; a container group overrides the pod root group',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: prometheus-operator
  namespace: monitoring
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 65534
        runAsGroup: 0
      containers:
        - name: prometheus-operator
          image: quay.io/prometheus-operator/prometheus-operator:v0.75.0
          securityContext:
            runAsGroup: 65534
        - name: kube-rbac-proxy
          image: quay.io/brancz/kube-rbac-proxy:v0.18.0
          securityContext:
            runAsGroup: 65532
            runAsUser: 65532
`,
    },
  ],
  invalid: [
    {
      name: 'no securityContext anywhere: the container gets one, init containers checked too',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
      - name: setup
        image: busybox:1.36
      containers:
      - name: app
        image: web:1.0
`,
      findings: [
        {
          line: 9,
          column: 9,
          container: 'setup',
          message:
            'Deployment web, init container setup: neither the container nor the pod sets runAsNonRoot: true or a non-zero runAsUser',
        },
        {
          line: 12,
          column: 9,
          container: 'app',
          fixClass: 'review',
          fixTitle: /^Add securityContext\.runAsNonRoot: true$/,
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
      - name: setup
        image: busybox:1.36
        securityContext:
          runAsNonRoot: true
      containers:
      - name: app
        image: web:1.0
        securityContext:
          runAsNonRoot: true
`,
    },
    {
      name: 'the container overrides the pod with runAsNonRoot: false: replaced in place',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: web:1.0
      securityContext:
        runAsNonRoot: false
        readOnlyRootFilesystem: true
`,
      findings: [
        {
          line: 12,
          column: 9,
          endLine: 12,
          endColumn: 28,
          message: 'runAsNonRoot: false lets the container run as root',
          fixClass: 'review',
          fixTitle: 'overrides the explicit `runAsNonRoot: false`',
        },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: web:1.0
      securityContext:
        runAsNonRoot: true
        readOnlyRootFilesystem: true
`,
    },
    {
      name: 'runAsUser: 0 on the container fails even with runAsNonRoot: true; no fix',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      securityContext:
        runAsNonRoot: true
        runAsUser: 0
`,
      findings: [
        {
          line: 11,
          column: 9,
          message: 'runAsUser: 0 runs the container as root',
          fixWithheld: 'runAsUser: 0 asks for root explicitly',
        },
      ],
      output: null,
    },
    {
      name: "the pod's runAsNonRoot: false, and a securityContext without the key: added beside the others",
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: false
      containers:
        - name: db
          image: postgres:16
          securityContext:
            allowPrivilegeEscalation: false
`,
      findings: [
        {
          line: 9,
          column: 9,
          message: "the pod's runAsNonRoot: false",
          fixClass: 'review',
          fixTitle: 'Add securityContext.runAsNonRoot: true (overrides the explicit `runAsNonRoot: false`)',
        },
      ],
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: false
      containers:
        - name: db
          image: postgres:16
          securityContext:
            allowPrivilegeEscalation: false
            runAsNonRoot: true
`,
    },
    {
      name: "the pod's runAsGroup: 0 fails even with runAsNonRoot: true; the container gets its user's group",
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v1
  namespace: bookinfo
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        runAsGroup: 0
      containers:
        - name: reviews
          image: docker.io/istio/examples-bookinfo-reviews-v1:1.20.2
          securityContext:
            runAsUser: 1000
`,
      findings: [
        {
          line: 11,
          column: 9,
          container: 'reviews',
          message:
            "Deployment bookinfo/reviews-v1, container reviews: the pod's runAsGroup: 0 runs the container in the root group, even though the user is not root",
          fixClass: 'review',
          fixTitle:
            'Set securityContext.runAsGroup: 1000, the group of runAsUser 1000 (overrides the explicit `runAsGroup: 0`)',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v1
  namespace: bookinfo
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        runAsGroup: 0
      containers:
        - name: reviews
          image: docker.io/istio/examples-bookinfo-reviews-v1:1.20.2
          securityContext:
            runAsUser: 1000
            runAsGroup: 1000
`,
    },
    {
      name: "the container's own runAsGroup: 0 (flow style) is replaced by its runAsUser",
      code: `apiVersion: v1
kind: Pod
metadata:
  name: details
spec:
  containers:
    - name: details
      image: docker.io/istio/examples-bookinfo-details-v1:1.20.2
      securityContext: {runAsUser: 1001, runAsGroup: 0}
`,
      findings: [
        {
          line: 9,
          column: 42,
          message: 'runAsGroup: 0 runs the container in the root group, even though the user is not root',
          fixClass: 'review',
          fixTitle: 'overrides the explicit `runAsGroup: 0`',
        },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: details
spec:
  containers:
    - name: details
      image: docker.io/istio/examples-bookinfo-details-v1:1.20.2
      securityContext: {runAsUser: 1001, runAsGroup: 1001}
`,
    },
    {
      name: 'runAsGroup: 0 with runAsNonRoot: true and no runAsUser: the group must be chosen, no fix',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: alertmanager-main
  namespace: monitoring
spec:
  template:
    spec:
      containers:
        - name: alertmanager
          image: quay.io/prometheus/alertmanager:v0.27.0
          securityContext:
            runAsNonRoot: true
            runAsGroup: 0
`,
      findings: [
        {
          line: 14,
          column: 13,
          message: 'runAsGroup: 0 runs the container in the root group, even though the user is not root',
          fixWithheld: 'runAsGroup: 0 is an explicit choice',
        },
      ],
      output: null,
    },
    {
      name: 'root user and root group: one finding for each, no fix',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  securityContext:
    runAsUser: 0
    runAsGroup: 0
  containers:
    - name: shell
      image: busybox:1.36
`,
      findings: [
        {
          line: 7,
          column: 5,
          message: "Pod debug, container shell: the pod's runAsUser: 0 runs the container as root",
        },
        {
          line: 8,
          column: 5,
          message: /the pod's runAsGroup: 0 runs the container in the root group$/,
          fixWithheld: 'no non-zero runAsUser',
        },
      ],
      output: null,
    },
    {
      name: 'an empty flow securityContext is expanded',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      securityContext: {}
`,
      findings: [{ line: 9, column: 7 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      securityContext:
        runAsNonRoot: true
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
        "image": "web:1.0",
        "securityContext": { "privileged": false }
      }
    ]
  }
}
`,
      findings: [{ line: 10, column: 9 }],
      output: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "web:1.0",
        "securityContext": { "privileged": false, "runAsNonRoot": true }
      }
    ]
  }
}
`,
    },
    {
      name: 'exempt by the own annotation',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    kube-maturity.io/ignore: "run-as-root"
spec:
  containers:
    - name: app
      image: web:1.0
`,
      findings: [{ line: 9, column: 7, exempt: true }],
      output: null,
    },
  ],
});
