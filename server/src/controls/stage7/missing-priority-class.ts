import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { isLongRunning } from '../../engine/model';
import { get, getPair, text } from '../../engine/nodes';

export default defineControl({
  meta: {
    id: 'missing-priority-class',
    stage: 7,
    category: 'reliability',
    severity: 'warning',
    title: 'Pod has no priority class',
    description:
      'Without a priorityClassName the pods get the cluster default priority (usually 0), so under resource pressure the scheduler may preempt them for less important work, and they cannot preempt batch jobs to get scheduled themselves.',
    remediation:
      'Set spec.priorityClassName on the pod template to a PriorityClass that reflects how important the workload is (create the PriorityClass objects once per cluster).',
    peers: { polaris: ['priorityClassNotSet'] },
    fix: 'none',
    scope: 'podSpec',
  },
  check(context) {
    const { object, podSpec } = context;
    if (!isLongRunning(object)) return NOT_APPLICABLE;
    const value = text(get(podSpec.node, 'priorityClassName'));
    if (value !== undefined && value.trim() !== '') return;
    context.report({
      message: getPair(podSpec.node, 'priorityClassName')
        ? 'priorityClassName is empty'
        : 'no priorityClassName',
      at: getPair(podSpec.node, 'priorityClassName')
        ? spanOfKey(podSpec.node, 'priorityClassName')
        : undefined,
    });
  },
});
