import { testControl } from '../../testing/controlTester';
import control from './automount-service-account-token';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      serviceAccountName: web
      containers:
        - name: web
          image: nginx:1.27
`;

const serviceAccount = (name: string, namespace: string, automount?: boolean) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${namespace}
${automount === undefined ? '' : `automountServiceAccountToken: ${automount}\n`}`;

const withToken = (code: string) =>
  code.replace(
    '        - name: web\n          image: nginx:1.27\n',
    '        - name: web\n          image: nginx:1.27\n      automountServiceAccountToken: false\n',
  );

testControl(control, {
  valid: [
    {
      name: 'the pod spec sets it false',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  automountServiceAccountToken: false
  containers:
    - name: app
      image: app:1.0
`,
    },
    {
      name: 'the ServiceAccount of the pod, in another file of the namespace, sets it false',
      code: deployment,
      files: { 'sa.yaml': serviceAccount('web', 'shop', false) },
    },
    {
      name: 'the default ServiceAccount of the namespace sets it false',
      code: deployment.replace('      serviceAccountName: web\n', ''),
      files: { 'sa.yaml': serviceAccount('default', 'shop', false) },
    },
    {
      name: 'objects without a pod spec are not checked',
      code: serviceAccount('web', 'shop'),
    },
  ],
  invalid: [
    {
      name: 'no ServiceAccount in the workspace: finding on the template spec, key inserted',
      code: deployment,
      findings: [
        {
          line: 11,
          column: 5,
          message:
            'Deployment shop/web: the ServiceAccount token is mounted: the pod does not set automountServiceAccountToken: false (no ServiceAccount "web" in this workspace)',
          fixClass: 'review',
          fixTitle: /^Add automountServiceAccountToken: false$/,
        },
      ],
      output: withToken(deployment),
    },
    {
      name: 'the ServiceAccount is declared but does not set it false; one in another namespace does not count',
      code: deployment,
      files: { 'sa.yaml': `${serviceAccount('web', 'shop')}---\n${serviceAccount('web', 'staging', false)}` },
      findings: [
        {
          line: 11,
          column: 5,
          message: 'neither the pod nor ServiceAccount "web" sets automountServiceAccountToken: false',
        },
      ],
      output: withToken(deployment),
    },
    {
      name: 'a ServiceAccount of that name only in another namespace',
      code: deployment,
      files: { 'sa.yaml': serviceAccount('web', 'staging', false) },
      findings: [{ line: 11, column: 5, message: '(no ServiceAccount "web" in namespace "shop")' }],
      output: withToken(deployment),
    },
    {
      name: 'the pod sets it true, overriding its ServiceAccount: finding on the key, value replaced',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      automountServiceAccountToken: true   # needs the API
      restartPolicy: Never
      containers:
        - name: migrate
          image: migrate:1.0
---
${serviceAccount('default', 'default', false)}`.replace('  namespace: default\n', ''),
      findings: [
        {
          line: 8,
          column: 7,
          endColumn: 41,
          message: 'automountServiceAccountToken: true mounts the ServiceAccount token into every container',
          fixClass: 'review',
          fixTitle:
            'Set automountServiceAccountToken: false (overrides the explicit `automountServiceAccountToken: true`)',
        },
      ],
      output: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      automountServiceAccountToken: false   # needs the API
      restartPolicy: Never
      containers:
        - name: migrate
          image: migrate:1.0
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
automountServiceAccountToken: false
`,
    },
    {
      name: 'kube-prometheus: the ServiceAccount sets it true explicitly; the pod-spec fix says it overrides that',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: prometheus-adapter
  namespace: monitoring
spec:
  template:
    spec:
      serviceAccountName: prometheus-adapter
      containers:
        - name: prometheus-adapter
          image: registry.k8s.io/prometheus-adapter/prometheus-adapter:v0.12.0
`,
      files: {
        'prometheusAdapter-serviceAccount.yaml': `apiVersion: v1
automountServiceAccountToken: true
kind: ServiceAccount
metadata:
  labels:
    app.kubernetes.io/name: prometheus-adapter
  name: prometheus-adapter
  namespace: monitoring
`,
      },
      findings: [
        {
          line: 8,
          column: 5,
          message:
            'Deployment monitoring/prometheus-adapter: ServiceAccount "prometheus-adapter" sets automountServiceAccountToken: true, and the pod does not set it false',
          fixClass: 'review',
          fixTitle:
            'Add automountServiceAccountToken: false (overrides the explicit `automountServiceAccountToken: true`)',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: prometheus-adapter
  namespace: monitoring
spec:
  template:
    spec:
      serviceAccountName: prometheus-adapter
      containers:
        - name: prometheus-adapter
          image: registry.k8s.io/prometheus-adapter/prometheus-adapter:v0.12.0
      automountServiceAccountToken: false
`,
    },
    {
      name: 'flow-style pod spec',
      code: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: app, image: "app:1.0"}]}
`,
      findings: [{ line: 3, column: 12 }],
      output: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: app, image: "app:1.0"}], automountServiceAccountToken: false}
`,
    },
    {
      name: 'JSON manifest',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [{ "name": "app", "image": "app:1.0" }]
  }
}
`,
      findings: [{ line: 4, column: 17 }],
      output: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [{ "name": "app", "image": "app:1.0" }],
    "automountServiceAccountToken": false
  }
}
`,
    },
    {
      name: 'exempt by the Polaris annotation on the pod template',
      code: deployment.replace(
        '      labels:\n',
        '      annotations:\n        polaris.fairwinds.com/automountServiceAccountToken-exempt: "true"\n      labels:\n',
      ),
      findings: [{ line: 13, column: 5, exempt: true }],
      output: null,
    },
  ],
});
