import { testControl } from '../../testing/controlTester';
import control from './duplicate-object';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    matchLabels: {app: cart}
  template:
    metadata:
      labels: {app: cart}
    spec:
      containers:
        - name: cart
          image: cart:1.0
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  selector: {app: cart}
  ports:
    - port: 80
`;

const kustomization = (resources: string[], extra = '') => `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
${resources.map((resource) => `  - ${resource}`).join('\n')}
${extra}`;

testControl(control, {
  valid: [
    {
      name: 'each object declared once: same name in other kinds, other namespaces, other API groups',
      code: `${deployment}---
${service}---
${deployment.replace('namespace: shop', 'namespace: staging')}---
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  template:
    spec:
      containers:
        - image: cart:1.0
`,
    },
    {
      name: 'objects named by generateName are new objects each time',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  generateName: migrate-
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: migrate:1.0
---
apiVersion: batch/v1
kind: Job
metadata:
  generateName: migrate-
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: migrate:1.0
`,
    },
    {
      name: 'a base and its overlays, and sibling overlays, are built apart: their declarations are not compared',
      path: 'overlays/prod/deployment.yaml',
      code: deployment,
      files: {
        'base/kustomization.yaml': kustomization(['deployment.yaml', 'service.yaml']),
        'base/deployment.yaml': deployment,
        'base/service.yaml': service,
        'overlays/prod/kustomization.yaml': kustomization(['../../base', 'deployment.yaml']),
        'overlays/dev/kustomization.yaml': kustomization(['../../base', 'manifests/deployment.yaml']),
        'overlays/dev/manifests/deployment.yaml': deployment,
      },
    },
    {
      name: 'a file a kustomization applies as a patch is a partial object, not a declaration',
      path: 'overlays/prod/replicas.yaml',
      code: deployment.replace('spec:\n  selector:', 'spec:\n  replicas: 3\n  selector:'),
      files: {
        'overlays/prod/kustomization.yaml': kustomization(
          ['deployment.yaml'],
          'patches:\n  - path: replicas.yaml\n',
        ),
        'overlays/prod/deployment.yaml': deployment,
      },
    },
    {
      name: 'a declaration inside a kustomization and one outside any are different builds',
      path: 'release/all-in-one.yaml',
      code: `${deployment}---\n${service}`,
      files: {
        'kubernetes-manifests/kustomization.yaml': kustomization(['cart.yaml']),
        'kubernetes-manifests/cart.yaml': `${deployment}---\n${service}`,
      },
    },
  ],
  invalid: [
    {
      name: 'the same Deployment twice in one file: the second is reported',
      code: `${deployment}---\n${deployment.replace('image: cart:1.0', 'image: cart:1.1')}`,
      findings: [
        {
          line: 20,
          column: 3,
          endLine: 20,
          endColumn: 13,
          severity: 'warning',
          message: 'Deployment shop/cart: declared more than once: first at line 1 of this file',
        },
      ],
      output: null,
    },
    {
      name: 'declared again in another file: the file that sorts later is reported, naming the first',
      path: 'platform/kube/bookinfo.yaml',
      code: `${service}---\n${deployment}`,
      files: { 'platform/kube/bookinfo-psa.yaml': `# restricted variant\n${deployment}---\n${service}` },
      findings: [
        {
          line: 4,
          column: 3,
          message: 'Service shop/cart: declared more than once: first at bookinfo-psa.yaml, line 18',
        },
        {
          line: 14,
          column: 3,
          message: 'Deployment shop/cart: declared more than once: first at bookinfo-psa.yaml, line 2',
        },
      ],
      output: null,
    },
    {
      name: 'three declarations: each copy after the first names the first; another apiVersion of the group is the same object',
      path: 'b/deployment.yaml',
      code: `${deployment}---\n${deployment.replace('apps/v1', 'apps/v1beta2')}`,
      files: { 'a/deployment.yaml': deployment },
      findings: [
        { line: 4, column: 3, message: 'first at ../a/deployment.yaml, line 1' },
        { line: 20, column: 3, message: 'first at ../a/deployment.yaml, line 1' },
      ],
      output: null,
    },
    {
      name: 'two files of the same kustomization declare the same object',
      path: 'k8s/service.yaml',
      code: service,
      files: {
        'k8s/kustomization.yaml': kustomization(['cart.yaml', 'service.yaml']),
        'k8s/cart.yaml': `${deployment}---\n${service}`,
      },
      findings: [
        {
          line: 4,
          column: 3,
          message: 'Service shop/cart: declared more than once: first at cart.yaml, line 17',
        },
      ],
      output: null,
    },
    {
      name: 'an item of a List, and a JSON manifest',
      path: 'z.json',
      code: `{
  "apiVersion": "v1",
  "kind": "List",
  "items": [
    {
      "apiVersion": "v1",
      "kind": "Service",
      "metadata": { "name": "cart", "namespace": "shop" },
      "spec": { "selector": { "app": "cart" } }
    }
  ]
}
`,
      files: { 'service.yaml': service },
      findings: [{ line: 8, column: 21, message: 'first at service.yaml, line 1' }],
      output: null,
    },
    {
      name: 'exempt by the annotation, with a reason',
      code: `${service}---
${service.replace(
  '  namespace: shop\n',
  '  namespace: shop\n  annotations:\n    kube-maturity.io/ignore: duplicate-object\n    kube-maturity.io/ignore-reason: "applied to another cluster"\n',
)}`,
      findings: [{ line: 14, column: 3, exempt: true }],
      output: null,
    },
  ],
});
