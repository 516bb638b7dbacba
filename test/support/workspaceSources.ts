import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type generateWorkspace, removeWorkspace } from '../../bench/generate';
import type { SourceFile } from '../../server/src/engine/workspace';

/** Every manifest (and `Kustomization`) under a folder, as a source named `prefix/` + its relative path. */
export function sourcesUnder(root: string, prefix: string): SourceFile[] {
  const sources: SourceFile[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ya?ml|json)$/.test(entry.name) || entry.name === 'Kustomization')
        sources.push({ path: join(prefix, relative(root, path)), text: readFileSync(path, 'utf8') });
    }
  };
  walk(root);
  return sources;
}

/** The sources of a benchmark workspace of this many files (generated, read, removed). */
export function generated(generate: typeof generateWorkspace, files: number, prefix: string): SourceFile[] {
  const workspace = generate(files);
  try {
    return sourcesUnder(workspace.root, prefix);
  } finally {
    removeWorkspace(workspace.root);
  }
}
