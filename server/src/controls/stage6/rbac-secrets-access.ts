import { defineControl, NOT_APPLICABLE } from '../../engine/control';
import { coversCoreGroup, entrySpan, isRbacObject, readRules } from './rbac-exec-attach';

const READ_VERBS = new Set(['get', 'list', 'watch', '*']);

export default defineControl({
  meta: {
    id: 'rbac-secrets-access',
    stage: 6,
    category: 'security',
    severity: 'info',
    title: 'RBAC role can read Secrets',
    description:
      'Reading Secrets exposes every password, token and key stored in them, including ServiceAccount tokens that carry further permissions; list and watch return all Secrets of the scope at once.',
    remediation:
      'Grant access to Secrets only to the subjects that need it, restricted with resourceNames to the Secrets they use, or mount the Secrets into pods instead of reading them through the API. No automatic fix is offered.',
    peers: { kubeLinter: ['access-to-secrets'] },
    fix: 'none',
    scope: 'object',
    kinds: ['Role', 'ClusterRole'],
  },
  check(context) {
    const { object } = context;
    if (!isRbacObject(object)) return NOT_APPLICABLE;
    for (const rule of readRules(object)) {
      if (!coversCoreGroup(rule)) continue;
      const verbs = rule.verbs.map((entry) => entry.value).filter((verb) => READ_VERBS.has(verb));
      const resource = rule.resources.find((entry) => entry.value === 'secrets' || entry.value === '*');
      if (verbs.length === 0 || !resource) continue;
      const what = resource.value === 'secrets' ? 'secrets' : '"*", which includes secrets';
      context.report({
        message: `rules[${rule.index}] grants ${verbs.join(', ')} on ${what}`,
        at: entrySpan(resource),
      });
    }
  },
});
