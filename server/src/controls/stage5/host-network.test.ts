import { testControl } from '../../testing/controlTester';
import control from './host-network';

testControl(control, {
  valid: [
    {
      name: 'hostNetwork absent',
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
`,
    },
    {
      name: 'hostNetwork: false',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostNetwork: false
  containers:
    - name: app
      image: nginx:1.27
`,
    },
    {
      name: 'objects without a pod spec are not checked',
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  hostNetwork: "true"
`,
    },
  ],
  invalid: [
    {
      name: 'Deployment: the key line is removed, comments and neighbours kept',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      # node agent
      hostNetwork: true
      dnsPolicy: ClusterFirstWithHostNet
      containers:
        - name: app
          image: nginx:1.27
`,
      findings: [
        {
          line: 9,
          column: 7,
          endLine: 9,
          endColumn: 24,
          message: "Deployment web: hostNetwork: true shares the node's network namespace",
          fixClass: 'review',
          fixTitle: 'Remove hostNetwork (overrides the explicit `hostNetwork: true`)',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      # node agent
      dnsPolicy: ClusterFirstWithHostNet
      containers:
        - name: app
          image: nginx:1.27
`,
    },
    {
      name: 'Pod, last key of the spec',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
  hostNetwork: true
`,
      findings: [{ line: 9, column: 3, message: 'Pod p: hostNetwork' }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
`,
    },
    {
      name: 'CronJob: the pod spec under jobTemplate is checked',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          hostNetwork: true
          restartPolicy: OnFailure
          containers:
            - name: run
              image: busybox:1.36
`,
      findings: [{ line: 11, column: 11 }],
      output: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: run
              image: busybox:1.36
`,
    },
    {
      name: 'JSON manifest: the member and its comma are removed',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "hostNetwork": true,
    "containers": [{ "name": "app", "image": "nginx:1.27" }]
  }
}
`,
      findings: [{ line: 6, column: 5 }],
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
      name: 'JSON manifest: last member of the spec',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [{ "name": "app", "image": "nginx:1.27" }],
    "hostNetwork": true
  }
}
`,
      findings: [{ line: 7, column: 5 }],
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
      name: 'flow-style pod spec',
      code: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {hostNetwork: true, containers: [{name: app, image: "nginx:1.27"}]}
`,
      findings: [{ line: 4, column: 8 }],
      output: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: app, image: "nginx:1.27"}]}
`,
    },
    {
      name: 'exempt by the kube-linter annotation on the template',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    metadata:
      annotations:
        ignore-check.kube-linter.io/host-network: "node agent needs it"
    spec:
      hostNetwork: true
      containers:
        - name: agent
          image: agent:1.0
`,
      findings: [{ line: 11, column: 7, exempt: true }],
      output: null,
    },
    {
      name: 'exempt by a kube-maturity-ignore comment',
      code: `# kube-maturity-ignore host-network: CNI plugin
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: cni
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: cni
          image: cni:1.0
`,
      findings: [{ line: 9, column: 7, exempt: true }],
      output: null,
    },
  ],
});
