import { testControl } from '../../testing/controlTester';
import control from './image-not-pinned-by-digest';

const digest = 'sha256:6a59f1cbb8d28ac484176d52c473494859a512ddba3ea62a547258cf16c9b3ae';

testControl(control, {
  valid: [
    {
      name: 'tag and digest',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27@${digest}
`,
    },
    {
      name: 'digest only, in a CronJob',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: run
              image: registry.example.com/tools/run@${digest}
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
  containers:
    - name: app
      image: app@${digest}
`,
    },
  ],
  invalid: [
    {
      name: 'a tag only: finding on the image key',
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
      findings: [
        {
          line: 10,
          column: 11,
          endLine: 10,
          endColumn: 28,
          message: 'Deployment web, container web: image "nginx:1.27" is not pinned by an @sha256: digest',
          container: 'web',
        },
      ],
      output: null,
    },
    {
      name: 'every container of a Pod is checked; one without an image is skipped',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: "ghcr.io/acme/app"
    - name: sidecar
      image: envoyproxy/envoy:v1.31@${digest}
    - name: broken
`,
      findings: [{ line: 8, column: 7, message: 'image "ghcr.io/acme/app"', container: 'app' }],
      output: null,
    },
    {
      name: 'JSON manifest',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": { "containers": [{ "name": "app", "image": "redis:7" }] }
}
`,
      findings: [{ line: 5, column: 45, container: 'app' }],
      output: null,
    },
    {
      name: 'exempt by a comment on the container',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        # kube-maturity-ignore image-not-pinned-by-digest: digest set by the deploy pipeline
        - name: web
          image: nginx:1.27
`,
      findings: [{ line: 11, column: 11, exempt: true }],
      output: null,
    },
  ],
});
