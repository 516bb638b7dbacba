import { defineControl, spanOfKey } from '../../engine/control';
import { bool, num } from '../../engine/nodes';
import {
  containerFieldSpan,
  containerSecurityContext,
  effectiveSetting,
  setContainerSecurityContext,
} from '../shared/securityContext';

export default defineControl({
  meta: {
    id: 'run-as-root',
    stage: 5,
    category: 'security',
    severity: 'error',
    title: 'Container may run as root',
    description:
      'Unless the container or the pod requires a non-root user, the process runs as whatever user the image names, very often root; a compromised process then owns every file of the container and is one kernel or runtime bug away from root on the node.',
    remediation:
      'Build the image with a non-root USER and set securityContext.runAsNonRoot: true (or a non-zero runAsUser) on the container or the pod; a container setting overrides the pod one. The fix sets runAsNonRoot: true on the container, so the kubelet refuses to start it as root; it offers nothing when runAsUser: 0 asks for root explicitly.',
    peers: {
      polaris: ['runAsRootAllowed'],
      kubeLinter: ['run-as-non-root'],
      kubeScore: ['container-security-context-user-group-id'],
    },
    fix: 'review',
    fixEffect:
      'The kubelet refuses to start the container when its image runs as root (UID 0): images that need root stop starting.',
    scope: 'container',
    containerKinds: ['initContainer', 'container'],
  },
  check(context) {
    const user = effectiveSetting(context, 'runAsUser');
    const userId = user ? num(user.value) : undefined;
    if (user && userId === 0) {
      const owner = user.level === 'pod' ? "the pod's " : '';
      context.report({
        message: `${owner}runAsUser: 0 runs the container as root`,
        at: spanOfKey(user.map, 'runAsUser'),
      });
      return;
    }
    if (userId !== undefined && userId > 0) return;
    const nonRoot = effectiveSetting(context, 'runAsNonRoot');
    const required = nonRoot ? bool(nonRoot.value) : undefined;
    if (required === true) return;
    if (nonRoot) {
      context.report({
        message:
          nonRoot.level === 'pod'
            ? "the pod's runAsNonRoot: false lets the container run as root"
            : 'runAsNonRoot: false lets the container run as root',
        at: spanOfKey(nonRoot.map, 'runAsNonRoot'),
      });
      return;
    }
    context.report({
      message: 'neither the container nor the pod sets runAsNonRoot: true or a non-zero runAsUser',
      at: containerSecurityContext(context) ? containerFieldSpan(context, 'runAsNonRoot') : undefined,
    });
  },
  fix(context, fixer) {
    const user = effectiveSetting(context, 'runAsUser');
    if (user && num(user.value) === 0) return; // root asked for explicitly: a person decides
    setContainerSecurityContext(context, fixer, ['runAsNonRoot'], true);
  },
});
