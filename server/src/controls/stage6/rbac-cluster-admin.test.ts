import { testControl } from '../../testing/controlTester';
import control from './rbac-cluster-admin';

const binding = (
  kind: string,
  roleKind: string,
  roleName: string,
  namespace?: string,
) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ops${namespace ? `\n  namespace: ${namespace}` : ''}
subjects:
  - kind: Group
    name: ops
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${roleKind}
  name: ${roleName}
`;

testControl(control, {
  valid: [
    {
      name: 'a binding to the built-in view role',
      code: binding('ClusterRoleBinding', 'ClusterRole', 'view'),
    },
    {
      name: 'a binding to a declared role with scoped permissions',
      code: `${binding('RoleBinding', 'Role', 'deployer', 'shop')}---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: shop
rules:
  - apiGroups: ["apps"]
    resources: ["*"]
    verbs: ["*"]
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["*"]
`,
    },
    {
      name: 'roles themselves are not checked',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: everything
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
`,
    },
  ],
  invalid: [
    {
      name: 'a ClusterRoleBinding to cluster-admin: finding on roleRef',
      code: binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin'),
      findings: [
        {
          line: 9,
          column: 1,
          endColumn: 8,
          message:
            'ClusterRoleBinding ops: binds ClusterRole "cluster-admin": full control of every resource in the cluster',
        },
      ],
      output: null,
    },
    {
      name: 'a RoleBinding to the cluster-admin ClusterRole',
      code: binding('RoleBinding', 'ClusterRole', 'cluster-admin', 'shop'),
      findings: [{ line: 10, column: 1, message: 'full control of every resource in the namespace' }],
      output: null,
    },
    {
      name: 'a RoleBinding to a Role of its namespace with wildcard permissions on the core group',
      code: `${binding('RoleBinding', 'Role', 'all', 'shop')}---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: all
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["*"]
    verbs: ["*"]
`,
      findings: [
        { line: 10, column: 1, message: 'binds Role "all", which grants every verb on every resource ("*")' },
      ],
      output: null,
    },
    {
      name: 'a ClusterRoleBinding to a declared wildcard ClusterRole in another file (flow roleRef)',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: platform
subjects: [{kind: ServiceAccount, name: controller, namespace: platform}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: platform-admin}
`,
      files: {
        'roles.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: platform-admin
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
`,
      },
      findings: [{ line: 6, column: 1, message: 'binds ClusterRole "platform-admin"' }],
      output: null,
    },
    {
      name: 'exempt by the kube-linter annotation',
      code: binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin').replace(
        '  name: ops\n',
        '  name: ops\n  annotations:\n    ignore-check.kube-linter.io/cluster-admin-role-binding: "break-glass group"\n',
      ),
      findings: [{ line: 11, column: 1, exempt: true }],
      output: null,
    },
  ],
});
