import { defineControl, spanOfKey } from '../../engine/control';
import { bool, get } from '../../engine/nodes';

export default defineControl({
  meta: {
    id: 'host-ipc',
    stage: 5,
    category: 'security',
    severity: 'error',
    title: 'Pod shares the node IPC namespace',
    description:
      "With hostIPC: true the pod's containers join the node's IPC namespace: they can read and write the shared memory segments, semaphores and message queues of every process on the node, including other workloads.",
    remediation:
      'Remove hostIPC; containers that must exchange data through shared memory can do so within one pod without it. The fix deletes the hostIPC key from the pod spec; hostIPC: true is always an explicit choice, and the fix says it overrides it.',
    peers: { polaris: ['hostIPCSet'], kubeLinter: ['host-ipc'] },
    fix: 'review',
    fixEffect:
      "The pod no longer shares the node's IPC namespace: software that uses the node's shared memory stops working.",
    scope: 'podSpec',
  },
  check(context) {
    const spec = context.podSpec.node;
    if (bool(get(spec, 'hostIPC')) !== true) return;
    context.report({
      message: "hostIPC: true shares the node's IPC namespace",
      at: spanOfKey(spec, 'hostIPC'),
    });
  },
  fix(context, fixer) {
    fixer.removeKey(context.podSpec.node, 'hostIPC');
  },
});
