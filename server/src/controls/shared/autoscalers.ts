import type { KubeObject } from '../../engine/model';
import { get, isNullish, num, text } from '../../engine/nodes';
import type { ObjectIndex } from '../../engine/objectIndex';
import { scaleTargetOf } from '../../engine/objectSummary';

/**
 * HorizontalPodAutoscalers (and, with `keda`, KEDA ScaledObjects) of the workload's namespace whose
 * `scaleTargetRef` names it. A ScaledObject's target kind defaults to Deployment.
 */
export function autoscalersTargeting(index: ObjectIndex, workload: KubeObject, keda = true): KubeObject[] {
  const targets = (scaler: KubeObject, defaultKind?: string) => {
    const target = scaleTargetOf(scaler);
    return (target.kind ?? defaultKind) === workload.kind && target.name === workload.name;
  };
  const hpas = index.inNamespace('HorizontalPodAutoscaler', workload.namespace).filter((hpa) => targets(hpa));
  if (!keda) return hpas;
  const scaledObjects = index
    .inNamespace('ScaledObject', workload.namespace)
    .filter((scaledObject) => scaledObject.group === 'keda.sh' && targets(scaledObject, 'Deployment'));
  return [...hpas, ...scaledObjects];
}

/** Where "no autoscaler targets it" was looked for: the workspace, or the namespace when others exist. */
export function searchedWhere(index: ObjectIndex, workload: KubeObject): string {
  const any =
    index.count('HorizontalPodAutoscaler') > 0 ||
    index.ofKind('ScaledObject').some((scaledObject) => scaledObject.group === 'keda.sh');
  return any
    ? workload.namespace
      ? `in namespace "${workload.namespace}"`
      : 'in the unnamed namespace'
    : 'in this workspace';
}

/** Workload kinds whose pod count is `spec.replicas` (1 when absent). */
export const REPLICATED_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'ReplicationController',
  'Rollout',
  'DeploymentConfig',
]);

/**
 * `spec.replicas` of a replicated workload: 1 when absent or null (the API default), undefined when it is
 * not a number (a templated value cannot be judged).
 */
export function declaredReplicas(workload: KubeObject): number | undefined {
  const node = get(get(workload.node, 'spec'), 'replicas');
  if (node === undefined || isNullish(node)) return 1;
  const count = num(node);
  return count !== undefined && Number.isInteger(count) && count >= 0 ? count : undefined;
}

/**
 * The fewest pods an autoscaler keeps while the workload runs: an HPA's `minReplicas` (default 1); a KEDA
 * ScaledObject's `minReplicaCount`, at least 1 (the HPA KEDA creates never goes below 1; at 0 no pod runs).
 * Undefined when the value is not a number.
 */
export function autoscalerMinimum(scaler: KubeObject): number | undefined {
  const spec = get(scaler.node, 'spec');
  const key = scaler.kind === 'ScaledObject' ? 'minReplicaCount' : 'minReplicas';
  const node = get(spec, key);
  if (node === undefined || isNullish(node)) return 1;
  const count = num(node);
  if (count === undefined || !Number.isInteger(count)) return undefined;
  return Math.max(count, 1);
}

/** How an autoscaler's minimum reads in a message: `minReplicas: 2 of HorizontalPodAutoscaler "cart"`. */
export function describeAutoscalerMinimum(scaler: KubeObject): string {
  const key = scaler.kind === 'ScaledObject' ? 'minReplicaCount' : 'minReplicas';
  const written = text(get(get(scaler.node, 'spec'), key));
  return `${written === undefined ? `${key} not set` : `${key}: ${written}`} on ${scaler.kind} "${scaler.name}"`;
}

export interface PodCount {
  /** The fewest pods the workload runs (while it runs at all). */
  count: number;
  /** Where the count comes from, for messages: `replicas: 3`, `replicas not set`, an autoscaler's minimum. */
  source: string;
}

/**
 * The fewest pods a workload runs: the minimum of the autoscaler that targets it (the first, when several
 * do), else `spec.replicas` (1 when absent); a bare Pod is one pod. Undefined when manifests cannot tell:
 * a DaemonSet (one pod per matching node), a Job or CronJob (parallelism and completions), an unreadable
 * value.
 */
export function minimumPods(index: ObjectIndex, workload: KubeObject): PodCount | undefined {
  if (workload.kind === 'Pod') return { count: 1, source: 'a single Pod' };
  if (!REPLICATED_KINDS.has(workload.kind)) return undefined;
  const scaler = autoscalersTargeting(index, workload)[0];
  if (scaler) {
    const count = autoscalerMinimum(scaler);
    return count === undefined ? undefined : { count, source: describeAutoscalerMinimum(scaler) };
  }
  const count = declaredReplicas(workload);
  if (count === undefined) return undefined;
  const written = text(get(get(workload.node, 'spec'), 'replicas'));
  return { count, source: written === undefined ? 'replicas not set' : `replicas: ${written}` };
}
