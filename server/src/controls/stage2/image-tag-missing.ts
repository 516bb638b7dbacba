import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { get, str } from '../../engine/nodes';

/** The tag of an image reference, '' when it has none; undefined when the reference has a digest. */
function imageTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  // The tag follows the last colon of the last path component: a colon before a slash is a registry port.
  const lastComponent = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastComponent.lastIndexOf(':');
  return colon < 0 ? '' : lastComponent.slice(colon + 1);
}

export default defineControl({
  meta: {
    id: 'image-tag-missing',
    stage: 2,
    category: 'reliability',
    severity: 'error',
    title: 'Container image has no tag, or uses latest',
    description:
      'An image without a tag means :latest, and :latest moves: each node pulls whatever the tag points to when the pod lands there, so replicas run different code, rollbacks restore nothing and a push to the registry changes production without a deployment.',
    remediation:
      'Reference an immutable version, e.g. nginx:1.27.3, or pin the image by digest (image@sha256:…). There is no automatic fix: only you know which version you tested.',
    peers: {
      polaris: ['tagNotSpecified'],
      kubeLinter: ['latest-tag'],
      kubeScore: ['container-image-tag'],
    },
    fix: 'none',
    scope: 'container',
    containerKinds: ['initContainer', 'container'],
  },
  check(context) {
    const { node } = context.container;
    const image = str(get(node, 'image'))?.trim();
    if (!image) return NOT_APPLICABLE;
    const tag = imageTag(image);
    if (tag === undefined) return;
    const at = spanOfKey(node, 'image');
    if (tag === '') context.report({ message: `image "${image}" has no tag`, at });
    else if (tag === 'latest') context.report({ message: `image "${image}" uses the latest tag`, at });
  },
});
