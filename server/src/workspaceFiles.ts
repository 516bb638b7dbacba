import { open, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { isManifestPath } from './engine/parse';

/** Finding and reading the manifest files of a workspace: shared by the CLI and the language server. */

export const DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024;
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);

export interface ManifestFile {
  /** Absolute path. */
  path: string;
  text: string;
}

export interface UnreadableFile {
  path: string;
  reason: string;
  /** True when the file was left unread on purpose (too large), not because reading failed. */
  skipped?: boolean;
}

export interface WalkOptions {
  /** Globs relative to `root` (the configuration's `exclude`, the editor's `files.exclude`). */
  exclude: readonly string[];
  root: string;
  maxFileSize: number;
}

export function excludeMatcher(options: Pick<WalkOptions, 'exclude' | 'root'>): (path: string) => boolean {
  const matches = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : () => false;
  return (path: string) => {
    const relativePath = relative(options.root, path).split(sep).join('/');
    return !relativePath.startsWith('..') && relativePath !== '' && matches(relativePath);
  };
}

/**
 * Files read at once. Callers start thousands of reads together (a workspace of 10,000 files): every
 * read in flight holds a descriptor, buffers and native request state, which costs more memory than the
 * files themselves (and descriptors run out). Reads beyond this many wait their turn, in order.
 */
const MAX_READS_IN_FLIGHT = 64;
let readsInFlight = 0;
const waitingReads: Array<() => void> = [];

async function readSlot(): Promise<void> {
  if (readsInFlight < MAX_READS_IN_FLIGHT) {
    readsInFlight++;
    return;
  }
  await new Promise<void>((resolve) => waitingReads.push(resolve));
}

/** Hands the slot to the next waiting read, or frees it. */
function releaseReadSlot(): void {
  const next = waitingReads.shift();
  if (next) next();
  else readsInFlight--;
}

/** Reads a manifest: refuses files over the size limit (unread), binary data and invalid UTF-8, with the reason. */
export async function readManifest(
  path: string,
  maxFileSize: number,
): Promise<ManifestFile | UnreadableFile> {
  await readSlot();
  try {
    return await readManifestNow(path, maxFileSize);
  } finally {
    releaseReadSlot();
  }
}

async function readManifestNow(path: string, maxFileSize: number): Promise<ManifestFile | UnreadableFile> {
  try {
    // The size first: a file over the limit is never opened, let alone read.
    const size = (await stat(path)).size;
    if (size > maxFileSize) {
      return {
        path,
        reason: `larger than the maximum file size (${size} > ${maxFileSize} bytes): not read`,
        skipped: true,
      };
    }
    const handle = await open(path, 'r');
    let buffer: Buffer;
    try {
      const stats = await handle.stat();
      if (stats.size > maxFileSize) {
        return {
          path,
          reason: `larger than the maximum file size (${stats.size} > ${maxFileSize} bytes): not read`,
          skipped: true,
        };
      }
      // The first 512 bytes first: binary data is refused without being read whole.
      buffer = Buffer.allocUnsafe(stats.size + 1);
      let length = (await handle.read(buffer, 0, Math.min(512, buffer.length), 0)).bytesRead;
      if (buffer.subarray(0, length).includes(0))
        return { path, reason: 'binary data (a NUL byte), not a text manifest' };
      // Then the rest: as much as stat said (as readFile reads a regular file), or to the end when it
      // said nothing (0: a special file).
      while (stats.size === 0 || length < stats.size) {
        if (length === buffer.length) {
          const larger = Buffer.allocUnsafe(buffer.length * 2);
          buffer.copy(larger, 0, 0, length);
          buffer = larger;
        }
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      buffer = buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
    const decoded = decodeUtf8(buffer);
    return 'text' in decoded ? { path, text: decoded.text } : { path, reason: decoded.reason };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { path, reason: code ? `cannot read: ${code}` : (error as Error).message };
  }
}

/** Decodes UTF-8 strictly: invalid bytes are refused with the position of the first one. */
export function decodeUtf8(buffer: Uint8Array): { text: string } | { reason: string } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer) };
  } catch {
    const lenient = new TextDecoder('utf-8').decode(buffer);
    const bad = lenient.indexOf('\uFFFD');
    const before = lenient.slice(0, Math.max(0, bad));
    const line = before.split('\n').length;
    const column = bad - before.lastIndexOf('\n');
    return { reason: `not valid UTF-8 (first invalid byte at line ${line}, column ${column})` };
  }
}

/**
 * The manifest files (.yaml, .yml, .json) under the given paths, absolute and in a stable order:
 * directories recursively, skipping .git, node_modules and excluded globs; explicit files as given.
 */
export async function findManifestPaths(
  paths: readonly string[],
  options: Pick<WalkOptions, 'exclude' | 'root'>,
): Promise<{ files: string[]; missing: UnreadableFile[] }> {
  const isExcluded = excludeMatcher(options);
  const files: string[] = [];
  const missing: UnreadableFile[] = [];
  const seen = new Set<string>();
  const add = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    files.push(path);
  };
  const walk = async (directory: string): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      missing.push({
        path: directory,
        reason: `cannot read directory: ${(error as NodeJS.ErrnoException).code}`,
      });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !isExcluded(path)) await walk(path);
      } else if (entry.isFile() && isManifestPath(path) && !isExcluded(path)) {
        add(path);
      }
    }
  };
  for (const given of paths) {
    const path = resolve(given);
    try {
      if ((await stat(path)).isDirectory()) await walk(path);
      else add(path);
    } catch {
      missing.push({ path: given, reason: 'no such file or directory' });
    }
  }
  return { files, missing };
}
