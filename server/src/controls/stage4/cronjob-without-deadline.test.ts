import { DEFAULT_FIX_DEFAULTS } from '../../engine/config';
import { testControl } from '../../testing/controlTester';
import control from './cronjob-without-deadline';

const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"   # UTC
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: run
              image: report:1.0
`;

testControl(control, {
  valid: [
    {
      name: 'startingDeadlineSeconds set',
      code: cronJob.replace(
        '  concurrencyPolicy: Forbid\n',
        '  concurrencyPolicy: Forbid\n  startingDeadlineSeconds: 600\n',
      ),
    },
    {
      name: 'Jobs are not checked',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: once
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
      name: 'no deadline: added at the end of spec, finding on spec',
      code: cronJob,
      findings: [
        {
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 5,
          message: 'CronJob nightly: no spec.startingDeadlineSeconds',
        },
      ],
      output: `${cronJob}  startingDeadlineSeconds: 200
`,
    },
    {
      name: 'batch/v1beta1, 4-space indentation, deadline from the settings',
      code: `apiVersion: batch/v1beta1
kind: CronJob
metadata:
    name: cleanup
spec:
    schedule: "*/15 * * * *"
    jobTemplate:
        spec:
            template:
                spec:
                    restartPolicy: OnFailure
                    containers:
                        - name: cleanup
                          image: cleanup:1.0
`,
      settings: { fixDefaults: { ...DEFAULT_FIX_DEFAULTS, startingDeadlineSeconds: 60 } },
      findings: [{ line: 5, column: 1 }],
      output: `apiVersion: batch/v1beta1
kind: CronJob
metadata:
    name: cleanup
spec:
    schedule: "*/15 * * * *"
    jobTemplate:
        spec:
            template:
                spec:
                    restartPolicy: OnFailure
                    containers:
                        - name: cleanup
                          image: cleanup:1.0
    startingDeadlineSeconds: 60
`,
    },
    {
      name: 'flow-style spec and a null deadline in another CronJob of the file',
      code: `apiVersion: batch/v1
kind: CronJob
metadata: {name: a}
spec: {schedule: "@hourly", jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: a, image: "a:1"}]}}}}}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: b
spec:
  startingDeadlineSeconds: ~
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: b
              image: b:1
`,
      findings: [
        { line: 4, column: 1, message: 'CronJob a' },
        { line: 11, column: 3, endColumn: 29, message: 'CronJob b' },
      ],
      output: `apiVersion: batch/v1
kind: CronJob
metadata: {name: a}
spec: {schedule: "@hourly", jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: a, image: "a:1"}]}}}}, startingDeadlineSeconds: 200}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: b
spec:
  startingDeadlineSeconds: 200
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: b
              image: b:1
`,
    },
    {
      name: 'JSON manifest',
      path: 'cronjob.json',
      code: `{
  "apiVersion": "batch/v1",
  "kind": "CronJob",
  "metadata": { "name": "nightly" },
  "spec": {
    "schedule": "0 3 * * *",
    "jobTemplate": { "spec": { "template": { "spec": { "containers": [] } } } }
  }
}
`,
      findings: [{ line: 5, column: 3 }],
      output: `{
  "apiVersion": "batch/v1",
  "kind": "CronJob",
  "metadata": { "name": "nightly" },
  "spec": {
    "schedule": "0 3 * * *",
    "jobTemplate": { "spec": { "template": { "spec": { "containers": [] } } } },
    "startingDeadlineSeconds": 200
  }
}
`,
    },
    {
      name: 'exempt by a comment on the line above',
      code: `# kube-maturity-ignore cronjob-without-deadline: may run late by design\n${cronJob}`,
      findings: [{ line: 6, column: 1, exempt: true }],
      output: null,
    },
  ],
});
