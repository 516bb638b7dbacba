import { defineControl, NOT_APPLICABLE } from '../../engine/control';
import type { KubeObject } from '../../engine/model';
import {
  isBuiltInRbacObject,
  isRbacObject,
  type RbacRule,
  readRules,
  referencedRole,
} from './rbac-exec-attach';

/** The verbs that, all listed in one rule, grant as much as "*" does. */
const EVERY_VERB = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

function grantsEveryVerb(rule: RbacRule): boolean {
  const verbs = new Set(rule.verbs.map((entry) => entry.value));
  return verbs.has('*') || EVERY_VERB.every((verb) => verbs.has(verb));
}

/**
 * The first rule that grants everything: apiGroups "*", resources "*" and every verb, all in that one
 * rule (the core group "" alone is not a wildcard; wildcards spread over several rules do not add up).
 */
function wildcardRule(role: KubeObject): RbacRule | undefined {
  return readRules(role).find(
    (rule) =>
      rule.apiGroups.some((entry) => entry.value === '*') &&
      rule.resources.some((entry) => entry.value === '*') &&
      grantsEveryVerb(rule),
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
      'Bind the subjects to a role that lists only the resources and verbs they use (or to the built-in admin, edit or view roles within a namespace). A role counts as wildcard when one of its rules has apiGroups "*", resources "*" and verbs "*" (or all of get, list, watch, create, update, patch and delete). Built-in bindings are exempt by their own name (system:*, gce:podsecuritypolicy:calico-sa, the ClusterRoleBinding cluster-admin). No automatic fix is offered.',
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
    if (!isRbacObject(object) || isBuiltInRbacObject(object)) return NOT_APPLICABLE;
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
    const rule = reference.role ? wildcardRule(reference.role) : undefined;
    if (rule) {
      const verbs = rule.verbs.some((entry) => entry.value === '*') ? '"*"' : EVERY_VERB.join(', ');
      context.report({
        message: `binds ${reference.kind} "${reference.name}", whose rules[${rule.index}] grants ${verbs} on "*" resources of "*" API groups: every verb on every resource`,
        at: reference.at,
      });
    }
  },
});
