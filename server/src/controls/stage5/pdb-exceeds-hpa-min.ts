import { defineControl, NOT_APPLICABLE } from '../../engine/control';
import { get, num, str } from '../../engine/nodes';
import { autoscalersTargeting } from '../shared/autoscalers';
import { budgetSelects } from '../shared/budgets';

/**
 * The PDB's minAvailable as a pod count for a workload of `replicas` pods: a number as it is, a percentage
 * scaled and rounded up as the disruption controller does. Undefined when absent or unreadable.
 */
function minAvailableFor(node: unknown, replicas: number): number | undefined {
  const count = num(node);
  if (count !== undefined) return count;
  const percent = /^\s*(\d+)\s*%\s*$/.exec(str(node) ?? '');
  if (!percent) return undefined;
  return Math.ceil((Number(percent[1]) * replicas) / 100);
}

export default defineControl({
  meta: {
    id: 'pdb-exceeds-hpa-min',
    stage: 5,
    category: 'reliability',
    severity: 'warning',
    title: "PodDisruptionBudget requires more pods than the autoscaler's minimum",
    description:
      'When the autoscaler scales the Deployment down to minReplicas, a PodDisruptionBudget whose minAvailable is larger than that can never be satisfied: no pod may be evicted, so node drains and cluster upgrades block until the load rises again.',
    remediation:
      "Keep the PDB's minAvailable at or below the HPA's minReplicas, or express the budget as maxUnavailable: 1 so it follows the replica count. An HPA without minReplicas passes here: hpa-min-replicas-too-low reports the missing minimum (it defaults to 1).",
    peers: { polaris: ['pdbMinAvailableGreaterThanHPAMinReplicas'] },
    fix: 'none',
    scope: 'object',
    kinds: ['Deployment'],
  },
  check(context) {
    const { object, index } = context;
    const labels = object.podTemplate?.labels ?? {};
    const budgets = index
      .inNamespace('PodDisruptionBudget', object.namespace)
      .filter((budget) => budgetSelects(budget, labels));
    const hpas = autoscalersTargeting(index, object, false);
    if (budgets.length === 0 || hpas.length === 0) return NOT_APPLICABLE;
    for (const hpa of hpas) {
      // Without minReplicas (or with an unreadable one) there is no minimum to compare: hpa-min-replicas-too-low
      // judges the HPA.
      const minReplicas = num(get(get(hpa.node, 'spec'), 'minReplicas'));
      if (minReplicas === undefined) continue;
      for (const budget of budgets) {
        const minAvailableNode = get(get(budget.node, 'spec'), 'minAvailable');
        const minAvailable = minAvailableFor(minAvailableNode, minReplicas);
        if (minAvailable === undefined || minAvailable <= minReplicas) continue;
        const percent = str(minAvailableNode);
        const asWritten = percent === undefined ? String(minAvailable) : `${percent} (${minAvailable} pods)`;
        context.report({
          message: `PodDisruptionBudget "${budget.name}" has minAvailable: ${asWritten}, above minReplicas: ${minReplicas} of HorizontalPodAutoscaler "${hpa.name}": at that size no pod can be evicted`,
        });
      }
    }
  },
});
