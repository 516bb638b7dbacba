import { defineControl } from '../../engine/control';
import { Comment } from '../../engine/fixer';
import { formatLabels } from '../../engine/objectIndex';
import { budgetSelects } from '../shared/budgets';
import { podSelectionOf, selectorValue } from '../shared/workloadSelector';

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
      "Add a policy/v1 PodDisruptionBudget selecting the workload's pods. The fix (draft) appends one named <workload>-pdb with maxUnavailable: 1 whose selector is the workload's own spec.selector (its matchLabels, and its matchExpressions when it has some), never every template label: a version label in the budget's selector would stop matching at the next release. It is withheld, with the reason, when the workload has no spec.selector.matchLabels, and in JSON files (a new document cannot be appended); review the name and the budget before applying.",
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
    const labels = object.podTemplate?.labels ?? {};
    const budgets = index.inNamespace('PodDisruptionBudget', object.namespace);
    const selected = budgets.some((budget) => budgetSelects(budget, labels));
    if (selected) return;
    const where =
      index.count('PodDisruptionBudget') === 0
        ? 'in this workspace'
        : object.namespace
          ? `in namespace "${object.namespace}"`
          : 'in the unnamed namespace';
    context.report({ message: `no PodDisruptionBudget ${where} selects ${formatLabels(labels)}` });
  },
  fix(context, fixer) {
    const { object } = context;
    const result = podSelectionOf(object, false);
    if ('withheld' in result) {
      fixer.fail(`not offered: ${result.withheld}; write the PodDisruptionBudget's selector by hand`);
      return;
    }
    if (fixer.file.json) {
      fixer.fail(
        'not offered: a new PodDisruptionBudget cannot be appended to a JSON file; add it in a YAML file',
      );
      return;
    }
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
        selector: selectorValue(result.selection),
      },
    });
    fixer.describe(
      `Add a PodDisruptionBudget ${object.name}-pdb (maxUnavailable: 1) selecting ${formatLabels(result.selection.matchLabels)}`,
    );
  },
});
