import { testControl } from '../../testing/controlTester';
import control from './namespace-without-quota';

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

const quota = (namespace?: string) => `---
apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute-quota
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  # kube-maturity: placeholder limits: size them for the workloads of this namespace before applying
  hard:
    requests.cpu: "4"
    requests.memory: 8Gi
    limits.cpu: "8"
    limits.memory: 16Gi
    pods: "50"
`;

testControl(control, {
  valid: [
    {
      name: 'a ResourceQuota in the namespace, in another file',
      code: deployment,
      files: {
        'quota.yaml': `apiVersion: v1
kind: ResourceQuota
metadata:
  name: shop
  namespace: shop
spec:
  hard:
    pods: "10"
`,
      },
    },
    {
      name: 'a namespace that holds no workload is not checked',
      code: `apiVersion: v1
kind: Namespace
metadata:
  name: empty
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: empty
`,
    },
  ],
  invalid: [
    {
      name: 'no Namespace object: finding on the workload namespace, quota appended',
      code: deployment,
      findings: [
        {
          line: 5,
          column: 3,
          endColumn: 18,
          message: 'namespace shop: no ResourceQuota in this workspace',
        },
      ],
      output: deployment + quota('shop'),
    },
    {
      name: 'a Namespace object anchors the finding; a quota of another namespace does not count',
      code: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
${deployment}`,
      files: {
        'staging.yaml': `apiVersion: v1
kind: ResourceQuota
metadata:
  name: staging
  namespace: staging
`,
      },
      findings: [{ line: 4, column: 3, message: 'namespace shop: no ResourceQuota in this namespace' }],
      output: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
${deployment}${quota('shop')}`,
    },
    {
      name: 'the unnamed namespace gets a quota without metadata.namespace; each namespace is one check',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: tool
spec:
  containers:
    - name: tool
      image: tool:1.0
---
${deployment}`,
      findings: [
        {
          line: 4,
          column: 3,
          message:
            'the unnamed namespace (one workload without metadata.namespace; shown on the first in path order): no ResourceQuota in this workspace',
        },
        { line: 14, column: 3, message: 'namespace shop' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: tool
spec:
  containers:
    - name: tool
      image: tool:1.0
---
${deployment}${quota()}${quota('shop')}`,
    },
    {
      name: 'JSON manifest: no document can be appended',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p", "namespace": "tools" },
  "spec": { "containers": [{ "name": "app", "image": "app:1.0" }] }
}
`,
      findings: [{ line: 4, column: 30, message: 'namespace tools' }],
      output: null,
    },
    {
      name: 'exempt by the annotation on the Namespace object',
      code: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  annotations:
    kube-maturity.io/ignore: namespace-without-quota,namespace-without-limitrange
---
${deployment}`,
      findings: [{ line: 4, column: 3, exempt: true }],
      output: null,
    },
  ],
});
