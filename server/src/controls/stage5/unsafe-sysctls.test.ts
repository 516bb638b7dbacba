import { testControl } from '../../testing/controlTester';
import control from './unsafe-sysctls';

testControl(control, {
  valid: [
    {
      name: 'safe sysctls only, one written with slashes',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      securityContext:
        sysctls:
          - name: net.ipv4.ip_local_port_range
            value: "1024 65535"
          - name: net/ipv4/tcp_syncookies
            value: "1"
          - name: kernel.shm_rmid_forced
            value: "1"
      containers:
        - name: app
          image: nginx:1.27
`,
    },
    {
      name: 'no sysctls, and a container securityContext is not where sysctls live',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: nginx:1.27
`,
    },
  ],
  invalid: [
    {
      name: 'one finding per unsafe sysctl, on its name',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: redis
spec:
  template:
    spec:
      securityContext:
        sysctls:
          - name: net.core.somaxconn
            value: "1024"
          - name: net.ipv4.tcp_keepalive_time
            value: "300"
          - value: "1"
            name: vm.overcommit_memory
      containers:
        - name: redis
          image: redis:7
`,
      findings: [
        {
          line: 10,
          column: 13,
          endLine: 10,
          endColumn: 37,
          message: 'StatefulSet redis: sysctl "net.core.somaxconn" is outside the Kubernetes safe set',
        },
        { line: 15, column: 13, message: 'sysctl "vm.overcommit_memory"' },
      ],
      output: null,
    },
    {
      name: 'slash-separated names are compared in their dotted form',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: router
spec:
  securityContext:
    sysctls: [{name: net/ipv4/conf/eth0.100/rp_filter, value: "0"}, {name: net/ipv4/ping_group_range, value: "0 0"}]
  containers:
    - name: app
      image: router:1.0
`,
      findings: [{ line: 7, column: 16, message: 'sysctl "net/ipv4/conf/eth0.100/rp_filter"' }],
      output: null,
    },
    {
      name: 'JSON Job',
      path: 'job.json',
      code: `{
  "apiVersion": "batch/v1",
  "kind": "Job",
  "metadata": { "name": "tune" },
  "spec": {
    "template": {
      "spec": {
        "securityContext": { "sysctls": [{ "name": "kernel.msgmax", "value": "65536" }] },
        "containers": [{ "name": "run", "image": "busybox:1.36" }]
      }
    }
  }
}
`,
      findings: [{ line: 8, column: 44, message: 'Job tune: sysctl "kernel.msgmax"' }],
      output: null,
    },
    {
      name: 'exempt by the kube-linter annotation on the pod template',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis
spec:
  template:
    metadata:
      annotations:
        ignore-check.kube-linter.io/unsafe-sysctls: "nodes allow net.core.somaxconn"
    spec:
      securityContext:
        sysctls:
          - name: net.core.somaxconn
            value: "1024"
      containers:
        - name: redis
          image: redis:7
`,
      findings: [{ line: 13, column: 13, exempt: true }],
      output: null,
    },
  ],
});
