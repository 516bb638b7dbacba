import { testControl } from '../../testing/controlTester';
import control from './deprecated-api-version';

const pdb = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: web
`;

const cronJob = (apiVersion: string) => `apiVersion: ${apiVersion} # scheduled report
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: report:1.0
`;

testControl(control, {
  valid: [
    {
      name: 'current API versions pass',
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
---
${pdb('policy/v1')}`,
    },
    {
      name: 'an API deprecated after the target Kubernetes version passes',
      code: cronJob('batch/v1beta1'),
      settings: { kubernetesVersion: '1.20' },
    },
    {
      name: 'custom resources are not in the table',
      code: `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
`,
    },
  ],
  invalid: [
    {
      name: 'policy/v1beta1 PodDisruptionBudget removed in the default target: error, apiVersion replaced',
      code: pdb('policy/v1beta1'),
      findings: [
        {
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 27,
          severity: 'error',
          message:
            'PodDisruptionBudget shop/web: policy/v1beta1 PodDisruptionBudget was removed in Kubernetes 1.25 (deprecated in 1.21): use policy/v1',
        },
      ],
      output: pdb('policy/v1'),
    },
    {
      name: 'the swap is safe when the schema did not change: a PDB with a selector',
      code: pdb('policy/v1beta1'),
      findings: [{ line: 1, column: 1, fixClass: 'safe', fixTitle: 'Set apiVersion: policy/v1' }],
      output: pdb('policy/v1'),
    },
    {
      name: 'a v1beta1 PDB with an empty selector selects no pod, in v1 every pod: the swap is review and says why',
      code: pdb('policy/v1beta1').replace(
        '  selector:\n    matchLabels:\n      app: web\n',
        '  selector: {}\n',
      ),
      findings: [
        {
          line: 1,
          column: 1,
          fixClass: 'review',
          fixTitle:
            'Set apiVersion: policy/v1 (an empty selector selects no pod in policy/v1beta1 and every pod of the namespace in policy/v1)',
        },
      ],
      output: pdb('policy/v1').replace('  selector:\n    matchLabels:\n      app: web\n', '  selector: {}\n'),
    },
    {
      name: 'deprecated but still served at the target: warning, fix keeps the trailing comment',
      code: cronJob('batch/v1beta1'),
      settings: { kubernetesVersion: '1.23' },
      findings: [
        {
          line: 1,
          column: 1,
          severity: 'warning',
          message:
            'batch/v1beta1 CronJob is deprecated since Kubernetes 1.21 and removed in 1.25: use batch/v1',
        },
      ],
      output: cronJob('batch/v1'),
    },
    {
      name: 'quoted apiVersion keeps its quotes',
      code: `apiVersion: "autoscaling/v2beta2"
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 5
`,
      findings: [{ line: 1, column: 1, severity: 'error', message: 'removed in Kubernetes 1.26' }],
      output: `apiVersion: "autoscaling/v2"
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 5
`,
    },
    {
      name: 'schema changed (extensions/v1beta1 Deployment): error without a fix',
      code: `apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: legacy
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1.0
`,
      findings: [
        {
          line: 1,
          column: 1,
          severity: 'error',
          message:
            'extensions/v1beta1 Deployment was removed in Kubernetes 1.16 (deprecated in 1.9): use apps/v1, migrating the changed fields',
        },
      ],
      output: null,
    },
    {
      name: 'v1 Endpoints is deprecated, not removed: warning naming the EndpointSlice replacement',
      code: `apiVersion: v1
kind: Endpoints
metadata:
  name: external-db
subsets:
  - addresses:
      - ip: 10.0.0.5
    ports:
      - port: 5432
`,
      findings: [
        {
          line: 1,
          column: 1,
          severity: 'warning',
          message:
            'v1 Endpoints is deprecated since Kubernetes 1.33: use discovery.k8s.io/v1 EndpointSlice, migrating the changed fields',
        },
      ],
      output: null,
    },
    {
      name: 'PodSecurityPolicy has no replacement API',
      code: `kind: PodSecurityPolicy
apiVersion: policy/v1beta1
metadata:
  name: restricted
spec:
  privileged: false
`,
      findings: [
        {
          line: 2,
          column: 1,
          severity: 'error',
          message:
            'removed in Kubernetes 1.25 (deprecated in 1.21): no replacement API: use Pod Security Admission',
        },
      ],
      output: null,
    },
    {
      name: 'the replacement is offered only while it is itself served (extensions PSP at target 1.20)',
      code: `apiVersion: extensions/v1beta1
kind: PodSecurityPolicy
metadata:
  name: restricted
spec:
  privileged: false
`,
      settings: { kubernetesVersion: '1.20' },
      findings: [{ line: 1, column: 1, severity: 'error', message: 'removed in Kubernetes 1.16' }],
      output: `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: restricted
spec:
  privileged: false
`,
    },
    {
      name: 'JSON manifest: the apiVersion string is replaced',
      path: 'role.json',
      code: `{
  "apiVersion": "rbac.authorization.k8s.io/v1beta1",
  "kind": "ClusterRole",
  "metadata": { "name": "reader" },
  "rules": [{ "apiGroups": [""], "resources": ["pods"], "verbs": ["get"] }]
}
`,
      findings: [{ line: 2, column: 3, severity: 'error', message: 'removed in Kubernetes 1.22' }],
      output: `{
  "apiVersion": "rbac.authorization.k8s.io/v1",
  "kind": "ClusterRole",
  "metadata": { "name": "reader" },
  "rules": [{ "apiGroups": [""], "resources": ["pods"], "verbs": ["get"] }]
}
`,
    },
    {
      name: 'each document is checked; an exempt object keeps its finding, greyed, without a fix',
      code: `apiVersion: networking.k8s.io/v1beta1
kind: IngressClass
metadata:
  name: nginx
  annotations:
    kube-maturity.io/ignore: deprecated-api-version
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: scheduling.k8s.io/v1beta1
kind: PriorityClass
metadata:
  name: high
value: 1000
`,
      findings: [
        { line: 1, column: 1, exempt: true },
        { line: 10, column: 1, message: 'use scheduling.k8s.io/v1' },
      ],
      output: `apiVersion: networking.k8s.io/v1beta1
kind: IngressClass
metadata:
  name: nginx
  annotations:
    kube-maturity.io/ignore: deprecated-api-version
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high
value: 1000
`,
    },
  ],
});
