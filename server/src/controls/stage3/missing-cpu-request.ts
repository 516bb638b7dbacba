import { defineControl } from '../../engine/control';
import { checkResourceQuantity, fixResourceQuantity } from '../shared/resources';

export default defineControl({
  meta: {
    id: 'missing-cpu-request',
    stage: 3,
    category: 'efficiency',
    severity: 'warning',
    title: 'Container has no CPU request',
    description:
      'Without a CPU request the scheduler places the pod as if it needed no CPU, so nodes get overcommitted and the container is the first to be starved under load.',
    remediation:
      'Set resources.requests.cpu to what the container needs at steady load. The fix adds the default request (100m, the fixDefaults.cpuRequest setting).',
    peers: {
      polaris: ['cpuRequestsMissing'],
      kubeLinter: ['unset-cpu-requirements'],
      kubeScore: ['container-resources'],
    },
    fix: 'review',
    fixEffect:
      'The scheduler reserves that much CPU for the container: pods may no longer fit on a node and stay Pending; a rollout replaces the pods.',
    scope: 'container',
  },
  check: (context) => checkResourceQuantity(context, 'requests', 'cpu'),
  fix: (context, fixer) =>
    fixResourceQuantity(context, fixer, 'requests', 'cpu', context.settings.fixDefaults.cpuRequest),
});
