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
    {
      name: 'built-in ClusterRoles exported from a cluster are exempt by their own name',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: edit
  labels:
    kubernetes.io/bootstrapping: rbac-defaults
aggregationRule:
  clusterRoleSelectors:
    - matchLabels:
        rbac.authorization.k8s.io/aggregate-to-edit: "true"
rules:
  - apiGroups: [""]
    resources: ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]
    verbs: ["create", "delete", "get", "list", "patch", "update", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:aggregate-to-edit
  labels:
    rbac.authorization.k8s.io/aggregate-to-admin: "true"
    rbac.authorization.k8s.io/aggregate-to-edit: "true"
rules:
  - apiGroups: [""]
    resources: ["pods/attach", "pods/exec"]
    verbs: ["create", "get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: cluster-admin
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: admin
rules:
  - apiGroups: [""]
    resources: ["pods/exec"]
    verbs: ["create"]
`,
    },
    {
      name: 'built-in Roles (system:*, gce:podsecuritypolicy:calico-sa) are exempt by their own name',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: system:controller:bootstrap-signer
  namespace: kube-system
rules:
  - apiGroups: [""]
    resources: ["*"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: gce:podsecuritypolicy:calico-sa
  namespace: kube-system
rules:
  - apiGroups: [""]
    resources: ["pods/exec"]
    verbs: ["create"]
`,
    },
    {
      name: 'built-in bindings are exempt by their own name, whatever they reference',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: cluster-admin
  labels:
    kubernetes.io/bootstrapping: rbac-defaults
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
  name: system:controller:namespace-controller
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:controller:namespace-controller
subjects:
  - kind: ServiceAccount
    name: namespace-controller
    namespace: kube-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: gce:podsecuritypolicy:calico-sa
  namespace: kube-system
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: gce:podsecuritypolicy:calico-sa
subjects:
  - kind: ServiceAccount
    name: calico-sa
    namespace: kube-system
`,
    },
    {
      name: 'a binding to the built-in view ClusterRole, absent from the workspace, passes',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: developers-view
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: developers
`,
    },
    {
      name: 'kube-prometheus: a ClusterRoleBinding to a declared ClusterRole without exec',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  labels:
    app.kubernetes.io/component: prometheus
    app.kubernetes.io/name: prometheus
    app.kubernetes.io/part-of: kube-prometheus
  name: prometheus-k8s
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: prometheus-k8s
subjects:
- kind: ServiceAccount
  name: prometheus-k8s
  namespace: monitoring
`,
      files: {
        'prometheus-clusterRole.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: prometheus-k8s
rules:
- apiGroups:
  - ""
  resources:
  - nodes/metrics
  verbs:
  - get
- nonResourceURLs:
  - /metrics
  verbs:
  - get
`,
      },
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
      name: 'a RoleBinding to a Role absent from its namespace (declared only in another one) cannot be inspected',
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
`,
      findings: [
        { line: 10, column: 9, message: 'Role shop/debugger: rules[0] grants get, create on pods/exec' },
        {
          line: 21,
          column: 1,
          message:
            'RoleBinding staging/debugger: binds Role "debugger", which is not in namespace "staging": it cannot be inspected',
        },
      ],
      output: null,
    },
    {
      name: 'Istio: a ClusterRoleBinding to a ClusterRole that this workspace does not declare',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: istiod-clusterrole-istio-system
  labels:
    app: istiod
    release: istio
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: istiod-clusterrole-istio-system
subjects:
  - kind: ServiceAccount
    name: istiod
    namespace: istio-system
`,
      findings: [
        {
          line: 8,
          column: 1,
          message:
            'ClusterRoleBinding istiod-clusterrole-istio-system: binds ClusterRole "istiod-clusterrole-istio-system", which is not in this workspace: it cannot be inspected, and may grant pods/exec or pods/attach',
        },
      ],
      output: null,
    },
    {
      name: 'bindings are not exempt by the built-in role they reference: edit, cluster-admin, system:aggregate-to-edit',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ci-deployer
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: edit
subjects:
  - kind: ServiceAccount
    name: ci
    namespace: ci
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: platform-admins
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: platform}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: view
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:aggregate-to-edit
subjects:
  - kind: Group
    name: support
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:aggregate-to-edit
rules:
  - apiGroups: [""]
    resources: ["pods/attach", "pods/exec"]
    verbs: ["create"]
`,
      findings: [
        {
          line: 6,
          column: 1,
          message:
            'RoleBinding shop/ci-deployer: binds the built-in ClusterRole "edit", which grants create on pods/exec and pods/attach',
        },
        {
          line: 19,
          column: 1,
          message: 'binds the built-in ClusterRole "cluster-admin", which grants * on "*"',
        },
        {
          line: 27,
          column: 1,
          message:
            'RoleBinding shop/view: binds ClusterRole "system:aggregate-to-edit", which grants create on pods/attach',
        },
      ],
      output: null,
    },
    {
      name: 'names that only resemble the built-ins are not exempt',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: edit
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["pods/exec"]
    verbs: ["create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system-debug
rules:
  - apiGroups: [""]
    resources: ["pods/attach"]
    verbs: ["*"]
`,
      findings: [
        { line: 8, column: 17, message: 'Role shop/edit: rules[0] grants create on pods/exec' },
        { line: 17, column: 17, message: 'ClusterRole system-debug: rules[0] grants * on pods/attach' },
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
