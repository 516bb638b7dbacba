import { testControl } from '../../testing/controlTester';
import control from './ssh-port-exposed';

testControl(control, {
  valid: [
    {
      name: 'other ports, UDP 22, and a hostPort 22 mapped to another container port',
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
            - containerPort: 22
              protocol: UDP
            - containerPort: 2222
              hostPort: 22
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
        - containerPort: 22
  containers:
    - name: app
      image: nginx:1.27
`,
    },
  ],
  invalid: [
    {
      name: 'containerPort 22 without protocol (TCP by default)',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: bastion
spec:
  template:
    spec:
      containers:
        - name: sshd
          image: openssh-server:9.6
          ports:
            - name: ssh
              containerPort: 22
`,
      findings: [
        {
          line: 13,
          column: 15,
          endLine: 13,
          endColumn: 32,
          message: 'StatefulSet bastion, container sshd: containerPort 22 (SSH) is exposed',
          container: 'sshd',
        },
      ],
      output: null,
    },
    {
      name: 'explicit TCP in a flow-style port list, second container of a Pod',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
    - name: debug
      image: debug:1.0
      ports: [{containerPort: 8080}, {containerPort: 22, protocol: TCP}]
`,
      findings: [{ line: 11, column: 39, container: 'debug' }],
      output: null,
    },
    {
      name: 'JSON CronJob',
      path: 'cron.json',
      code: `{
  "apiVersion": "batch/v1",
  "kind": "CronJob",
  "metadata": { "name": "sync" },
  "spec": {
    "schedule": "@hourly",
    "jobTemplate": {
      "spec": {
        "template": {
          "spec": {
            "containers": [{ "name": "sync", "image": "rsync:3", "ports": [{ "containerPort": 22 }] }]
          }
        }
      }
    }
  }
}
`,
      findings: [{ line: 11, column: 78, message: 'CronJob sync, container sync' }],
      output: null,
    },
    {
      name: 'exempt by kube-linter ignore-all',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: bastion
  annotations:
    kube-linter.io/ignore-all: "bastion host"
spec:
  template:
    spec:
      containers:
        - name: sshd
          image: openssh-server:9.6
          ports:
            - containerPort: 22
`,
      findings: [{ line: 14, column: 15, exempt: true }],
      output: null,
    },
  ],
});
