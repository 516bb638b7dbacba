import { DEFAULT_FIX_DEFAULTS } from '../../engine/config';
import { testControl } from '../../testing/controlTester';
import control from './namespace-without-limitrange';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

const limitRange = (namespace: string | undefined, cpu = '100m', memory = '128Mi') => `---
apiVersion: v1
kind: LimitRange
metadata:
  name: default-limits
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  # kube-maturity: defaults for containers that declare no requests or limits; review them
  limits:
  - type: Container
    defaultRequest:
      cpu: ${cpu}
      memory: ${memory}
    default:
      cpu: 500m
      memory: 256Mi
`;

testControl(control, {
  valid: [
    {
      name: 'a LimitRange in the namespace',
      code: `${deployment}---
apiVersion: v1
kind: LimitRange
metadata:
  name: limits
  namespace: shop
spec:
  limits:
  - type: Container
    default:
      memory: 512Mi
`,
    },
    {
      name: 'a namespace without workloads is not checked',
      code: `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
`,
    },
  ],
  invalid: [
    {
      name: 'no LimitRange: one is appended with the default request and limit settings',
      code: deployment,
      findings: [{ line: 5, column: 3, message: 'namespace shop: no LimitRange in this workspace' }],
      output: deployment + limitRange('shop'),
    },
    {
      name: 'fix defaults come from the settings; a LimitRange of another namespace does not count',
      code: deployment,
      settings: { fixDefaults: { ...DEFAULT_FIX_DEFAULTS, cpuRequest: '250m', memoryRequest: '64Mi' } },
      files: {
        'lr.yaml': `apiVersion: v1
kind: LimitRange
metadata:
  name: limits
  namespace: other
`,
      },
      findings: [{ line: 5, column: 3, message: 'no LimitRange in this namespace' }],
      output: deployment + limitRange('shop', '250m', '64Mi'),
    },
    {
      name: 'the unnamed namespace: no metadata.namespace on the LimitRange',
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
`,
      findings: [
        {
          line: 4,
          column: 3,
          message:
            'the unnamed namespace (one workload without metadata.namespace; shown on the first in path order): no LimitRange in this workspace',
        },
      ],
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
      - name: db
        image: postgres:16
${limitRange(undefined)}`,
    },
    {
      name: 'JSON manifest: no document can be appended',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": { "containers": [{ "name": "app", "image": "app:1.0" }] }
}
`,
      findings: [{ line: 4, column: 17 }],
      output: null,
    },
    {
      name: 'exempt by a comment on the Namespace object',
      code: `apiVersion: v1 # kube-maturity-ignore namespace-without-limitrange: defaults set by the platform
kind: Namespace
metadata:
  name: shop
---
${deployment}`,
      findings: [{ line: 4, column: 3, exempt: true }],
      output: null,
    },
  ],
});
