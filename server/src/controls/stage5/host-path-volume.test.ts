import { testControl } from '../../testing/controlTester';
import control from './host-path-volume';

testControl(control, {
  valid: [
    {
      name: 'emptyDir, configMap and PVC volumes',
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
      volumes:
        - name: tmp
          emptyDir: {}
        - name: config
          configMap:
            name: db-config
        - name: data
          persistentVolumeClaim:
            claimName: data
`,
    },
    {
      name: 'a PersistentVolume with hostPath is not a pod spec',
      code: `apiVersion: v1
kind: PersistentVolume
metadata:
  name: local
spec:
  capacity:
    storage: 1Gi
  accessModes: [ReadWriteOnce]
  hostPath:
    path: /mnt/data
`,
    },
  ],
  invalid: [
    {
      name: 'one finding per hostPath volume, on its hostPath key',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: logs
spec:
  template:
    spec:
      containers:
        - name: shipper
          image: fluent-bit:3.0
          volumeMounts:
            - name: varlog
              mountPath: /var/log
              readOnly: true
      volumes:
        - name: varlog
          hostPath:
            path: /var/log
        - name: buffer
          emptyDir: {}
        - name: machine-id
          hostPath: {path: /etc/machine-id, type: File}
`,
      findings: [
        {
          line: 17,
          column: 11,
          endLine: 17,
          endColumn: 19,
          message: 'DaemonSet logs: volume "varlog" mounts host path /var/log',
        },
        { line: 22, column: 11, message: 'volume "machine-id" mounts host path /etc/machine-id' },
      ],
      output: null,
    },
    {
      name: 'Pod in JSON, hostPath without a path',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [{ "name": "app", "image": "nginx:1.27" }],
    "volumes": [{ "name": "host", "hostPath": {} }]
  }
}
`,
      findings: [{ line: 7, column: 35, message: 'Pod p: volume "host" mounts a host path' }],
      output: null,
    },
    {
      name: 'CronJob: hostPath volume even when no container mounts it',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: cleanup
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: run
              image: busybox:1.36
          volumes:
            - hostPath:
                path: /tmp
              name: scratch
`,
      findings: [{ line: 16, column: 15, message: 'volume "scratch" mounts host path /tmp' }],
      output: null,
    },
    {
      name: 'exempt by the Polaris exempt-all annotation',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: logs
  annotations:
    polaris.fairwinds.com/exempt: "true"
spec:
  template:
    spec:
      containers:
        - name: shipper
          image: fluent-bit:3.0
      volumes:
        - name: varlog
          hostPath:
            path: /var/log
`,
      findings: [{ line: 15, column: 11, exempt: true }],
      output: null,
    },
  ],
});
