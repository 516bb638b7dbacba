import { defineControl } from '../../engine/control';
import { Comment } from '../../engine/fixer';
import { get } from '../../engine/nodes';
import { formatLabels, isEmptySelector, readLabelSelector, selectorMatches } from '../../engine/objectIndex';

export default defineControl({
  meta: {
    id: 'missing-pdb',
    stage: 5,
    category: 'reliability',
    severity: 'warning',
    title: 'No PodDisruptionBudget protects the workload',
    description:
      'Node drains, upgrades and autoscaler scale-downs evict pods without limit unless a PodDisruptionBudget says how many may be down at once; a whole Deployment can go dark during routine maintenance.',
    remediation:
      'Add a policy/v1 PodDisruptionBudget selecting the pod template labels. The fix appends one with maxUnavailable: 1; review its name and selector.',
    peers: {
      polaris: ['missingPodDisruptionBudget'],
      kubeScore: ['deployment-has-poddisruptionbudget', 'statefulset-has-poddisruptionbudget'],
    },
    fix: 'draft',
    fixEffect:
      'Voluntary evictions (node drains, upgrades) keep at least all but one pod of the workload running; the new PodDisruptionBudget is a draft to review.',
    scope: 'object',
    kinds: ['Deployment', 'StatefulSet'],
  },
  check(context) {
    const { object, index } = context;
    const labels = object.podSpec?.templateLabels ?? {};
    const budgets = index.inNamespace('PodDisruptionBudget', object.namespace);
    const selected = budgets.some((budget) => {
      const selector = readLabelSelector(get(get(budget.node, 'spec'), 'selector'));
      if (!selector) return false;
      // policy/v1: an empty selector selects every pod of the namespace; v1beta1: none.
      if (isEmptySelector(selector)) return budget.apiVersion === 'policy/v1';
      return selectorMatches(selector, labels);
    });
    if (selected) return;
    const where =
      index.ofKind('PodDisruptionBudget').length === 0
        ? 'in this workspace'
        : `in namespace "${object.namespace || '(none)'}"`;
    context.report({ message: `no PodDisruptionBudget ${where} selects ${formatLabels(labels)}` });
  },
  fix(context, fixer) {
    const { object } = context;
    const labels = object.podSpec?.templateLabels ?? {};
    if (Object.keys(labels).length === 0) return;
    fixer.appendDocument({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: {
        name: `${object.name}-pdb`,
        ...(object.namespace ? { namespace: object.namespace } : {}),
      },
      spec: {
        note: new Comment(
          'kube-maturity: at most one pod of this workload may be evicted at a time; review before applying',
        ),
        maxUnavailable: 1,
        selector: { matchLabels: labels },
      },
    });
  },
});
