import { defineControl, NOT_APPLICABLE } from '../../engine/control';
import { entrySpan, isRbacObject, readRules } from './rbac-exec-attach';

const MEANING: Record<string, string> = {
  verbs: 'every verb',
  resources: 'every resource',
  apiGroups: 'every API group',
};

export default defineControl({
  meta: {
    id: 'rbac-wildcard',
    stage: 6,
    category: 'security',
    severity: 'warning',
    title: 'RBAC rule uses a wildcard',
    description:
      'A "*" in verbs, resources or apiGroups grants everything that exists now and everything added later (new resources, CRDs, subresources such as pods/exec), far more than the subject was meant to have.',
    remediation:
      'List the verbs, resources and API groups the subject needs explicitly instead of "*". No automatic fix is offered.',
    peers: { kubeLinter: ['wildcard-in-rules'] },
    fix: 'none',
    scope: 'object',
    kinds: ['Role', 'ClusterRole'],
  },
  check(context) {
    const { object } = context;
    if (!isRbacObject(object)) return NOT_APPLICABLE;
    for (const rule of readRules(object)) {
      for (const key of ['apiGroups', 'resources', 'verbs'] as const) {
        for (const entry of rule[key]) {
          if (entry.value !== '*') continue;
          context.report({
            message: `rules[${rule.index}].${key}: "*" grants ${MEANING[key]}`,
            at: entrySpan(entry),
          });
        }
      }
    }
  },
});
