import type { KubeObject } from '../../engine/model';
import { get, str } from '../../engine/nodes';
import type { ObjectIndex } from '../../engine/objectIndex';

/**
 * HorizontalPodAutoscalers (and, with `keda`, KEDA ScaledObjects) of the workload's namespace whose
 * `scaleTargetRef` names it. A ScaledObject's target kind defaults to Deployment.
 */
export function autoscalersTargeting(index: ObjectIndex, workload: KubeObject, keda = true): KubeObject[] {
  const targets = (scaler: KubeObject, defaultKind?: string) => {
    const ref = get(get(scaler.node, 'spec'), 'scaleTargetRef');
    const kind = str(get(ref, 'kind')) ?? defaultKind;
    return kind === workload.kind && str(get(ref, 'name')) === workload.name;
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
    index.ofKind('HorizontalPodAutoscaler').length > 0 ||
    index.ofKind('ScaledObject').some((scaledObject) => scaledObject.group === 'keda.sh');
  return any ? `in namespace "${workload.namespace || '(none)'}"` : 'in this workspace';
}
