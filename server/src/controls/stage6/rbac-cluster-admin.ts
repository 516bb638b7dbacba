import { defineControl, NOT_APPLICABLE } from '../../engine/control';
import type { KubeObject } from '../../engine/model';
import { isRbacObject, readRules, referencedRole } from './rbac-exec-attach';

/** True when a rule grants every verb on every resource of the core group or of every group. */
function hasWildcardPermissions(role: KubeObject): boolean {
  return readRules(role).some(
    (rule) =>
      rule.verbs.some((entry) => entry.value === '*') &&
      rule.resources.some((entry) => entry.value === '*') &&
      rule.apiGroups.some((entry) => entry.value === '*' || entry.value === ''),
  );
}

export default defineControl({
  meta: {
    id: 'rbac-cluster-admin',
    stage: 6,
    category: 'security',
    severity: 'error',
    title: 'Binding grants cluster-admin or wildcard permissions',
    description:
      'A binding to cluster-admin, or to a role allowing every verb on every resource, gives its subjects full control: one leaked token of such a subject is a compromise of the whole cluster (or namespace).',
    remediation:
      'Bind the subjects to a role that lists only the resources and verbs they use (or to the built-in admin, edit or view roles within a namespace). No automatic fix is offered.',
    peers: {
      polaris: [
        'clusterrolebindingClusterAdmin',
        'rolebindingClusterAdminClusterRole',
        'rolebindingClusterAdminRole',
      ],
      kubeLinter: ['cluster-admin-role-binding'],
    },
    fix: 'none',
    scope: 'object',
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
  },
  check(context) {
    const { object, index } = context;
    if (!isRbacObject(object)) return NOT_APPLICABLE;
    const reference = referencedRole(index, object);
    if (!reference) return NOT_APPLICABLE;
    const where = object.kind === 'RoleBinding' ? 'the namespace' : 'the cluster';
    if (reference.kind === 'ClusterRole' && reference.name === 'cluster-admin') {
      context.report({
        message: `binds ClusterRole "cluster-admin": full control of every resource in ${where}`,
        at: reference.at,
      });
      return;
    }
    if (reference.role && hasWildcardPermissions(reference.role)) {
      context.report({
        message: `binds ${reference.kind} "${reference.name}", which grants every verb on every resource ("*")`,
        at: reference.at,
      });
    }
  },
});
