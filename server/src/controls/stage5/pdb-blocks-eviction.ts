import { defineControl, spanOfKey } from '../../engine/control';
import { describeObject, type KubeObject } from '../../engine/model';
import { asMap, asScalar, get, getPair, num, str, text } from '../../engine/nodes';
import {
  isEmptySelector,
  type ObjectIndex,
  readLabelSelector,
  selectorMatches,
} from '../../engine/objectIndex';
import { minimumPods, type PodCount } from '../shared/autoscalers';

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

/** The workloads (and operator-managed objects) of the budget's namespace whose pods its selector selects. */
function selectedWorkloads(index: ObjectIndex, budget: KubeObject): KubeObject[] {
  const selector = readLabelSelector(get(get(budget.node, 'spec'), 'selector'));
  if (!selector) return [];
  // policy/v1: an empty selector selects every pod of the namespace; v1beta1: none.
  if (isEmptySelector(selector) && budget.apiVersion !== 'policy/v1') return [];
  // Pod templates, with or without a pod spec yet (engine rule: label matching uses the template's labels).
  return index
    .podTemplates(budget.namespace)
    .filter((workload) => selectorMatches(selector, workload.podTemplate?.labels ?? {}));
}

/**
 * An integer minAvailable that the selected workloads' pods cannot exceed: the budget never allows an
 * eviction. Judged only when every selected workload's pod count is known (spec.replicas, 1 when absent,
 * or the minimum of the autoscaler targeting it; a bare Pod is one): a DaemonSet or a Job cannot be counted.
 */
function blockingCount(
  index: ObjectIndex,
  budget: KubeObject,
  minAvailable: number,
): { total: number; counted: Array<[KubeObject, PodCount]> } | undefined {
  const workloads = selectedWorkloads(index, budget);
  if (workloads.length === 0) return undefined;
  const counted: Array<[KubeObject, PodCount]> = [];
  for (const workload of workloads) {
    const count = minimumPods(index, workload);
    if (!count) return undefined;
    counted.push([workload, count]);
  }
  const total = counted.reduce((sum, [, count]) => sum + count.count, 0);
  return total > 0 && minAvailable >= total ? { total, counted } : undefined;
}

export default defineControl({
  meta: {
    id: 'pdb-blocks-eviction',
    stage: 5,
    category: 'reliability',
    severity: 'warning',
    title: 'PodDisruptionBudget allows no disruption',
    description:
      'A PodDisruptionBudget with minAvailable: 100%, maxUnavailable: 0 (or 0%), or an integer minAvailable at least as large as the pods of the workloads it selects never allows a voluntary eviction: node drains hang, cluster upgrades stall and the cluster autoscaler cannot remove nodes until someone deletes the budget by hand. A workload counts spec.replicas (1 when absent), or the minReplicas of the HorizontalPodAutoscaler (minReplicaCount of the KEDA ScaledObject) that targets it, since it may scale down to that; a bare Pod counts one; when a selected workload cannot be counted (a DaemonSet, a Job, a templated value) the integer is not judged.',
    remediation:
      'Allow at least one pod to be evicted at a time. The fix (review) sets maxUnavailable: 1, replacing maxUnavailable: 0 or renaming minAvailable in place (a budget cannot set both, so minAvailable is removed when maxUnavailable is there too); its title says which explicit value it overrides.',
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
    const { object, index } = context;
    const spec = asMap(get(object.node, 'spec'));
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
    const minAvailable = num(get(spec, 'minAvailable'));
    if (minAvailable !== undefined && Number.isInteger(minAvailable) && minAvailable > 0) {
      const blocking = blockingCount(index, object, minAvailable);
      if (blocking) {
        const [[first, firstCount]] = blocking.counted;
        const pods = (count: number) => `${count} pod${count === 1 ? '' : 's'}`;
        const what =
          blocking.counted.length === 1
            ? `${describeObject(first)} runs ${pods(firstCount.count)} (${firstCount.source})`
            : `the workloads it selects run ${pods(blocking.total)} (${blocking.counted
                .map(([workload, count]) => `${describeObject(workload)}: ${count.source}`)
                .join('; ')})`;
        context.report({
          message: `minAvailable: ${minAvailable} allows no pod to be evicted: ${what}`,
          at: spanOfKey(spec, 'minAvailable'),
        });
      }
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
    const written = text(value) ?? '';
    fixer
      .replaceScalar(key, 'maxUnavailable')
      .replaceScalar(value, 1)
      .describe(`Replace minAvailable: ${written} with maxUnavailable: 1`)
      .overridesExplicit(`minAvailable: ${written}`);
  },
});
