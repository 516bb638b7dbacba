import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { asMap, asSeq, get, getPair, isAlias, nodeSpan, str } from '../../engine/nodes';

interface DuplicateData {
  /** Index in `env` of the entry that the later one overrides. */
  earlier: number;
}

export default defineControl<'container', DuplicateData>({
  meta: {
    id: 'duplicate-env-var',
    stage: 2,
    category: 'reliability',
    severity: 'warning',
    title: 'Environment variable declared twice',
    description:
      'When two env entries share a name, only the last one reaches the process; the earlier one is dead configuration that a reader takes for the real value, and a merge or patch can silently flip which value wins.',
    remediation:
      'Keep one entry per variable name. The fix removes the earlier entry, which Kubernetes already ignores, so the container sees the same environment as before.',
    peers: {
      kubeLinter: ['duplicate-env-var'],
      kubeScore: ['environment-variable-key-duplication'],
    },
    fix: 'safe',
    fixEffect:
      "Nothing: the container already sees the later entry's value, which shadows the removed one. When an entry between the two refers to the name with $(NAME), it was expanded with the earlier value: that fix is review.",
    scope: 'container',
  },
  check(context) {
    const env = asSeq(get(context.container.node, 'env'));
    if (!env) return NOT_APPLICABLE;
    const lastIndexOf = new Map<string, number>();
    env.items.forEach((item, index) => {
      const name = str(get(item, 'name'));
      if (name === undefined) return;
      const earlier = lastIndexOf.get(name);
      lastIndexOf.set(name, index);
      if (earlier === undefined) return;
      context.report({
        message: `env "${name}" is declared again; the earlier entry (#${earlier + 1}) is ignored`,
        at: isAlias(item) ? nodeSpan(item) : spanOfKey(asMap(item), 'name'),
        data: { earlier } satisfies DuplicateData,
      });
    });
  },
  fix(context, fixer, data) {
    const env = asSeq(get(context.container.node, 'env'));
    const { earlier } = data;
    // Through an alias or a merge key the list is shared with other containers: leave it to a person.
    const pair = getPair(context.container.node, 'env');
    if (!env || !pair || pair.value !== env || !context.container.node.items.includes(pair)) {
      fixer.fail();
      return;
    }
    // Removing an entry that holds an anchor would leave its aliases dangling.
    if (hasAnchor(env.items[earlier])) {
      fixer.fail();
      return;
    }
    // An entry between the two that refers to $(NAME) was expanded with the earlier value: without it, that
    // reference no longer resolves, and the container sees another value.
    const name = str(get(env.items[earlier], 'name'));
    const later = env.items.findIndex((item, index) => index > earlier && str(get(item, 'name')) === name);
    const reference = `$(${name})`;
    if (env.items.slice(earlier + 1, later).some((item) => str(get(item, 'value'))?.includes(reference)))
      fixer.changesBehaviour(`an entry between them expands ${reference} with the earlier value`);
    fixer.removeItems(env, [earlier]);
    fixer.describe(`Remove the first ${name} env entry (the later one is the value the container gets)`);
  },
});

function hasAnchor(node: unknown, depth = 0): boolean {
  if (depth > 50 || !node || typeof node !== 'object') return false;
  if ((node as { anchor?: string }).anchor) return true;
  const children = (node as { items?: unknown[] }).items;
  if (Array.isArray(children)) return children.some((child) => hasAnchor(child, depth + 1));
  if ('key' in node || 'value' in node) {
    const pair = node as { key?: unknown; value?: unknown };
    return hasAnchor(pair.key, depth + 1) || hasAnchor(pair.value, depth + 1);
  }
  return false;
}
