import { defineControl } from '../../engine/control';
import { checkResourceQuantity, fixResourceQuantity } from '../shared/resources';

export default defineControl({
  meta: {
    id: 'missing-memory-request',
    stage: 3,
    category: 'efficiency',
    severity: 'warning',
    title: 'Container has no memory request',
    description:
      'Without a memory request the scheduler assumes the container needs no memory, so pods are packed onto nodes that cannot hold them and the kubelet evicts or OOM-kills them first when the node runs short.',
    remediation:
      'Set resources.requests.memory to the working set the container needs at steady load. The fix adds the default request (128Mi, the fixDefaults.memoryRequest setting).',
    peers: {
      polaris: ['memoryRequestsMissing'],
      kubeScore: ['container-resources'],
    },
    fix: 'review',
    fixEffect:
      'The scheduler reserves that much memory for the container: pods may no longer fit on a node and stay Pending; a rollout replaces the pods.',
    scope: 'container',
  },
  check: (context) => checkResourceQuantity(context, 'requests', 'memory'),
  fix: (context, fixer) =>
    fixResourceQuantity(context, fixer, 'requests', 'memory', context.settings.fixDefaults.memoryRequest),
});
