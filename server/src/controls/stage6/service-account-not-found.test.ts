import { testControl } from '../../testing/controlTester';
import control from './service-account-not-found';

const deployment = (account: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      serviceAccountName: ${account}
      containers:
        - name: web
          image: nginx:1.27
`;

const serviceAccount = (name: string, namespace?: string) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}`;

testControl(control, {
  valid: [
    {
      name: 'the ServiceAccount is declared in the namespace, in another file',
      code: deployment('web'),
      files: { 'sa.yaml': `${serviceAccount('other', 'shop')}---\n${serviceAccount('web', 'shop')}` },
    },
    {
      name: 'no ServiceAccount declared in the namespace: nothing to compare with',
      code: deployment('web'),
      files: { 'sa.yaml': serviceAccount('web', 'staging') },
    },
    {
      name: '"default" always exists',
      code: `${deployment('default')}---\n${serviceAccount('web', 'shop')}`,
    },
    {
      name: 'a pod without serviceAccountName uses default',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: app:1.0
---
${serviceAccount('builder')}`,
    },
  ],
  invalid: [
    {
      name: 'a name absent from the namespace that declares other ServiceAccounts',
      code: deployment('web-sa'),
      files: { 'sa.yaml': `${serviceAccount('web', 'shop')}---\n${serviceAccount('web-sa', 'staging')}` },
      findings: [
        {
          line: 9,
          column: 7,
          endColumn: 33,
          message:
            'Deployment shop/web: serviceAccountName "web-sa" matches no ServiceAccount in namespace "shop" (declared there: web)',
        },
      ],
      output: null,
    },
    {
      name: 'the deprecated serviceAccount field, in the unnamed namespace',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: builder
spec:
  serviceAccount: buildr
  containers:
    - name: build
      image: builder:1.0
---
${serviceAccount('builder')}`,
      findings: [
        {
          line: 6,
          column: 3,
          message:
            'serviceAccount "buildr" matches no ServiceAccount in the unnamed namespace (declared there: builder)',
        },
      ],
      output: null,
    },
    {
      name: 'serviceAccountName wins over the deprecated field',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      serviceAccount: db
      serviceAccountName: database
      containers:
        - name: db
          image: postgres:16
---
${serviceAccount('db')}`,
      findings: [{ line: 9, column: 7, message: 'serviceAccountName "database"' }],
      output: null,
    },
    {
      name: 'exempt by a comment on the object',
      code: `# kube-maturity-ignore service-account-not-found: created by the platform team
${deployment('platform-sa')}---
${serviceAccount('web', 'shop')}`,
      findings: [{ line: 10, column: 7, exempt: true }],
      output: null,
    },
  ],
});
