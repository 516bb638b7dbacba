import { posix } from 'node:path';
import { defineControl, NOT_APPLICABLE } from '../../engine/control';
import type { KubeObject } from '../../engine/model';

/** Where an earlier declaration is, for the message: its file (relative to this one) and line. */
function whereDeclared(declaration: KubeObject, here: KubeObject): string {
  const line =
    declaration.file.lines.position(declaration.node.range?.[0] ?? declaration.document.start).line + 1;
  if (declaration.file === here.file || declaration.file.path === here.file.path)
    return `line ${line} of this file`;
  const from = posix.dirname(here.file.path.replace(/\\/g, '/'));
  const to = declaration.file.path.replace(/\\/g, '/');
  const shown = posix.isAbsolute(to) === posix.isAbsolute(from) ? posix.relative(from, to) : to;
  return `${shown || to}, line ${line}`;
}

export default defineControl({
  meta: {
    id: 'duplicate-object',
    stage: 2,
    category: 'reliability',
    severity: 'warning',
    title: 'Object declared more than once',
    description:
      'Two declarations of the same object (the same kind and API group, namespace and name) describe one object in the cluster: whichever is applied last silently replaces the other, so the manifests say two things and the cluster runs one of them. Each declaration after the first (by file path, then position) is reported, naming the first; cross-resource checks see the first only. Kustomize builds each folder holding a kustomization file (with its subfolders) on its own: declarations in different kustomizations (a base and its overlays, sibling overlays), or one inside a kustomization and one outside any, are different objects until they are built and are not compared; files a kustomization applies as patches are partial objects and are not checked at all.',
    remediation:
      'Keep one declaration and delete the others, or give the copies different names or namespaces. Variants of the same application belong in separate Kustomize overlays (or Helm values), not in files applied together. There is no automatic fix: which declaration is right needs a person.',
    peers: {},
    fix: 'none',
    scope: 'object',
  },
  check(context) {
    const { object, index } = context;
    const declarations = index.declarationsOf(object);
    if (declarations.length < 2) return NOT_APPLICABLE;
    // The first declaration passes: it is the object the other checks see.
    if (declarations[0] === object) return;
    context.report({
      message: `declared more than once: first at ${whereDeclared(declarations[0], object)}`,
    });
  },
});
