import { testControl } from '../../testing/controlTester';
import control from './missing-priority-class';

testControl(control, {
  valid: [
    {
      name: 'priorityClassName set on a Deployment template',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
spec:
  template:
    spec:
      priorityClassName: business-critical
      containers:
        - name: cart
          image: cart:1.0
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
      restartPolicy: Never
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
          restartPolicy: OnFailure
          containers:
            - name: run
              image: run:1.0
`,
    },
    {
      name: 'objects without a pod spec are not checked',
      code: `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: business-critical
value: 100000
`,
    },
  ],
  invalid: [
    {
      name: 'Deployment without priorityClassName: finding on the template spec',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
spec:
  template:
    spec:
      containers:
        - name: cart
          image: cart:1.0
`,
      findings: [{ line: 7, column: 5, message: 'Deployment cart: no priorityClassName' }],
      output: null,
    },
    {
      name: 'a bare Pod: finding on its name',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: sh
      image: busybox:1.36
`,
      findings: [{ line: 4, column: 3, message: 'Pod debug: no priorityClassName' }],
      output: null,
    },
    {
      name: 'an empty priorityClassName on a StatefulSet and a DaemonSet',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      priorityClassName: ""
      containers:
        - name: db
          image: postgres:16
---
apiVersion: apps/v1
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
        { line: 8, column: 7, endColumn: 28, message: 'StatefulSet db: priorityClassName is empty' },
        { line: 19, column: 5, message: 'DaemonSet agent: no priorityClassName' },
      ],
      output: null,
    },
    {
      name: 'JSON manifest',
      path: 'deploy.json',
      code: `{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": { "name": "cart" },
  "spec": { "template": { "spec": { "containers": [{ "name": "cart", "image": "cart:1.0" }] } } }
}
`,
      findings: [{ line: 5, column: 27 }],
      output: null,
    },
    {
      name: "kube-linter's priority-class-name annotation does not exempt it: not an equivalent (catalog 1.1)",
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
spec:
  template:
    metadata:
      annotations:
        ignore-check.kube-linter.io/priority-class-name: "cluster has a default PriorityClass"
    spec:
      containers:
        - name: cart
          image: cart:1.0
`,
      findings: [{ line: 10, column: 5, exempt: false }],
      output: null,
    },
  ],
});
