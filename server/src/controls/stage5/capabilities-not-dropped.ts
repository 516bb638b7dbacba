import { defineControl, spanOfKey } from '../../engine/control';
import { asSeq, get, getPair, isNullish, text } from '../../engine/nodes';
import {
  capabilities,
  capabilityEntries,
  containerFieldSpan,
  containerSecurityContext,
  setContainerSecurityContext,
  writtenDirectly,
} from '../shared/securityContext';

/** The capabilities container runtimes grant by default; dropping all of them is as good as dropping ALL. */
export const DEFAULT_CAPABILITIES = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'NET_RAW',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

export default defineControl({
  meta: {
    id: 'capabilities-not-dropped',
    stage: 5,
    category: 'security',
    severity: 'warning',
    title: 'Container keeps the default capabilities',
    description:
      "Container runtimes grant a default set of Linux capabilities (NET_RAW, CHOWN, SETUID, DAC_OVERRIDE and more) that most applications never use; NET_RAW alone allows packet spoofing on the pod network. Whatever the container doesn't drop, an attacker inherits.",
    remediation:
      'Set securityContext.capabilities.drop: [ALL] and add back only what the process needs in capabilities.add. The fix sets drop: [ALL], or adds ALL to an existing drop list (the explicit list of the author, which it says it overrides).',
    peers: {
      polaris: ['insecureCapabilities'],
      kubeLinter: ['drop-net-raw-capability'],
    },
    fix: 'review',
    fixEffect:
      'The container starts with no Linux capabilities: software that binds ports below 1024 or changes file ownership needs the ones it uses added back.',
    scope: 'container',
  },
  check(context) {
    const dropped = new Set(capabilityEntries(context, 'drop').map((entry) => entry.name));
    if (dropped.has('ALL') || DEFAULT_CAPABILITIES.every((name) => dropped.has(name))) return;
    const caps = capabilities(context);
    if (caps && getPair(caps, 'drop') && !isNullish(get(caps, 'drop'))) {
      const kept = DEFAULT_CAPABILITIES.filter((name) => !dropped.has(name));
      context.report({
        message: `capabilities.drop has neither ALL nor ${kept.slice(0, 3).join(', ')}${kept.length > 3 ? '…' : ''}`,
        at: spanOfKey(caps, 'drop'),
      });
      return;
    }
    context.report({
      message: "no capabilities.drop; the runtime's default capabilities (NET_RAW, CHOWN, SETUID…) are kept",
      at: caps
        ? spanOfKey(containerSecurityContext(context), 'capabilities')
        : containerFieldSpan(context, 'capabilities'),
    });
  },
  fix(context, fixer) {
    const caps = capabilities(context);
    const drop = asSeq(get(caps, 'drop'));
    if (caps && drop) {
      if (!writtenDirectly(context.container.node, ['securityContext', 'capabilities', 'drop'])) {
        fixer.fail(); // shared through an alias: editing it would change other containers
        return;
      }
      // The author chose which capabilities to drop: dropping them all overrides that explicit list.
      const written = capabilityEntries(context, 'drop').map((entry) => text(entry.node) ?? entry.name);
      fixer
        .describe('Add ALL to securityContext.capabilities.drop')
        .overridesExplicit(`drop: [${written.join(', ')}]`)
        .appendItem(drop, 'ALL');
      return;
    }
    setContainerSecurityContext(context, fixer, ['capabilities', 'drop'], ['ALL']);
  },
});
