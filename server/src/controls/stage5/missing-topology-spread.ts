import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { isLongRunning } from '../../engine/model';
import { get, getIn, getPair, items } from '../../engine/nodes';

export default defineControl({
  meta: {
    id: 'missing-topology-spread',
    stage: 5,
    category: 'reliability',
    severity: 'warning',
    title: 'Pods are not spread across nodes',
    description:
      'Without topologySpreadConstraints or a pod anti-affinity the scheduler may put every replica on the same node or zone, so one node failure, drain or zone outage takes the whole workload down. Long-running workloads are checked (Jobs and CronJobs are not); a non-empty topologySpreadConstraints list or any required or preferred podAntiAffinity term passes.',
    remediation:
      'Add a topologySpreadConstraints entry on kubernetes.io/hostname (and topology.kubernetes.io/zone for multi-zone clusters) selecting the pod labels, or a podAntiAffinity term. The fix adds a hostname spread with maxSkew: 1 and whenUnsatisfiable: ScheduleAnyway on the pod template labels; it is not offered when the template has no labels.',
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
    const { object, podSpec } = context;
    if (!isLongRunning(object)) return NOT_APPLICABLE;
    const spec = podSpec.node;
    const constraints = get(spec, 'topologySpreadConstraints');
    if (items(constraints).length > 0) return;
    const antiAffinity = getIn(spec, ['affinity', 'podAntiAffinity']);
    if (
      items(get(antiAffinity, 'requiredDuringSchedulingIgnoredDuringExecution')).length > 0 ||
      items(get(antiAffinity, 'preferredDuringSchedulingIgnoredDuringExecution')).length > 0
    ) {
      return;
    }
    const emptyList = getPair(spec, 'topologySpreadConstraints') !== undefined;
    context.report({
      message: emptyList
        ? 'topologySpreadConstraints is empty and no podAntiAffinity spreads the pods'
        : 'neither topologySpreadConstraints nor a podAntiAffinity spreads the pods across nodes',
      at: emptyList ? spanOfKey(spec, 'topologySpreadConstraints') : undefined,
    });
  },
  fix(context, fixer) {
    const labels = context.podSpec.templateLabels;
    if (Object.keys(labels).length === 0) {
      fixer.fail();
      return;
    }
    fixer.set(
      context.podSpec.node,
      ['topologySpreadConstraints'],
      [
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: { ...labels } },
        },
      ],
    );
  },
});
