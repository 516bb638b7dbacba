import { defineControl, spanOfKey } from '../../engine/control';
import { get } from '../../engine/nodes';
import { declaredPorts, PROBE_KEYS, portIsDeclared, portsMatching, probePorts } from '../shared/probes';

export default defineControl({
  meta: {
    id: 'probe-port-not-exposed',
    stage: 4,
    category: 'reliability',
    severity: 'error',
    title: 'Probe targets a port the container does not declare',
    description:
      'A probe aimed at a port the container does not declare usually means the port was renamed or renumbered and the probe was not: a named port that does not exist makes the probe fail outright, and a stale number checks the wrong thing, so the kubelet restarts a healthy container or never marks it ready. httpGet, tcpSocket and grpc probes connect over TCP, so the port must be declared as a TCP port (the default protocol): a port declared only as UDP or SCTP does not count, by number or by name.',
    remediation:
      "Point the probe at one of the container's TCP ports (by its name or its containerPort number), or declare the port the probe uses in the container ports with protocol TCP. There is no automatic fix: which of the two is right depends on the application.",
    peers: { kubeLinter: ['liveness-port', 'readiness-port', 'startup-port'] },
    fix: 'none',
    scope: 'container',
  },
  check(context) {
    const container = context.container.node;
    const ports = declaredPorts(container);
    for (const key of PROBE_KEYS) {
      for (const port of probePorts(get(container, key))) {
        if (portIsDeclared(port, ports)) continue;
        const target = port.number !== undefined ? `port ${port.number}` : `port "${port.name}"`;
        const protocols = [...new Set(portsMatching(port, ports).map((declared) => declared.protocol))];
        const declared =
          protocols.length > 0
            ? `the container declares it as ${protocols.join(' and ')}, and the probe connects over TCP`
            : ports.length === 0
              ? 'the container declares no ports'
              : port.number !== undefined
                ? 'no containerPort has that number'
                : 'no container port has that name';
        context.report({
          message: `${key}.${port.handler} targets ${target}, but ${declared}`,
          at: spanOfKey(port.handlerNode, 'port'),
        });
      }
    }
  },
});
