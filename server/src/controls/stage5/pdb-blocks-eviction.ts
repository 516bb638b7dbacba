import { defineControl, spanOfKey } from '../../engine/control';
import { asMap, asScalar, get, getPair, num, str } from '../../engine/nodes';

/** `minAvailable: 100%`: every selected pod must stay up. */
function blocksByMinAvailable(node: unknown): boolean {
  const value = str(node);
  return value !== undefined && /^\s*100\s*%\s*$/.test(value);
}

/** `maxUnavailable: 0` or `"0%"` (also a quoted "0"): no selected pod may go down. */
function blocksByMaxUnavailable(node: unknown): boolean {
  if (num(node) === 0) return true;
  const value = str(node);
  return value !== undefined && /^\s*0+\s*%?\s*$/.test(value);
}

export default defineControl({
  meta: {
    id: 'pdb-blocks-eviction',
    stage: 5,
    category: 'reliability',
    severity: 'warning',
    title: 'PodDisruptionBudget allows no disruption',
    description:
      'A PodDisruptionBudget with minAvailable: 100% or maxUnavailable: 0 never allows a voluntary eviction: node drains hang, cluster upgrades stall and the cluster autoscaler cannot remove nodes until someone deletes the budget by hand.',
    remediation:
      'Allow at least one pod to be evicted at a time. The fix sets maxUnavailable: 1 and removes minAvailable (a budget cannot set both).',
    peers: {
      polaris: ['pdbDisruptionsIsZero'],
      kubeLinter: ['pdb-max-unavailable', 'pdb-min-available'],
    },
    fix: 'review',
    fixEffect: 'Node drains may evict one pod of the selected workloads at a time instead of none.',
    scope: 'object',
    kinds: ['PodDisruptionBudget'],
  },
  check(context) {
    const spec = asMap(get(context.object.node, 'spec'));
    if (getPair(spec, 'minAvailable') && blocksByMinAvailable(get(spec, 'minAvailable'))) {
      context.report({
        message: 'minAvailable: 100% allows no pod to be evicted',
        at: spanOfKey(spec, 'minAvailable'),
      });
    }
    if (getPair(spec, 'maxUnavailable') && blocksByMaxUnavailable(get(spec, 'maxUnavailable'))) {
      const value = str(get(spec, 'maxUnavailable')) ?? '0';
      context.report({
        message: `maxUnavailable: ${value} allows no pod to be evicted`,
        at: spanOfKey(spec, 'maxUnavailable'),
      });
    }
  },
  fix(context, fixer) {
    const spec = asMap(get(context.object.node, 'spec'));
    if (!spec) return;
    const minPair = getPair(spec, 'minAvailable');
    const maxPair = getPair(spec, 'maxUnavailable');
    if ((minPair && !spec.items.includes(minPair)) || (maxPair && !spec.items.includes(maxPair))) {
      fixer.fail(); // set through a merge key: not ours to edit
      return;
    }
    if (maxPair) {
      fixer.set(spec, ['maxUnavailable'], 1);
      if (minPair) fixer.removeKey(spec, 'minAvailable');
      return;
    }
    if (!minPair) return;
    // Rename minAvailable in place, so the budget keeps its key order and comments.
    const key = asScalar(minPair.key);
    const value = asScalar(minPair.value);
    if (!key || !value || key !== minPair.key || value !== minPair.value) {
      fixer.fail();
      return;
    }
    fixer.replaceScalar(key, 'maxUnavailable');
    fixer.replaceScalar(value, 1);
  },
});
