import { posix } from 'node:path';
import { get, items, str } from './nodes';
import type { ParsedFile } from './parse';

export const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export function isKustomization(path: string): boolean {
  return KUSTOMIZATION_NAMES.has(posix.basename(toPosix(path)));
}

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

/**
 * Files a kustomization applies as patches hold partial objects: checking them alone would report what
 * the base already has. They are skipped with the reason.
 */
export function kustomizePatchReasons(files: readonly ParsedFile[]): Map<string, string> {
  const byPosixPath = new Map(files.map((file) => [posix.normalize(toPosix(file.path)), file.path]));
  const reasons = new Map<string, string>();
  for (const file of files) {
    const posixPath = toPosix(file.path);
    if (!KUSTOMIZATION_NAMES.has(posix.basename(posixPath))) continue;
    const directory = posix.dirname(posixPath);
    const root = file.documents[0]?.doc.contents;
    const patchPaths: string[] = [];
    for (const entry of items(get(root, 'patchesStrategicMerge'))) {
      const path = str(entry);
      if (path) patchPaths.push(path);
    }
    for (const key of ['patches', 'patchesJson6902']) {
      for (const entry of items(get(root, key))) {
        const path = str(entry) ?? str(get(entry, 'path'));
        if (path) patchPaths.push(path);
      }
    }
    for (const patchPath of patchPaths) {
      const original = byPosixPath.get(posix.normalize(posix.join(directory, patchPath)));
      if (original)
        reasons.set(
          original,
          `Kustomize patch applied by ${file.path}: a partial object, checked after kustomize build`,
        );
    }
  }
  return reasons;
}
