import { defineControl } from '../../engine/control';
import { checkResourceQuantity, fixResourceQuantity } from '../shared/resources';

export default defineControl({
  meta: {
    id: 'missing-cpu-limit',
    stage: 3,
    category: 'efficiency',
    severity: 'warning',
    title: 'Container has no CPU limit',
    description:
      'Without a CPU limit one busy container can take every spare cycle of its node and slow down its neighbours; a runaway loop or a traffic spike in one workload becomes latency in all the others.',
    remediation:
      'Set resources.limits.cpu to the most the container may use. The fix adds the default limit (500m, the fixDefaults.cpuLimit setting).',
    peers: {
      polaris: ['cpuLimitsMissing'],
      kubeScore: ['container-resources'],
    },
    fix: 'review',
    fixEffect: 'The container is throttled above that much CPU; a rollout replaces the pods.',
    scope: 'container',
  },
  check: (context) => checkResourceQuantity(context, 'limits', 'cpu'),
  fix: (context, fixer) =>
    fixResourceQuantity(context, fixer, 'limits', 'cpu', context.settings.fixDefaults.cpuLimit),
});
