import { testControl } from '../../testing/controlTester';
import control from './privilege-escalation';

testControl(control, {
  valid: [
    {
      name: 'allowPrivilegeEscalation: false on every container, init containers too',
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
          securityContext: { allowPrivilegeEscalation: false }
      containers:
        - name: app
          image: web:1.0
          securityContext:
            allowPrivilegeEscalation: false
`,
    },
  ],
  invalid: [
    {
      name: 'no securityContext: created on the container; an init container without one fails too',
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
          securityContext:
            allowPrivilegeEscalation: false
`,
      findings: [
        {
          line: 9,
          column: 11,
          container: 'setup',
          message:
            'Deployment web, init container setup: no allowPrivilegeEscalation: false; escalation is allowed by default',
          fixClass: 'review',
          fixTitle: /^Add securityContext\.allowPrivilegeEscalation: false$/,
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
            allowPrivilegeEscalation: false
      containers:
        - name: app
          image: web:1.0
          securityContext:
            allowPrivilegeEscalation: false
`,
    },
    {
      name: 'allowPrivilegeEscalation: true is replaced in place',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      securityContext:
        allowPrivilegeEscalation: true  # needed?
        runAsNonRoot: true
`,
      findings: [
        {
          line: 10,
          column: 9,
          endLine: 10,
          endColumn: 39,
          message: 'allowPrivilegeEscalation is not false',
          fixClass: 'review',
          fixTitle:
            'Set securityContext.allowPrivilegeEscalation: false (overrides the explicit `allowPrivilegeEscalation: true`)',
        },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: web:1.0
      securityContext:
        allowPrivilegeEscalation: false  # needed?
        runAsNonRoot: true
`,
    },
    {
      name: 'a securityContext without the key, in a CronJob: added beside the others',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: run
            image: run:1.0
            securityContext:
              runAsNonRoot: true
`,
      findings: [{ line: 14, column: 13 }],
      output: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: run
            image: run:1.0
            securityContext:
              runAsNonRoot: true
              allowPrivilegeEscalation: false
`,
    },
    {
      name: 'beside privileged: true or an added CAP_SYS_ADMIN the API server rejects the fix: withheld',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: istio-cni-node
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: install-cni
          image: docker.io/istio/install-cni:1.22.0
          securityContext:
            privileged: true
        - name: repair
          image: docker.io/istio/install-cni:1.22.0
          securityContext:
            allowPrivilegeEscalation: true
            capabilities:
              add: [CAP_SYS_ADMIN]
`,
      findings: [
        {
          line: 12,
          column: 11,
          container: 'install-cni',
          fixWithheld: 'the container is privileged: true',
        },
        {
          line: 17,
          column: 13,
          container: 'repair',
          fixWithheld: 'capabilities.add holds CAP_SYS_ADMIN',
        },
      ],
      output: null,
    },
    {
      name: 'JSON manifest without a securityContext',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "web:1.0"
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
        "image": "web:1.0",
        "securityContext": {
          "allowPrivilegeEscalation": false
        }
      }
    ]
  }
}
`,
    },
    {
      name: 'exempt by the Polaris catch-all annotation',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    polaris.fairwinds.com/exempt: "true"
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
