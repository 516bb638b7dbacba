import { defineControl, spanOfKey } from '../../engine/control';
import { bool, get } from '../../engine/nodes';

export default defineControl({
  meta: {
    id: 'host-network',
    stage: 5,
    category: 'security',
    severity: 'error',
    title: 'Pod shares the node network namespace',
    description:
      "With hostNetwork: true the pod's containers use the node's network stack: they can bind any node port, reach services listening on the node's loopback interface, sniff node traffic and bypass NetworkPolicies that only apply to pod networks.",
    remediation:
      'Remove hostNetwork and expose the workload through a Service (or a hostPort only where a node-level agent truly needs it). The fix deletes the hostNetwork key from the pod spec; hostNetwork: true is always an explicit choice, and the fix says it overrides it.',
    peers: { polaris: ['hostNetworkSet'], kubeLinter: ['host-network'] },
    fix: 'review',
    fixEffect:
      "The pod leaves the node's network namespace: node agents that listen on node ports or read node traffic stop working.",
    scope: 'podSpec',
  },
  check(context) {
    const spec = context.podSpec.node;
    if (bool(get(spec, 'hostNetwork')) !== true) return;
    context.report({
      message: "hostNetwork: true shares the node's network namespace",
      at: spanOfKey(spec, 'hostNetwork'),
    });
  },
  fix(context, fixer) {
    fixer.removeKey(context.podSpec.node, 'hostNetwork');
  },
});
