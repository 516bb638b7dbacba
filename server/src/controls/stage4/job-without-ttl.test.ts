import { DEFAULT_FIX_DEFAULTS } from '../../engine/config';
import { testControl } from '../../testing/controlTester';
import control from './job-without-ttl';

const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: migrate:1.0
`;

testControl(control, {
  valid: [
    {
      name: 'ttlSecondsAfterFinished set (0 deletes the Job at once)',
      code: job.replace('  backoffLimit: 2\n', '  backoffLimit: 2\n  ttlSecondsAfterFinished: 0\n'),
    },
    {
      name: 'a Job owned by a CronJob is not checked',
      code: job.replace(
        '  name: migrate\n',
        '  name: migrate\n  ownerReferences:\n    - apiVersion: batch/v1\n      kind: CronJob\n      name: nightly\n      uid: 6d1b3c0e-1f7a-4f36-9d55-0a4e5f0c2b11\n',
      ),
    },
    {
      name: 'CronJob job templates are not Job objects and are not checked',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: run
              image: report:1.0
`,
    },
  ],
  invalid: [
    {
      name: 'no ttl: added at the end of spec, finding on spec',
      code: job,
      findings: [
        {
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 5,
          message:
            'Job migrate: no spec.ttlSecondsAfterFinished: the finished Job and its pods are never deleted',
        },
      ],
      output: `${job}  ttlSecondsAfterFinished: 86400
`,
    },
    {
      name: 'ttl: null is filled in with the configured default; another owner kind is still checked',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: step
  ownerReferences:
    - {apiVersion: argoproj.io/v1alpha1, kind: Workflow, name: wf, uid: 1}
spec:
  ttlSecondsAfterFinished:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: step
          image: step:1.0
`,
      settings: { fixDefaults: { ...DEFAULT_FIX_DEFAULTS, jobTtlSecondsAfterFinished: 3600 } },
      findings: [{ line: 8, column: 3, endLine: 8, endColumn: 27 }],
      output: `apiVersion: batch/v1
kind: Job
metadata:
  name: step
  ownerReferences:
    - {apiVersion: argoproj.io/v1alpha1, kind: Workflow, name: wf, uid: 1}
spec:
  ttlSecondsAfterFinished: 3600
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: step
          image: step:1.0
`,
    },
    {
      name: 'no spec at all: spec is created, finding on metadata.name',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: empty
`,
      findings: [{ line: 4, column: 3 }],
      output: `apiVersion: batch/v1
kind: Job
metadata:
  name: empty
spec:
  ttlSecondsAfterFinished: 86400
`,
    },
    {
      name: 'JSON manifest',
      path: 'job.json',
      code: `{
  "apiVersion": "batch/v1",
  "kind": "Job",
  "metadata": { "name": "migrate" },
  "spec": {
    "template": { "spec": { "restartPolicy": "Never", "containers": [{ "name": "m", "image": "m:1" }] } }
  }
}
`,
      findings: [{ line: 5, column: 3 }],
      output: `{
  "apiVersion": "batch/v1",
  "kind": "Job",
  "metadata": { "name": "migrate" },
  "spec": {
    "template": { "spec": { "restartPolicy": "Never", "containers": [{ "name": "m", "image": "m:1" }] } },
    "ttlSecondsAfterFinished": 86400
  }
}
`,
    },
    {
      name: 'exempt by the kube-linter annotation',
      code: job.replace(
        '  name: migrate\n',
        '  name: migrate\n  annotations:\n    ignore-check.kube-linter.io/job-ttl-seconds-after-finished: "kept for audit"\n',
      ),
      findings: [{ line: 7, column: 1, exempt: true }],
      output: null,
    },
  ],
});
