import { defineControl, spanOfKey } from '../../engine/control';
import { get, mapItems, num, str, text } from '../../engine/nodes';

export default defineControl({
  meta: {
    id: 'ssh-port-exposed',
    stage: 5,
    category: 'security',
    severity: 'info',
    title: 'Container exposes the SSH port',
    description:
      'Port 22 usually means an SSH server runs inside the container: another way in that bypasses Kubernetes authentication, audit logging and RBAC, often with long-lived keys or passwords baked into the image. As in kube-linter, a TCP containerPort 22 (TCP being the default protocol) is reported.',
    remediation:
      'Remove the SSH server and use kubectl exec, kubectl debug or ephemeral containers for access; if the service on port 22 is not SSH, move it to another port. There is no automatic fix.',
    peers: { kubeLinter: ['ssh-port'] },
    fix: 'none',
    scope: 'container',
  },
  check(context) {
    for (const port of mapItems(get(context.container.node, 'ports'))) {
      const containerPort = get(port, 'containerPort');
      if (num(containerPort) !== 22 && text(containerPort) !== '22') continue;
      const protocol = str(get(port, 'protocol')) ?? 'TCP';
      if (protocol.toUpperCase() !== 'TCP') continue;
      context.report({
        message: 'containerPort 22 (SSH) is exposed',
        at: spanOfKey(port, 'containerPort'),
      });
    }
  },
});
