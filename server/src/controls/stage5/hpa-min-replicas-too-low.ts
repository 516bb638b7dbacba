import { defineControl, spanOfKey } from '../../engine/control';
import { asMap, get, getPair, num, text } from '../../engine/nodes';

/** The smallest minReplicas that keeps a pod running while another is disrupted. */
const FLOOR = 2;

export default defineControl({
  meta: {
    id: 'hpa-min-replicas-too-low',
    stage: 5,
    category: 'reliability',
    severity: 'warning',
    title: 'HorizontalPodAutoscaler can scale down to one pod',
    description:
      'An autoscaler whose minReplicas is missing (defaulting to 1) or below 2 scales the workload down to a single pod at quiet times; then one crash, eviction or rollout leaves it with no ready pod at all.',
    remediation:
      'Set minReplicas to 2 or more. The fix sets minReplicas: 2 (or fixDefaults.hpaMinReplicas when that setting is larger); it is not offered when maxReplicas is below that value.',
    peers: { polaris: ['hpaMinAvailability'], kubeScore: ['horizontalpodautoscaler-replicas'] },
    fix: 'review',
    fixEffect: 'The autoscaler never scales the workload below two pods.',
    scope: 'object',
    kinds: ['HorizontalPodAutoscaler'],
  },
  check(context) {
    const { object } = context;
    const spec = asMap(get(object.node, 'spec'));
    const pair = getPair(spec, 'minReplicas');
    const value = get(spec, 'minReplicas');
    const written = text(value);
    if (!pair || written === undefined) {
      context.report({
        message: 'no minReplicas (defaults to 1): it can scale down to a single pod',
        at: spanOfKey(object.node, 'spec'),
      });
      return;
    }
    const minReplicas = num(value) ?? Number(written);
    if (!Number.isFinite(minReplicas) || minReplicas >= FLOOR) return;
    context.report({
      message: `minReplicas: ${written} lets it scale down to ${minReplicas <= 0 ? 'no pod' : 'a single pod'}`,
      at: spanOfKey(spec, 'minReplicas'),
    });
  },
  fix(context, fixer) {
    const { object, settings } = context;
    const target = Math.max(FLOOR, settings.fixDefaults.hpaMinReplicas);
    const spec = asMap(get(object.node, 'spec'));
    const maxReplicas = num(get(spec, 'maxReplicas'));
    // Raising minReplicas above maxReplicas would make the autoscaler invalid.
    if (maxReplicas !== undefined && maxReplicas < target) {
      fixer.fail();
      return;
    }
    if (getPair(object.node, 'spec') && !spec && text(get(object.node, 'spec')) !== undefined) {
      fixer.fail();
      return;
    }
    fixer.set(object.node, ['spec', 'minReplicas'], target);
  },
});
