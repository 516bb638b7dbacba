import { testControl } from '../../testing/controlTester';
import control from './no-backup-schedule';

const statefulSet = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  template:
    spec:
      containers:
        - name: postgres
          image: postgres:16
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 10Gi}}
`;

const cronJob = (name: string, container: string) => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
  namespace: shop
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
${container}`;

testControl(control, {
  valid: [
    {
      name: 'a Velero Schedule in another file',
      code: statefulSet,
      files: {
        'velero/schedule.yaml': `apiVersion: velero.io/v1
kind: Schedule
metadata:
  name: shop-daily
  namespace: velero
spec:
  schedule: "0 1 * * *"
  template:
    includedNamespaces: [shop]
`,
      },
    },
    {
      name: 'a CronJob named as a backup',
      code: `${statefulSet}---
${cronJob('db-backup', '            - name: dump\n              image: postgres:16\n')}`,
    },
    {
      name: 'a CronJob whose command mentions backup',
      code: statefulSet,
      files: {
        'cron.yaml': cronJob(
          'nightly',
          '            - name: dump\n              image: postgres:16\n              command: ["/bin/sh", "-c", "pg_dump shop | gzip > /backups/shop.sql.gz"]\n',
        ),
      },
    },
    {
      name: 'a CronJob labelled as a backup, with a PVC only',
      code: `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: uploads
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  labels:
    app.kubernetes.io/component: backup
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: sync
              image: rclone/rclone:1.68
`,
    },
    {
      name: 'a CronJob whose image is a backup tool',
      code: statefulSet,
      files: {
        'cron.yaml': cronJob(
          'nightly',
          '            - name: run\n              image: ghcr.io/acme/pg-backup:2.1\n',
        ),
      },
    },
    {
      name: 'not applicable without a StatefulSet or PVC',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
    },
  ],
  invalid: [
    {
      name: 'a StatefulSet and no backup: one workspace finding without a location',
      code: statefulSet,
      findings: [
        {
          line: 0,
          column: 0,
          message:
            'StatefulSet "db" keeps state, but this workspace has no Velero Schedule and no backup CronJob',
        },
      ],
      output: null,
    },
    {
      name: 'an unrelated CronJob, a Velero Backup (not a Schedule) and a Schedule of another group do not count',
      code: `${statefulSet}---
${cronJob('report', '            - name: report\n              image: acme/report:1.0\n              args: [--daily]\n')}---
apiVersion: velero.io/v1
kind: Backup
metadata:
  name: once
---
apiVersion: example.com/v1
kind: Schedule
metadata:
  name: backup
`,
      files: {
        'pvc.yaml': `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: uploads
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: cache
`,
      },
      findings: [
        {
          line: 0,
          column: 0,
          message: 'StatefulSet "db", PersistentVolumeClaim "uploads" and 1 more keep state',
        },
      ],
      output: null,
    },
    {
      name: 'exempt through .kube-maturity.yaml exemptions',
      code: statefulSet,
      settings: {
        exemptions: [{ controls: ['no-backup-schedule'], reason: 'storage snapshots by the provider' }],
      },
      findings: [{ line: 0, column: 0, exempt: true }],
      output: null,
    },
  ],
});
