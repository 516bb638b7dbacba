import type { FixValue } from '../../engine/fixer';
import type { KubeObject } from '../../engine/model';
import { asMap, bool, get, getPair, isNullish, items, str, stringRecord, text } from '../../engine/nodes';
import type { ObjectIndex } from '../../engine/objectIndex';

/** A label selector to write into a new object or a spread constraint, as plain fix values. */
export interface PodSelection {
  matchLabels: Record<string, string>;
  /** The workload's own matchExpressions, copied so the new selector selects exactly its pods. */
  matchExpressions?: FixValue[];
  /** Where the labels come from, for remediation text: the workload's selector, or its pod labels. */
  from: 'selector' | 'labels';
}

export type SelectionResult = { selection: PodSelection } | { withheld: string };

/** Kinds whose `spec.selector` is a plain label map rather than a LabelSelector. */
const MAP_SELECTOR_KINDS = new Set(['ReplicationController', 'DeploymentConfig']);

/**
 * Kinds whose selector may be left out: Kubernetes then uses the pod labels (ReplicationController,
 * DeploymentConfig) or generates a per-run one (Job); a Pod and a CronJob have no selector at all.
 */
const OPTIONAL_SELECTOR_KINDS = new Set([
  'Pod',
  'Job',
  'CronJob',
  'ReplicationController',
  'DeploymentConfig',
]);

/**
 * Pod labels that change from one release to the next, or that controllers set per pod or per run: a
 * selector holding them stops selecting the pods at the next release.
 */
export const RELEASE_LABELS: ReadonlySet<string> = new Set([
  'version',
  'app.kubernetes.io/version',
  'helm.sh/chart',
  'chart',
  'pod-template-hash',
  'controller-revision-hash',
  'statefulset.kubernetes.io/pod-name',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'job-name',
  'batch.kubernetes.io/job-name',
]);

/**
 * The selector a new object (PodDisruptionBudget, NetworkPolicy) or a spread constraint should use for the
 * workload's pods: the workload's own `spec.selector` (its matchLabels, with its matchExpressions when it
 * has some), which stays stable across releases, never every template label. A plain-map selector
 * (ReplicationController, DeploymentConfig) is its matchLabels.
 *
 * With `fallbackToLabels`, a kind whose selector is optional and absent (a bare Pod, a Job, a CronJob, a
 * ReplicationController or DeploymentConfig without one) is selected by its pod labels less the ones that
 * change between releases (RELEASE_LABELS). Otherwise, and when no label is left, the result says why
 * nothing can be written.
 */
export function podSelectionOf(workload: KubeObject, fallbackToLabels: boolean): SelectionResult {
  const spec = asMap(get(workload.node, 'spec'));
  const selectorNode = getPair(spec, 'selector') ? get(spec, 'selector') : undefined;
  // A Job's selector is generated per run (controller-uid) unless manualSelector says it is the author's.
  const ownSelector =
    workload.kind === 'Job'
      ? bool(get(spec, 'manualSelector')) === true
      : workload.kind !== 'Pod' && workload.kind !== 'CronJob';
  if (ownSelector && selectorNode !== undefined && !isNullish(selectorNode)) {
    if (MAP_SELECTOR_KINDS.has(workload.kind)) {
      const matchLabels = stringRecord(selectorNode);
      if (Object.keys(matchLabels).length > 0) return { selection: { matchLabels, from: 'selector' } };
      return { withheld: 'spec.selector holds no label to select the pods by' };
    }
    const matchLabels = stringRecord(get(selectorNode, 'matchLabels'));
    if (Object.keys(matchLabels).length === 0)
      return {
        withheld:
          'spec.selector has no matchLabels to select the pods by (matchExpressions alone are left for a person to copy)',
      };
    const expressions = plainExpressions(get(selectorNode, 'matchExpressions'));
    return {
      selection: {
        matchLabels,
        ...(expressions.length > 0 ? { matchExpressions: expressions } : {}),
        from: 'selector',
      },
    };
  }
  if (!fallbackToLabels || !OPTIONAL_SELECTOR_KINDS.has(workload.kind))
    return { withheld: 'the workload has no spec.selector.matchLabels to select its pods by' };
  const labels = workload.podTemplate?.labels ?? workload.podSpec?.templateLabels ?? {};
  const stable = Object.fromEntries(Object.entries(labels).filter(([key]) => !RELEASE_LABELS.has(key)));
  if (Object.keys(stable).length === 0)
    return {
      withheld:
        Object.keys(labels).length === 0
          ? 'the pods have no labels to select them by'
          : 'the pods have only release labels (version, chart, hashes), which would stop selecting them at the next release',
    };
  return { selection: { matchLabels: stable, from: 'labels' } };
}

/** A selection as a LabelSelector fix value. */
export function selectorValue(selection: PodSelection): Record<string, FixValue> {
  return {
    matchLabels: { ...selection.matchLabels },
    ...(selection.matchExpressions ? { matchExpressions: selection.matchExpressions } : {}),
  };
}

function plainExpressions(node: unknown): FixValue[] {
  const result: FixValue[] = [];
  for (const expression of items(node)) {
    const key = str(get(expression, 'key'));
    const operator = str(get(expression, 'operator'));
    if (key === undefined || operator === undefined) continue;
    const values = items(get(expression, 'values'))
      .map((value) => text(value))
      .filter((value): value is string => value !== undefined);
    result.push(values.length > 0 ? { key, operator, values } : { key, operator });
  }
  return result;
}

/**
 * The labels of a namespace as selectors see them: its Namespace object's labels when the workspace has
 * it, and `kubernetes.io/metadata.name`, which the API server sets on every namespace. Undefined for the
 * unnamed namespace (which namespace the objects land in is only known when they are applied).
 */
export function namespaceLabels(index: ObjectIndex, namespace: string): Record<string, string> | undefined {
  if (!namespace) return undefined;
  const object = index.ofKind('Namespace').find((candidate) => candidate.name === namespace);
  return { ...(object?.labels ?? {}), 'kubernetes.io/metadata.name': namespace };
}
