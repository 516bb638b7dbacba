import { defineControl, spanOfKey } from '../../engine/control';
import { asMap, get, isNullish, text } from '../../engine/nodes';
import { editQuietly } from '../shared/spec';

export default defineControl({
  meta: {
    id: 'unmasked-proc-mount',
    stage: 5,
    category: 'security',
    severity: 'warning',
    title: 'Container /proc is not masked',
    description:
      'The container runtime masks and makes read-only the sensitive parts of /proc (kernel memory, sysrq-trigger, timer and key information). procMount: Unmasked, or any value other than Default, exposes them to the container and eases reading host information or escaping to the node.',
    remediation:
      'Remove securityContext.procMount (Default is the only value the Pod Security Standards baseline allows); keep Unmasked only for nested-container builders running in a user namespace, and exempt those. The fix deletes procMount (an explicit choice it says it overrides), and the securityContext when nothing else is left in it.',
    peers: { polaris: ['procMount'], kubeLinter: ['unsafe-proc-mount'] },
    fix: 'review',
    fixEffect: 'The container sees a masked /proc again: software that reads the masked paths fails.',
    scope: 'container',
  },
  check(context) {
    const securityContext = asMap(get(context.container.node, 'securityContext'));
    const procMount = get(securityContext, 'procMount');
    if (procMount === undefined || isNullish(procMount) || text(procMount) === 'Default') return;
    context.report({
      message: `procMount: ${text(procMount) ?? '(not a string)'} leaves /proc unmasked`,
      at: spanOfKey(securityContext, 'procMount'),
    });
  },
  fix(context, fixer) {
    const container = context.container.node;
    const securityContext = asMap(get(container, 'securityContext'));
    if (!securityContext) {
      fixer.fail();
      return;
    }
    // procMount is always written explicitly: the fix names it as what it overrides, not the securityContext
    // it may leave empty and remove with it.
    const written = text(get(securityContext, 'procMount'));
    const removed = editQuietly(fixer, (scratch) =>
      scratch.removePath(container, ['securityContext', 'procMount']),
    );
    if (removed)
      fixer
        .describe('Remove securityContext.procMount')
        .overridesExplicit(written === undefined ? 'procMount' : `procMount: ${written}`);
  },
});
