import { testControl } from '../../testing/controlTester';
import control from './rbac-wildcard';

testControl(control, {
  valid: [
    {
      name: 'explicit verbs, resources and groups',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules:
  - apiGroups: ["", "apps"]
    resources: ["pods", "deployments"]
    verbs: ["get", "list", "watch"]
`,
    },
    {
      name: 'bindings are not checked',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: everyone
subjects:
  - kind: Group
    name: "*"
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: reader
`,
    },
  ],
  invalid: [
    {
      name: 'a finding at every wildcard entry of a Role',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: shop
rules:
  - apiGroups:
      - apps
    resources:
      - deployments
    verbs:
      - "*"
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: [get]
`,
      findings: [
        {
          line: 12,
          column: 9,
          endColumn: 12,
          message: 'Role shop/deployer: rules[0].verbs: "*" grants every verb',
        },
        { line: 13, column: 17, message: 'rules[1].apiGroups: "*" grants every API group' },
        { line: 14, column: 17, message: 'rules[1].resources: "*" grants every resource' },
      ],
      output: null,
    },
    {
      name: 'a ClusterRole in JSON',
      path: 'role.json',
      code: `{
  "apiVersion": "rbac.authorization.k8s.io/v1",
  "kind": "ClusterRole",
  "metadata": { "name": "all-verbs" },
  "rules": [
    { "apiGroups": [""], "resources": ["configmaps"], "verbs": ["*"] }
  ]
}
`,
      findings: [{ line: 6, column: 65, message: 'rules[0].verbs' }],
      output: null,
    },
    {
      name: 'exempt by a comment above the object',
      code: `# kube-maturity-ignore rbac-wildcard: operator needs every verb on its own CRD
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: operator
rules:
  - apiGroups: [example.com]
    resources: [widgets]
    verbs: ["*"]
`,
      findings: [{ line: 9, column: 13, exempt: true }],
      output: null,
    },
  ],
});
