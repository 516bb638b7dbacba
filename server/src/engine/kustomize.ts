import { posix } from 'node:path';
import { get, items, str } from './nodes';
import type { ParsedFile } from './parse';

export const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);
const CHART_FILE = 'Chart.yaml';

export function isKustomization(path: string): boolean {
  return KUSTOMIZATION_NAMES.has(posix.basename(toPosix(path)));
}

/**
 * Whether a change to this file (added, edited, removed) can change which other files are skipped or how
 * objects group into kustomizations: a kustomization, a Helm Chart.yaml, a file in a `templates/` folder.
 */
export function changesLayout(path: string): boolean {
  const posixPath = toPosix(path);
  const base = posix.basename(posixPath);
  return KUSTOMIZATION_NAMES.has(base) || base === CHART_FILE || /(^|\/)templates\//.test(posixPath);
}

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

/** What the workspace's files say about one another. */
export interface WorkspaceLayout {
  /** Files not analysed, with the reason: Kustomize patches, Helm chart templates. */
  skipped: Map<string, string>;
  /** The folders that hold a kustomization file (normalized posix paths), for kustomizationRootOf. */
  kustomizationDirs: Set<string>;
}

export function readWorkspaceLayout(
  files: readonly ParsedFile[],
  /** The paths of the workspace's other files (a shard of a parallel run sees only its own files parsed). */
  otherPaths: Iterable<string> = [],
): WorkspaceLayout {
  const skipped = kustomizePatchReasons(files);
  const kustomizationDirs = new Set<string>();
  const paths = new Set<string>();
  for (const path of otherPaths) paths.add(posix.normalize(toPosix(path)));
  for (const file of files) {
    const posixPath = posix.normalize(toPosix(file.path));
    paths.add(posixPath);
    if (KUSTOMIZATION_NAMES.has(posix.basename(posixPath))) kustomizationDirs.add(posix.dirname(posixPath));
  }
  for (const file of files) {
    if (!file.chartFolders || file.skipped || skipped.has(file.path)) continue;
    const chart = file.chartFolders.find((folder) =>
      paths.has(posix.normalize(posix.join(folder, CHART_FILE))),
    );
    if (chart !== undefined)
      skipped.set(
        file.path,
        `Helm chart template ({{ }}) of ${posix.join(chart, CHART_FILE)}: check the rendered output instead (helm template … | kube-maturity check -)`,
      );
  }
  return { skipped, kustomizationDirs };
}

export function sameFolders(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const folder of a) if (!b.has(folder)) return false;
  return true;
}

/**
 * The kustomization a file belongs to: the nearest folder at or above it that holds a kustomization file
 * (kustomize builds each such folder on its own), or undefined outside any.
 */
export function kustomizationRootOf(
  path: string,
  kustomizationDirs: ReadonlySet<string>,
): string | undefined {
  if (kustomizationDirs.size === 0) return undefined;
  let folder = posix.dirname(posix.normalize(toPosix(path)));
  for (;;) {
    if (kustomizationDirs.has(folder)) return folder;
    const parent = posix.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
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
