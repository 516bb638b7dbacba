import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { bool, get, isNullish, mapItems, num, text } from '../../engine/nodes';

interface HostPortData {
  /** Position of the port entry among the mapping entries of `ports`. */
  port: number;
}

export default defineControl<'container', HostPortData>({
  meta: {
    id: 'host-port',
    stage: 5,
    category: 'security',
    severity: 'warning',
    title: 'Container binds a port on the node',
    description:
      "A hostPort opens the port on every node the pod lands on, bypassing Services and most NetworkPolicy implementations, and it limits scheduling to one such pod per node and port. A pod with hostNetwork: true is not checked: its ports are the node's ports whether or not hostPort is written, host-network reports it, and removing hostPort would change nothing.",
    remediation:
      'Remove hostPort and reach the container through a Service (NodePort or LoadBalancer when it must be reachable from outside the cluster). The fix deletes hostPort from each port entry; containerPort stays.',
    peers: { polaris: ['hostPortSet'] },
    fix: 'review',
    fixEffect:
      "The port is no longer opened on the node: clients that reach the pod on the node's address stop reaching it.",
    scope: 'container',
  },
  check(context) {
    // On the host network every container port is a node port: host-network is the finding there.
    if (bool(get(context.podSpec.node, 'hostNetwork')) === true) return NOT_APPLICABLE;
    mapItems(get(context.container.node, 'ports')).forEach((port, index) => {
      const hostPort = get(port, 'hostPort');
      // Polaris accepts hostPort: 0, which Kubernetes reads as "not set".
      if (hostPort === undefined || isNullish(hostPort) || num(hostPort) === 0) return;
      const data: HostPortData = { port: index };
      const shown = text(hostPort);
      context.report({
        message: `${shown === undefined ? 'hostPort' : `hostPort ${shown}`} binds the port on the node`,
        at: spanOfKey(port, 'hostPort'),
        data,
      });
    });
  },
  fix(context, fixer, data) {
    const port = mapItems(get(context.container.node, 'ports'))[data.port];
    if (!port) {
      fixer.fail();
      return;
    }
    fixer.removeKey(port, 'hostPort');
  },
});
