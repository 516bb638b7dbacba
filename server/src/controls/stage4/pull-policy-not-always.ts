import { defineControl, spanOfKey } from '../../engine/control';
import { get, getPair, isNullish, str, text } from '../../engine/nodes';

export default defineControl({
  meta: {
    id: 'pull-policy-not-always',
    stage: 4,
    category: 'reliability',
    severity: 'warning',
    title: 'Container image pull policy is not Always',
    description:
      'With IfNotPresent (the default for tagged images) a node reuses whatever image it cached under the tag, so a re-pushed tag runs different code on different nodes, and a pod can start from an image its credentials no longer allow it to pull. An image pinned by digest (`@sha256:…`) passes: a digest names fixed content, so a cached copy cannot be stale.',
    remediation:
      'Set imagePullPolicy: Always, so that every container start checks the registry for the tag (layers already cached are not downloaded again), or pin the image by digest. The fix (review) sets imagePullPolicy: Always, adding the key or replacing the value; when it replaces an explicit IfNotPresent or Never its title says it overrides that choice.',
    peers: { polaris: ['pullPolicyNotAlways'], kubeScore: ['container-image-pull-policy'] },
    fix: 'review',
    fixEffect:
      'The kubelet asks the registry for the image at every container start: starts fail when the registry cannot be reached.',
    scope: 'container',
  },
  check(context) {
    const container = context.container.node;
    // A digest names immutable content: whatever the node cached under it is the image the manifest names.
    if (str(get(container, 'image'))?.includes('@sha256:')) return;
    const pair = getPair(container, 'imagePullPolicy');
    const value = get(container, 'imagePullPolicy');
    if (!pair || isNullish(value)) {
      context.report({
        message: 'no imagePullPolicy; the default reuses a cached image unless the tag is latest',
        at: pair ? spanOfKey(container, 'imagePullPolicy') : spanOfKey(container, 'image'),
      });
      return;
    }
    const policy = text(value);
    if (policy === 'Always') return;
    context.report({
      message:
        policy === undefined
          ? 'imagePullPolicy is not Always'
          : `imagePullPolicy: ${policy} can run a stale cached image`,
      at: spanOfKey(container, 'imagePullPolicy'),
    });
  },
  fix(context, fixer) {
    fixer.set(context.container.node, ['imagePullPolicy'], 'Always');
  },
});
