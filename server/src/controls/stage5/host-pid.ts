import { defineControl, spanOfKey } from '../../engine/control';
import { bool, get } from '../../engine/nodes';

export default defineControl({
  meta: {
    id: 'host-pid',
    stage: 5,
    category: 'security',
    severity: 'error',
    title: 'Pod shares the node process namespace',
    description:
      "With hostPID: true the pod's containers see every process on the node: they can read other workloads' environment variables and command lines through /proc and, with enough privileges, signal, trace or enter those processes.",
    remediation:
      'Remove hostPID; to debug another container use an ephemeral container or shareProcessNamespace within the pod instead. The fix deletes the hostPID key from the pod spec; hostPID: true is always an explicit choice, and the fix says it overrides it.',
    peers: { polaris: ['hostPIDSet'], kubeLinter: ['host-pid'] },
    fix: 'review',
    fixEffect:
      "The pod no longer sees the node's processes: agents that monitor or signal them stop working.",
    scope: 'podSpec',
  },
  check(context) {
    const spec = context.podSpec.node;
    if (bool(get(spec, 'hostPID')) !== true) return;
    context.report({
      message: "hostPID: true shares the node's process namespace",
      at: spanOfKey(spec, 'hostPID'),
    });
  },
  fix(context, fixer) {
    fixer.removeKey(context.podSpec.node, 'hostPID');
  },
});
