import { defineControl, spanOfKey } from '../../engine/control';
import { containerBool, containerSecurityContext, writtenDirectly } from '../shared/securityContext';

export default defineControl({
  meta: {
    id: 'privileged-container',
    stage: 5,
    category: 'security',
    severity: 'error',
    title: 'Container runs privileged',
    description:
      'A privileged container gets every capability, all host devices and no seccomp or AppArmor confinement: it is effectively root on the node, and escaping to the host is trivial.',
    remediation:
      'Remove privileged: true and grant only the specific capabilities the workload needs in capabilities.add. The fix removes the privileged key (and a securityContext left empty by that).',
    peers: {
      polaris: ['runAsPrivileged'],
      kubeLinter: ['privileged-container'],
      kubeScore: ['container-security-context-privileged'],
    },
    fix: 'review',
    fixEffect:
      "The container loses access to the host's devices and kernel settings: node agents that need them stop working.",
    scope: 'container',
    containerKinds: ['initContainer', 'container'],
  },
  check(context) {
    if (containerBool(context, 'privileged') !== true) return;
    context.report({
      message: 'privileged: true gives the container full access to the node',
      at: spanOfKey(containerSecurityContext(context), 'privileged'),
    });
  },
  fix(context, fixer) {
    const securityContext = containerSecurityContext(context);
    if (!securityContext) return;
    if (!writtenDirectly(context.container.node, ['securityContext'])) {
      fixer.fail(); // shared through an alias: removing it would change other containers
      return;
    }
    if (securityContext.items.length === 1 && !securityContext.flow && !securityContext.anchor) {
      fixer.removeKey(context.container.node, 'securityContext');
    } else {
      fixer.removeKey(securityContext, 'privileged');
    }
  },
});
