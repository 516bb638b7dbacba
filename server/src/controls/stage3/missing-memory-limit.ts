import { defineControl } from '../../engine/control';
import { checkResourceQuantity, fixResourceQuantity } from '../shared/resources';

export default defineControl({
  meta: {
    id: 'missing-memory-limit',
    stage: 3,
    category: 'efficiency',
    severity: 'warning',
    title: 'Container has no memory limit',
    description:
      'Without a memory limit a leaking container grows until the node itself runs out of memory, and the kernel then kills processes of other pods on that node, not only the one that leaked.',
    remediation:
      'Set resources.limits.memory a little above the peak the container needs. The fix adds the default limit (256Mi, the fixDefaults.memoryLimit setting).',
    peers: {
      polaris: ['memoryLimitsMissing'],
      kubeLinter: ['unset-memory-requirements'],
      kubeScore: ['container-resources'],
    },
    fix: 'review',
    fixEffect: 'The container is killed (OOMKilled) above that much memory; a rollout replaces the pods.',
    scope: 'container',
  },
  check: (context) => checkResourceQuantity(context, 'limits', 'memory'),
  fix: (context, fixer) =>
    fixResourceQuantity(context, fixer, 'limits', 'memory', context.settings.fixDefaults.memoryLimit),
});
