import { defineControl, spanOfKey } from '../../engine/control';
import { get, text } from '../../engine/nodes';
import { containerBool, containerSecurityContext, writtenDirectly } from '../shared/securityContext';
import { editQuietly } from '../shared/spec';

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
      'Remove privileged: true and grant only the specific capabilities the workload needs in capabilities.add. The fix removes the privileged key (and a securityContext left empty by that); privileged: true is always written explicitly, so the fix says it overrides that choice.',
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
    // privileged: true is always the author's explicit choice: the fix says it overrides it (and not the
    // securityContext it may leave empty and remove with it).
    const written = text(get(securityContext, 'privileged')) ?? 'true';
    const removed = editQuietly(fixer, (scratch) => {
      if (securityContext.items.length === 1 && !securityContext.flow && !securityContext.anchor) {
        scratch.removeKey(context.container.node, 'securityContext');
      } else {
        scratch.removeKey(securityContext, 'privileged');
      }
    });
    if (removed)
      fixer.describe('Remove securityContext.privileged').overridesExplicit(`privileged: ${written}`);
  },
});
