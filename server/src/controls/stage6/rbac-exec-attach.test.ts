import { testControl } from '../../testing/controlTester';
import control from './rbac-exec-attach';

const execRole = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: debugger
  namespace: shop
rules:
  - apiGroups: [""]
    resources:
      - pods
      - pods/exec
    verbs: ["get", "create"]
`;

testControl(control, {
  valid: [
    {
      name: 'read-only access to pods and their logs',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: viewer
rules:
  - apiGroups: [""]
    resources: ["pods", "pods/log"]
    verbs: ["get", "list", "watch"]
  - apiGroups: [""]
    resources: ["pods/exec"]
    verbs: ["list"]
`,
    },
    {
      name: 'pods/exec in another API group does not count',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: odd
rules:
  - apiGroups: ["apps"]
    resources: ["pods/exec", "*"]
    verbs: ["create"]
`,
    },
    {
      name: 'a binding to a Role of another namespace, or absent from the workspace, is not judged',
      code: `${execRole}---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: debugger
  namespace: staging
subjects:
  - kind: User
    name: alice
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: debugger
`.replace(
        '  - apiGroups: [""]\n    resources:\n      - pods\n      - pods/exec\n',
        '  - apiGroups: [""]\n    resources:\n      - pods\n',
      ),
    },
    {
      name: 'a Role kind of another API group is skipped',
      code: `apiVersion: iam.example.com/v1
kind: Role
metadata:
  name: custom
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
`,
    },
  ],
  invalid: [
    {
      name: 'a Role granting create on pods/exec: finding on the resource entry',
      code: execRole,
      findings: [
        {
          line: 10,
          column: 9,
          endColumn: 18,
          message: 'Role shop/debugger: rules[0] grants get, create on pods/exec',
        },
      ],
      output: null,
    },
    {
      name: 'a ClusterRole with wildcards (flow style) and pods/* grants exec and attach',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: operator
rules:
  - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}
  - apiGroups: [""]
    resources: [pods/*]
    verbs: [get]
`,
      findings: [
        {
          line: 6,
          column: 36,
          message: 'rules[0] grants * on "*", which includes pods/exec and pods/attach',
        },
        { line: 8, column: 17, message: 'rules[1] grants get on "pods/*"' },
      ],
      output: null,
    },
    {
      name: 'a RoleBinding to the exec Role of its namespace: finding on roleRef',
      code: `${execRole}---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: debugger
  namespace: shop
subjects:
  - kind: User
    name: alice
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: debugger
`,
      findings: [
        { line: 10, column: 9 },
        {
          line: 21,
          column: 1,
          endColumn: 8,
          message: 'RoleBinding shop/debugger: binds Role "debugger", which grants get, create on pods/exec',
        },
      ],
      output: null,
    },
    {
      name: 'a ClusterRoleBinding to a ClusterRole granting pods/attach, and a RoleBinding to it',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: attachers
subjects:
  - kind: Group
    name: support
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: attacher}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: attachers
  namespace: shop
subjects:
  - kind: Group
    name: support
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: attacher}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: attacher
rules:
  - apiGroups: [""]
    resources: [pods/attach]
    verbs: [create]
`,
      findings: [
        { line: 8, column: 1, message: 'ClusterRoleBinding attachers: binds ClusterRole "attacher"' },
        { line: 18, column: 1, message: 'RoleBinding shop/attachers: binds ClusterRole "attacher"' },
        { line: 26, column: 17, message: 'ClusterRole attacher: rules[0] grants create on pods/attach' },
      ],
      output: null,
    },
    {
      name: 'exempt by the Polaris annotation',
      code: execRole.replace(
        '  namespace: shop\n',
        '  namespace: shop\n  annotations:\n    polaris.fairwinds.com/rolePodExecAttach-exempt: "true"\n',
      ),
      findings: [{ line: 12, column: 9, exempt: true }],
      output: null,
    },
  ],
});
