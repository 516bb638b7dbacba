import { testControl } from '../../testing/controlTester';
import control from './unmasked-proc-mount';

testControl(control, {
  valid: [
    {
      name: 'procMount absent or Default',
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
          securityContext:
            runAsNonRoot: true
        - name: sidecar
          image: envoy:1.30
          securityContext:
            procMount: Default
`,
    },
    {
      name: 'init containers are not checked',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: builder
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
      securityContext:
        procMount: Unmasked
  containers:
    - name: app
      image: nginx:1.27
`,
    },
  ],
  invalid: [
    {
      name: 'procMount beside other settings: only that line goes',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: builder
spec:
  template:
    spec:
      containers:
        - name: buildkit
          image: moby/buildkit:rootless
          securityContext:
            runAsUser: 1000
            procMount: Unmasked
            seccompProfile:
              type: Unconfined
`,
      findings: [
        {
          line: 13,
          column: 13,
          endLine: 13,
          endColumn: 32,
          message: 'Deployment builder, container buildkit: procMount: Unmasked leaves /proc unmasked',
          container: 'buildkit',
          fixClass: 'review',
          fixTitle: 'Remove securityContext.procMount (overrides the explicit `procMount: Unmasked`)',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: builder
spec:
  template:
    spec:
      containers:
        - name: buildkit
          image: moby/buildkit:rootless
          securityContext:
            runAsUser: 1000
            seccompProfile:
              type: Unconfined
`,
    },
    {
      name: 'procMount alone: the emptied securityContext goes too',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        procMount: Unmasked
      ports:
        - containerPort: 80
`,
      findings: [
        {
          line: 10,
          column: 9,
          fixClass: 'review',
          fixTitle: /^Remove securityContext\.procMount \(overrides the explicit `procMount: Unmasked`\)$/,
        },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      ports:
        - containerPort: 80
`,
    },
    {
      name: 'any value other than Default fails, in a flow mapping',
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
          securityContext: {procMount: Masked, readOnlyRootFilesystem: true}
`,
      findings: [{ line: 11, column: 29, message: 'procMount: Masked' }],
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
          securityContext: {readOnlyRootFilesystem: true}
`,
    },
    {
      name: 'JSON manifest: the securityContext member is removed',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "securityContext": { "procMount": "Unmasked" },
        "image": "nginx:1.27"
      }
    ]
  }
}
`,
      findings: [{ line: 9, column: 30 }],
      output: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "nginx:1.27"
      }
    ]
  }
}
`,
    },
    {
      name: 'exempt by the Polaris annotation',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: builder
  annotations:
    polaris.fairwinds.com/procMount-exempt: "true"
spec:
  template:
    spec:
      containers:
        - name: buildkit
          image: moby/buildkit:rootless
          securityContext:
            procMount: Unmasked
`,
      findings: [{ line: 14, column: 13, exempt: true }],
      output: null,
    },
  ],
});
