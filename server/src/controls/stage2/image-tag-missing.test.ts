import { testControl } from '../../testing/controlTester';
import control from './image-tag-missing';

testControl(control, {
  valid: [
    {
      name: 'tagged, digest-pinned and registry-with-port images pass',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: registry.example.com:5000/team/migrate:2.1.0
      containers:
        - name: app
          image: nginx:1.27.3
        - name: pinned
          image: ghcr.io/acme/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        - name: latest-but-pinned
          image: nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
`,
    },
    {
      name: 'objects without pods are not checked',
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  image: nginx
`,
    },
    {
      name: 'ephemeral containers are not checked',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
  ephemeralContainers:
    - name: debug
      image: busybox
`,
    },
  ],
  invalid: [
    {
      name: 'no tag, latest tag, and a registry port that is not a tag',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
        - name: plain
          image: postgres
        - name: latest
          image: "postgres:latest"
        - name: local
          image: localhost:5000/app
        - name: ok
          image: localhost:5000/app:1.0
`,
      findings: [
        {
          line: 10,
          column: 11,
          message: 'StatefulSet db, container plain: image "postgres" has no tag',
          container: 'plain',
        },
        {
          line: 12,
          column: 11,
          message: 'StatefulSet db, container latest: image "postgres:latest" uses the latest tag',
          container: 'latest',
        },
        { line: 14, column: 11, message: 'image "localhost:5000/app" has no tag', container: 'local' },
      ],
      output: null,
    },
    {
      name: 'init containers are checked too',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
          - name: fetch
            image: curlimages/curl:latest
          containers:
          - name: run
            image: acme/report:3.4
`,
      findings: [
        {
          line: 12,
          column: 13,
          message:
            'CronJob nightly, init container fetch: image "curlimages/curl:latest" uses the latest tag',
          container: 'fetch',
        },
      ],
      output: null,
    },
    {
      name: 'JSON Pod',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [{ "name": "app", "image": "redis" }]
  }
}
`,
      findings: [{ line: 6, column: 37, message: 'Pod p, container app: image "redis" has no tag' }],
      output: null,
    },
    {
      name: 'exempt by the kube-linter annotation on the pod template',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      annotations:
        ignore-check.kube-linter.io/latest-tag: "dev image"
    spec:
      containers:
        - name: app
          image: acme/web
`,
      findings: [{ line: 13, column: 11, exempt: true }],
      output: null,
    },
    {
      name: 'exempt by a comment above the container',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    # kube-maturity-ignore image-tag-missing: local development only
    - name: app
      image: acme/web:latest
`,
      findings: [{ line: 9, column: 7, exempt: true }],
      output: null,
    },
  ],
});
