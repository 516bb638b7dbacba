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
    {
      name: 'every verb on every resource of the core group alone is not a wildcard',
      code: `${binding('RoleBinding', 'Role', 'core-all', 'shop')}---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: core-all
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["*"]
    verbs: ["*"]
`,
    },
    {
      name: 'wildcards spread over several rules, or a verb list short of delete, do not count',
      code: `${binding('ClusterRoleBinding', 'ClusterRole', 'argocd-application-controller')}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: argocd-application-controller
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: [get, list, watch]
  - apiGroups: ["argoproj.io"]
    resources: ["*"]
    verbs: ["*"]
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: [get, list, watch, create, update, patch]
`,
    },
    {
      name: 'built-in bindings are exempt by their own name',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  annotations:
    rbac.authorization.kubernetes.io/autoupdate: "true"
  labels:
    kubernetes.io/bootstrapping: rbac-defaults
  name: cluster-admin
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: Group
  name: system:masters
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: system:openshift:scc:privileged
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
- kind: ServiceAccount
  name: installer
  namespace: openshift-install
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: gce:podsecuritypolicy:calico-sa
  namespace: kube-system
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
- kind: ServiceAccount
  name: calico-sa
  namespace: kube-system
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
      name: 'a Role whose one rule lists every verb (any order) on "*" of "*" counts as wildcard',
      code: `${binding('RoleBinding', 'Role', 'tekton-pipelines-admin', 'ci')}---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: tekton-pipelines-admin
  namespace: ci
rules:
  - apiGroups: ["", "*"]
    resources: ["*"]
    verbs: [delete, patch, update, create, watch, list, get, deletecollection]
`,
      findings: [
        {
          line: 10,
          column: 1,
          message:
            'RoleBinding ci/ops: binds Role "tekton-pipelines-admin", whose rules[0] grants get, list, watch, create, update, patch, delete on "*" resources of "*" API groups',
        },
      ],
      output: null,
    },
    {
      name: 'a RoleBinding named cluster-admin is not the built-in ClusterRoleBinding',
      code: binding('RoleBinding', 'ClusterRole', 'cluster-admin', 'shop').replace(
        '  name: ops\n',
        '  name: cluster-admin\n',
      ),
      findings: [
        { line: 10, column: 1, message: 'RoleBinding shop/cluster-admin: binds ClusterRole "cluster-admin"' },
      ],
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
