import { testControl } from '../../testing/controlTester';
import control from './docker-socket-mount';

testControl(control, {
  valid: [
    {
      name: 'hostPath volumes on other paths, and a socket volume no container mounts',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        - name: agent
          image: agent:1.0
          volumeMounts:
            - name: varrun
              mountPath: /host/run
      volumes:
        - name: varrun
          hostPath:
            path: /var/run
        - name: unused
          hostPath:
            path: /var/run/docker.sock
`,
    },
    {
      name: 'a PersistentVolume on the socket is not a pod spec',
      code: `apiVersion: v1
kind: PersistentVolume
metadata:
  name: sock
spec:
  capacity:
    storage: 1Gi
  accessModes: [ReadWriteOnce]
  hostPath:
    path: /var/run/docker.sock
`,
    },
  ],
  invalid: [
    {
      name: 'docker.sock mounted by a container: finding on the hostPath path',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ci-runner
spec:
  template:
    spec:
      containers:
        - name: runner
          image: runner:1.0
          volumeMounts:
            - name: docker
              mountPath: /var/run/docker.sock
      volumes:
        - name: docker
          hostPath:
            path: /var/run/docker.sock
            type: Socket
`,
      findings: [
        {
          line: 17,
          column: 13,
          endLine: 17,
          endColumn: 39,
          message:
            'Deployment ci-runner: volume "docker" mounts the container runtime socket /var/run/docker.sock from the node',
        },
      ],
      output: null,
    },
    {
      name: 'containerd and CRI-O sockets, mounted by an init container and a container',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: inspector
spec:
  initContainers:
    - name: probe
      image: crictl:1.30
      volumeMounts:
        - {name: containerd, mountPath: /run/containerd/containerd.sock}
  containers:
    - name: main
      image: crictl:1.30
      volumeMounts:
        - {name: crio, mountPath: /var/run/crio/crio.sock}
  volumes:
    - name: containerd
      hostPath: {path: /run/k3s/containerd/containerd.sock}
    - name: crio
      hostPath: {path: /var/run/crio/crio.sock/}
`,
      findings: [
        { line: 18, column: 18, message: 'socket /run/k3s/containerd/containerd.sock' },
        { line: 20, column: 18, message: 'volume "crio" mounts the container runtime socket' },
      ],
      output: null,
    },
    {
      name: 'JSON Job',
      path: 'job.json',
      code: `{
  "apiVersion": "batch/v1",
  "kind": "Job",
  "metadata": { "name": "build" },
  "spec": {
    "template": {
      "spec": {
        "restartPolicy": "Never",
        "containers": [
          {
            "name": "build",
            "image": "docker:27",
            "volumeMounts": [{ "name": "sock", "mountPath": "/var/run/docker.sock" }]
          }
        ],
        "volumes": [{ "name": "sock", "hostPath": { "path": "/run/docker.sock" } }]
      }
    }
  }
}
`,
      findings: [{ line: 16, column: 53, message: 'Job build: volume "sock"' }],
      output: null,
    },
    {
      name: 'exempt by the kube-linter annotation',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ci-runner
  annotations:
    ignore-check.kube-linter.io/docker-sock: "legacy runner, tracked in OPS-12"
spec:
  template:
    spec:
      containers:
        - name: runner
          image: runner:1.0
          volumeMounts:
            - name: docker
              mountPath: /var/run/docker.sock
      volumes:
        - name: docker
          hostPath:
            path: /var/run/docker.sock
`,
      findings: [{ line: 19, column: 13, exempt: true }],
      output: null,
    },
  ],
});
