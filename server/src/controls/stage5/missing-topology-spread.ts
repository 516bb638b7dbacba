import type { PodSpecContext } from '../../engine/control';
import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { isLongRunning } from '../../engine/model';
import { asMap, get, getIn, getPair, isNullish, items, str, text } from '../../engine/nodes';
import { formatLabels, readLabelSelector, selectorMatches } from '../../engine/objectIndex';
import {
  autoscalerMinimum,
  autoscalersTargeting,
  declaredReplicas,
  REPLICATED_KINDS,
} from '../shared/autoscalers';
import { namespaceLabels, podSelectionOf, selectorValue } from '../shared/workloadSelector';

/** The topology keys an anti-affinity term may spread on and count. */
const SPREADING_KEYS = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
]);

/**
 * True when a pod anti-affinity term keeps the workload's own pods apart: its labelSelector matches the
 * template labels, it applies in the workload's namespace, and it spreads on node, zone or region.
 */
function spreadsOwnPods(context: PodSpecContext, term: unknown): boolean {
  const { object, podSpec, index } = context;
  if (!SPREADING_KEYS.has(str(get(term, 'topologyKey')) ?? '')) return false;
  const selector = readLabelSelector(get(term, 'labelSelector'));
  // A missing labelSelector selects no pod.
  if (!selector || !selectorMatches(selector, podSpec.templateLabels)) return false;
  // Neither namespaces nor namespaceSelector: the term applies in the pod's own namespace.
  const namespaces = items(get(term, 'namespaces'))
    .map((entry) => text(entry))
    .filter((entry): entry is string => entry !== undefined);
  const namespaceSelectorNode = get(term, 'namespaceSelector');
  const namespaceSelector =
    namespaceSelectorNode === undefined || isNullish(namespaceSelectorNode)
      ? undefined
      : readLabelSelector(namespaceSelectorNode);
  if (namespaces.length === 0 && !namespaceSelector) return true;
  if (object.namespace && namespaces.includes(object.namespace)) return true;
  if (!namespaceSelector) return false;
  // An empty namespaceSelector selects every namespace.
  if (
    Object.keys(namespaceSelector.matchLabels).length === 0 &&
    namespaceSelector.matchExpressions.length === 0
  )
    return true;
  const labels = namespaceLabels(index, object.namespace);
  return labels !== undefined && selectorMatches(namespaceSelector, labels);
}

function antiAffinityTerms(spec: unknown): unknown[] {
  const antiAffinity = getIn(spec, ['affinity', 'podAntiAffinity']);
  return [
    ...items(get(antiAffinity, 'requiredDuringSchedulingIgnoredDuringExecution')),
    ...items(get(antiAffinity, 'preferredDuringSchedulingIgnoredDuringExecution')).map((weighted) =>
      get(weighted, 'podAffinityTerm'),
    ),
  ];
}

export default defineControl({
  meta: {
    id: 'missing-topology-spread',
    stage: 5,
    category: 'reliability',
    severity: 'warning',
    title: 'Pods are not spread across nodes',
    description:
      "Without topologySpreadConstraints or a pod anti-affinity the scheduler may put every replica on the same node or zone, so one node failure, drain or zone outage takes the whole workload down. Checked: the pod templates of long-running replicated workloads (Deployment, StatefulSet, ReplicaSet, ReplicationController, Argo Rollout, DeploymentConfig) that run 2 or more replicas, or that a HorizontalPodAutoscaler (or KEDA ScaledObject) targets with a minimum of 2 or more; a single replica (an absent replicas is 1) has nothing to spread, and DaemonSets (one pod per node), Jobs, CronJobs and bare Pods are not checked. A non-empty topologySpreadConstraints list passes, and so does a pod anti-affinity term, required or preferred, that keeps the workload's own pods apart: its labelSelector matches the template labels, its namespaces (or namespaceSelector), when set, include the workload's namespace, and its topologyKey is kubernetes.io/hostname, topology.kubernetes.io/zone or topology.kubernetes.io/region. A term that selects other pods, or spreads on another key, does not count.",
    remediation:
      "Add a topologySpreadConstraints entry on kubernetes.io/hostname (and topology.kubernetes.io/zone for multi-zone clusters) selecting the workload's pods, or a pod anti-affinity term as above. The fix (review) adds a hostname spread with maxSkew: 1 and whenUnsatisfiable: ScheduleAnyway whose labelSelector is the workload's own spec.selector (its matchLabels, and its matchExpressions when it has some), never every template label: a version label would stop matching at the next release. It is withheld, with the reason, when the selector has no matchLabels, and when topologySpreadConstraints is an empty list a person must fill.",
    peers: {
      polaris: ['topologySpreadConstraint'],
      kubeLinter: ['no-anti-affinity'],
      kubeScore: ['deployment-has-host-podantiaffinity', 'statefulset-has-host-podantiaffinity'],
    },
    fix: 'review',
    fixEffect:
      "The scheduler prefers to place the workload's pods on different nodes; existing pods move at the next rollout.",
    scope: 'podSpec',
  },
  check(context) {
    const { object, podSpec, index } = context;
    if (!isLongRunning(object) || !REPLICATED_KINDS.has(object.kind)) return NOT_APPLICABLE;
    const replicas = declaredReplicas(object);
    const scaled = autoscalersTargeting(index, object).some(
      (scaler) => (autoscalerMinimum(scaler) ?? 0) >= 2,
    );
    if (!scaled && (replicas === undefined || replicas < 2)) return NOT_APPLICABLE;
    const spec = podSpec.node;
    if (items(get(spec, 'topologySpreadConstraints')).length > 0) return;
    const terms = antiAffinityTerms(spec);
    if (terms.some((term) => spreadsOwnPods(context, term))) return;
    const emptyList = getPair(spec, 'topologySpreadConstraints') !== undefined;
    if (terms.length > 0) {
      context.report({
        message: `${emptyList ? 'topologySpreadConstraints is empty, and ' : ''}no podAntiAffinity term keeps the workload's own pods apart (a term counts when its labelSelector matches ${formatLabels(podSpec.templateLabels)}, its namespaces include the workload's and its topologyKey is kubernetes.io/hostname, topology.kubernetes.io/zone or topology.kubernetes.io/region)`,
        at: spanOfKey(asMap(get(spec, 'affinity')), 'podAntiAffinity'),
      });
      return;
    }
    context.report({
      message: emptyList
        ? 'topologySpreadConstraints is empty and no podAntiAffinity spreads the pods'
        : 'neither topologySpreadConstraints nor a podAntiAffinity spreads the pods across nodes',
      at: emptyList ? spanOfKey(spec, 'topologySpreadConstraints') : undefined,
    });
  },
  fix(context, fixer) {
    const { object, podSpec } = context;
    const constraints = get(podSpec.node, 'topologySpreadConstraints');
    if (getPair(podSpec.node, 'topologySpreadConstraints') && !isNullish(constraints)) {
      fixer.fail('not offered: topologySpreadConstraints is an empty list; write its entries by hand');
      return;
    }
    const result = podSelectionOf(object, false);
    if ('withheld' in result) {
      fixer.fail(`not offered: ${result.withheld}; write the spread constraint's labelSelector by hand`);
      return;
    }
    fixer
      .set(
        podSpec.node,
        ['topologySpreadConstraints'],
        [
          {
            maxSkew: 1,
            topologyKey: 'kubernetes.io/hostname',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: selectorValue(result.selection),
          },
        ],
      )
      .describe(
        `Add a topologySpreadConstraint on kubernetes.io/hostname selecting ${formatLabels(result.selection.matchLabels)}`,
      );
  },
});
