import { parseFile } from '../engine/parse';
import { findManifestPaths, readManifest } from '../workspaceFiles';
import type { Folder } from './folders';

/** How many files the initial scan reads at once. */
const SCAN_CONCURRENCY = 32;

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
  // Reads run ahead, a few at a time, while earlier files are parsed; files are added in order.
  const reads = new Map<number, ReturnType<typeof readManifest>>();
  const readAhead = (position: number) => {
    if (position >= wanted.length || reads.has(position)) return;
    const path = wanted[position];
    reads.set(
      position,
      isOpen(path)
        ? Promise.resolve({ path, reason: 'open in the editor' })
        : readManifest(path, folder.editor.maxFileSize),
    );
  };
  for (let position = 0; position < Math.min(SCAN_CONCURRENCY, wanted.length); position++)
    readAhead(position);
  let done = 0;
  for (let position = 0; position < wanted.length; position++) {
    const read = await reads.get(position)!;
    reads.delete(position);
    readAhead(position + SCAN_CONCURRENCY);
    const path = wanted[position];
    // An open document's text comes from the editor only, even when it was opened during the read.
    if ('text' in read && !isOpen(path)) folder.analyzer.setFile(parseFile(path, read.text));
    else if (!('text' in read) && read.reason !== 'open in the editor') {
      options.warn(`${path}: ${read.reason}`);
    }
    done++;
    if (progress && done % 50 === 0)
      progress.report(Math.floor((100 * done) / wanted.length), `${done} of ${wanted.length} files`);
  }
}
