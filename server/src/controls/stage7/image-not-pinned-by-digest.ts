import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { get, str } from '../../engine/nodes';

export default defineControl({
  meta: {
    id: 'image-not-pinned-by-digest',
    stage: 7,
    category: 'security',
    severity: 'info',
    title: 'Image is not pinned by digest',
    description:
      'A tag can be moved to other content at any time, by the publisher or by an attacker with push access, so the same manifest can run different code on different nodes or days. Only an @sha256: digest names immutable content and makes deployments reproducible and verifiable.',
    remediation:
      'Reference the image by digest (registry/name:tag@sha256:<digest>, keeping the tag for readability) and let a tool such as Renovate or your CI pipeline update the digest.',
    peers: {},
    fix: 'none',
    scope: 'container',
  },
  check(context) {
    const { container } = context;
    const image = str(get(container.node, 'image'));
    if (image === undefined || image.trim() === '') return NOT_APPLICABLE;
    if (image.includes('@sha256:')) return;
    context.report({
      message: `image "${image}" is not pinned by an @sha256: digest`,
      at: spanOfKey(container.node, 'image'),
    });
  },
});
