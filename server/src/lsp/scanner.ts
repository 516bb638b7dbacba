import { setImmediate as nextTurn } from 'node:timers/promises';
import { parseFile } from '../engine/parse';
import { findManifestPaths, readManifestSync } from '../workspaceFiles';
import type { Folder } from './folders';

/** How many files the scan reads and parses before it lets messages in (a few milliseconds' work). */
const SCAN_BATCH = 32;

export interface ScanOptions {
  /** Only the files the analyzer does not hold (those a settings change uncovered). */
  onlyMissing?: boolean;
  /** Open documents' text comes from the editor only. */
  isOpen: (path: string) => boolean;
  warn: (message: string) => void;
  progress?: { report(percentage: number, message: string): void };
}

/** Reads every manifest of a local folder that is not open into its analyzer, in path order. */
export async function scanFolder(folder: Folder, options: ScanOptions): Promise<void> {
  const { isOpen, progress } = options;
  const { files } = await findManifestPaths([folder.path], { exclude: [], root: folder.path });
  const wanted = files.filter(
    (path) => !folder.isExcluded(path) && !(options.onlyMissing && folder.analyzer.getFile(path)),
  );
  // Read and parsed in batches, in order; between two, the server answers what came in (keystrokes).
  for (let position = 0; position < wanted.length; position++) {
    if (position > 0 && position % SCAN_BATCH === 0) await nextTurn();
    const path = wanted[position];
    // An open document's text comes from the editor only.
    if (isOpen(path)) continue;
    const read = readManifestSync(path, folder.editor.maxFileSize);
    if ('text' in read) folder.analyzer.setFile(parseFile(path, read.text));
    else options.warn(`${path}: ${read.reason}`);
    const done = position + 1;
    if (progress && done % 50 === 0)
      progress.report(Math.floor((100 * done) / wanted.length), `${done} of ${wanted.length} files`);
  }
}
