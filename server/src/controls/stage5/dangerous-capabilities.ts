import { defineControl, spanOf } from '../../engine/control';
import { asSeq, get, text } from '../../engine/nodes';
import { capabilities, capabilityEntries, writtenDirectly } from '../shared/securityContext';
import { editQuietly } from '../shared/spec';

const DANGEROUS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN']);

export default defineControl({
  meta: {
    id: 'dangerous-capabilities',
    stage: 5,
    category: 'security',
    severity: 'error',
    title: 'Container adds a dangerous capability',
    description:
      'SYS_ADMIN is close to full root (mounts, namespaces, many kernel interfaces), NET_ADMIN lets the container reconfigure networking and intercept traffic, and ALL grants every capability; each makes escaping the container or attacking the node far easier.',
    remediation:
      'Remove ALL, SYS_ADMIN and NET_ADMIN from securityContext.capabilities.add and add only the narrow capabilities the process needs (NET_BIND_SERVICE for a low port, for example). The fix removes those entries (the add list when nothing else is left in it), saying it overrides the explicit add entries.',
    peers: { polaris: ['dangerousCapabilities'] },
    fix: 'review',
    fixEffect:
      'The container loses the removed capabilities: operations that need them (network or system administration) fail.',
    scope: 'container',
  },
  check(context) {
    for (const entry of capabilityEntries(context, 'add')) {
      if (!DANGEROUS.has(entry.name)) continue;
      context.report({
        message: `capabilities.add grants ${entry.name}`,
        at: spanOf(entry.node),
      });
    }
  },
  fix(context, fixer) {
    const caps = capabilities(context);
    const add = asSeq(get(caps, 'add'));
    if (!caps || !add) return;
    if (!writtenDirectly(context.container.node, ['securityContext', 'capabilities', 'add'])) {
      fixer.fail(); // shared through an alias: editing it would change other containers
      return;
    }
    const dangerous = capabilityEntries(context, 'add').filter((entry) => DANGEROUS.has(entry.name));
    if (dangerous.length === 0) return;
    const indices = dangerous.map((entry) => entry.index);
    const removed = editQuietly(fixer, (scratch) => {
      if (indices.length === add.items.length && !add.flow) scratch.removeKey(caps, 'add');
      else scratch.removeItems(add, indices);
    });
    if (!removed) return;
    // Every entry of capabilities.add is written by the author: the fix overrides exactly those it removes.
    const written = dangerous.map((entry) => text(entry.node) ?? entry.name);
    fixer
      .describe(`Remove ${written.join(', ')} from securityContext.capabilities.add`)
      .overridesExplicit(`add: [${written.join(', ')}]`);
  },
});
