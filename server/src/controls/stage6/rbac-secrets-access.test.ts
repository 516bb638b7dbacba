import { testControl } from '../../testing/controlTester';
import control from './rbac-secrets-access';

testControl(control, {
  valid: [
    {
      name: 'access to configmaps only, and writing secrets without reading them',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: config
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get", "list"]
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["create", "update"]
`,
    },
    {
      name: 'a resource named secrets in another API group',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: vault
rules:
  - apiGroups: ["secrets.example.com"]
    resources: ["secrets"]
    verbs: ["get"]
`,
    },
    {
      name: 'bindings are not checked',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: config
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: config
`,
    },
  ],
  invalid: [
    {
      name: 'a Role reading secrets: finding on the secrets entry',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: app
  namespace: shop
rules:
  - apiGroups: [""]
    resources:
      - configmaps
      - secrets
    verbs: [get, list, update]
`,
      findings: [
        {
          line: 10,
          column: 9,
          endColumn: 16,
          message: 'Role shop/app: rules[0] grants get, list on secrets',
        },
      ],
      output: null,
    },
    {
      name: 'a ClusterRole with every verb on every core resource, and watch in every group',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: broad
rules:
  - apiGroups: [""]
    resources: ["*"]
    verbs: ["*"]
  - apiGroups: ["*"]
    resources: ["secrets"]
    verbs: ["watch"]
`,
      findings: [
        { line: 7, column: 17, message: 'rules[0] grants * on "*", which includes secrets' },
        { line: 10, column: 17, message: 'rules[1] grants watch on secrets' },
      ],
      output: null,
    },
    {
      name: 'exempt by the kube-linter ignore-all annotation',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: external-secrets
  annotations:
    kube-linter.io/ignore-all: "operator"
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get", "list", "watch"]
`,
      findings: [{ line: 9, column: 17, exempt: true }],
      output: null,
    },
  ],
});
