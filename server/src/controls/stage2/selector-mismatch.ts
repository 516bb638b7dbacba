import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import type { KubeObject } from '../../engine/model';
import { asMap, get, getIn, getPair, isNullish, stringRecord } from '../../engine/nodes';
import {
  formatLabels,
  type LabelSelector,
  readLabelSelector,
  selectorMatches,
} from '../../engine/objectIndex';

interface MismatchData {
  /** Selector labels the template lacks; adding them makes the selector match (empty: no fix). */
  missing: Record<string, string>;
}

const KNOWN_OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** OpenShift DeploymentConfig (apps.openshift.io/v1, or the legacy core-group v1): its selector is a plain label map. */
function isDeploymentConfig(object: KubeObject): boolean {
  return object.kind === 'DeploymentConfig' && (object.group === 'apps.openshift.io' || object.group === '');
}

/** The selector as a label selector: `matchLabels`/`matchExpressions`, or a DeploymentConfig's plain map. */
function selectorOf(object: KubeObject, node: unknown): LabelSelector | undefined {
  if (isDeploymentConfig(object)) return { matchLabels: stringRecord(node), matchExpressions: [] };
  return readLabelSelector(node);
}

export default defineControl<'object', MismatchData>({
  meta: {
    id: 'selector-mismatch',
    stage: 2,
    category: 'reliability',
    severity: 'error',
    title: 'Selector does not match the pod template labels',
    description:
      'A controller only manages the pods its selector matches. When the pod template does not carry the selector labels, the API server rejects the object (apps/v1), or the controller keeps creating pods it never counts as its own.',
    remediation:
      'Make spec.template.metadata.labels carry every label of spec.selector.matchLabels and satisfy its matchExpressions (for an OpenShift DeploymentConfig, every label of its plain spec.selector map). The fix adds the missing selector labels to the template; a label with a different value or an unmet expression is left for you to resolve.',
    peers: {
      kubeLinter: ['mismatching-selector'],
      kubeScore: ['*-pod-selector-labels-match-template-metadata-labels'],
    },
    fix: 'review',
    fixEffect:
      'The pod template gains labels, so the workload rolls out new pods, and Services, PodDisruptionBudgets and NetworkPolicies that select those labels start to select them.',
    scope: 'object',
    kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'DeploymentConfig'],
  },
  check(context) {
    const { object } = context;
    if (object.kind === 'DeploymentConfig' && !isDeploymentConfig(object)) return NOT_APPLICABLE;
    const spec = asMap(get(object.node, 'spec'));
    const selectorNode = get(spec, 'selector');
    if (!selectorNode || isNullish(selectorNode) || !asMap(selectorNode)) return NOT_APPLICABLE;
    const template = asMap(get(spec, 'template'));
    if (!template) return NOT_APPLICABLE;
    const selector = selectorOf(object, selectorNode);
    // A DeploymentConfig with an empty selector defaults it to the template labels.
    if (!selector || (isDeploymentConfig(object) && Object.keys(selector.matchLabels).length === 0))
      return NOT_APPLICABLE;
    const labels = stringRecord(getIn(template, ['metadata', 'labels']));

    const missing: Record<string, string> = {};
    const problems: string[] = [];
    for (const [key, value] of Object.entries(selector.matchLabels)) {
      if (!Object.hasOwn(labels, key)) missing[key] = value;
      else if (labels[key] !== value)
        problems.push(
          `the pod template has ${key}=${labels[key]} where the selector requires ${key}=${value}`,
        );
    }
    for (const expression of selector.matchExpressions) {
      if (!KNOWN_OPERATORS.has(expression.operator)) continue;
      if (selectorMatches({ matchLabels: {}, matchExpressions: [expression] }, labels)) continue;
      const values = expression.values.length > 0 ? ` (${expression.values.join(', ')})` : '';
      problems.push(
        `the pod template labels do not satisfy the selector expression ${expression.key} ${expression.operator}${values}`,
      );
    }
    const missingCount = Object.keys(missing).length;
    if (missingCount > 0) {
      problems.unshift(
        `the pod template lacks the selector label${missingCount > 1 ? 's' : ''} ${formatLabels(missing)}`,
      );
    }
    if (problems.length === 0) return;
    // Adding labels only helps when missing labels are the whole problem.
    const data: MismatchData = { missing: missingCount > 0 && problems.length === 1 ? missing : {} };
    context.report({ message: problems.join('; '), at: spanOfKey(spec, 'selector'), data });
  },
  fix(context, fixer, data) {
    const { missing } = data;
    const entries = Object.entries(missing);
    if (entries.length === 0) return;
    const spec = asMap(get(context.object.node, 'spec'));
    const templatePair = getPair(spec, 'template');
    const template = asMap(templatePair?.value);
    // A template reached through an alias is shared: editing its anchor would change other objects.
    if (!spec || !template || templatePair?.value !== template) {
      fixer.fail();
      return;
    }
    for (const [key, value] of entries) fixer.set(template, ['metadata', 'labels', key], value);
  },
});
