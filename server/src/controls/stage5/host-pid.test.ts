import { testControl } from '../../testing/controlTester';
import control from './host-pid';

testControl(control, {
  valid: [
    {
      name: 'hostPID absent, shareProcessNamespace is not hostPID',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      shareProcessNamespace: true
      containers:
        - name: db
          image: postgres:16
`,
    },
    {
      name: 'hostPID: false',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostPID: false
  containers:
    - name: app
      image: nginx:1.27
`,
    },
    {
      name: 'a Service is not checked',
      code: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
`,
    },
  ],
  invalid: [
    {
      name: 'DaemonSet: the key line is removed',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: monitor
spec:
  template:
    spec:
      hostPID: true   # needed to list node processes
      containers:
        - name: agent
          image: agent:1.0
`,
      findings: [
        {
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 20,
          message: "DaemonSet monitor: hostPID: true shares the node's process namespace",
          fixClass: 'review',
          fixTitle: 'Remove hostPID (overrides the explicit `hostPID: true`)',
        },
      ],
      output: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: monitor
spec:
  template:
    spec:
      # needed to list node processes
      containers:
        - name: agent
          image: agent:1.0
`,
    },
    {
      name: 'Job with CRLF line endings',
      code: 'apiVersion: batch/v1\r\nkind: Job\r\nmetadata:\r\n  name: once\r\nspec:\r\n  template:\r\n    spec:\r\n      restartPolicy: Never\r\n      hostPID: true\r\n      containers:\r\n        - name: run\r\n          image: busybox:1.36\r\n',
      findings: [{ line: 9, column: 7 }],
      output:
        'apiVersion: batch/v1\r\nkind: Job\r\nmetadata:\r\n  name: once\r\nspec:\r\n  template:\r\n    spec:\r\n      restartPolicy: Never\r\n      containers:\r\n        - name: run\r\n          image: busybox:1.36\r\n',
    },
    {
      name: 'JSON manifest',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "hostPID": true,
    "containers": [{ "name": "app", "image": "nginx:1.27" }]
  }
}
`,
      findings: [{ line: 6, column: 5, message: 'Pod p: hostPID' }],
      output: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [{ "name": "app", "image": "nginx:1.27" }]
  }
}
`,
    },
    {
      name: 'exempt by the Polaris annotation',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: monitor
  annotations:
    polaris.fairwinds.com/hostPIDSet-exempt: "true"
spec:
  template:
    spec:
      hostPID: true
      containers:
        - name: agent
          image: agent:1.0
`,
      findings: [{ line: 10, column: 7, exempt: true }],
      output: null,
    },
  ],
});
