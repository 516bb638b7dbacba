import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { isManifestPath } from '../engine/parse';
import type { SourceFile } from '../engine/workspace';

export const DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024;
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);

export interface CollectedFiles {
  sources: SourceFile[];
  /** Files that could not be read or were too large, with the reason. */
  unreadable: Array<{ file: string; reason: string }>;
}

export interface CollectOptions {
  /** Globs relative to `root`, from the configuration's `exclude`. */
  exclude: string[];
  root: string;
  maxFileSize: number;
}

function displayPath(path: string): string {
  const relativePath = relative(process.cwd(), path);
  return (relativePath === '' || /^[a-zA-Z]:/.test(relativePath) ? path : relativePath).split(sep).join('/');
}

/** Reads a file as UTF-8; invalid UTF-8 is refused with the position of the first bad byte. */
function readText(path: string): string {
  const buffer = readFileSync(path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(buffer);
    const bad = lenient.indexOf('\uFFFD');
    const before = lenient.slice(0, Math.max(0, bad));
    const line = before.split('\n').length;
    const column = bad - before.lastIndexOf('\n');
    throw new Error(`not valid UTF-8 (first invalid byte at line ${line}, column ${column})`);
  }
}

function isBinaryStart(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(512);
    const read = readSync(fd, buffer, 0, 512, 0);
    return buffer.subarray(0, read).includes(0);
  } finally {
    closeSync(fd);
  }
}

/** Walks the given paths: directories recursively (skipping .git, node_modules and excluded globs). */
export function collectFiles(paths: readonly string[], options: CollectOptions): CollectedFiles {
  const excluded = options.exclude.length > 0 ? picomatch(options.exclude, { dot: true }) : () => false;
  const result: CollectedFiles = { sources: [], unreadable: [] };
  const seen = new Set<string>();
  const isExcluded = (path: string) => {
    const relativePath = relative(options.root, path).split(sep).join('/');
    return !relativePath.startsWith('..') && relativePath !== '' && excluded(relativePath);
  };
  const addFile = (path: string, explicit: boolean) => {
    if (seen.has(path)) return;
    seen.add(path);
    const shown = displayPath(path);
    if (!explicit && (!isManifestPath(path) || isExcluded(path))) return;
    try {
      const stats = statSync(path);
      if (stats.size > options.maxFileSize) {
        result.unreadable.push({
          file: shown,
          reason: `larger than the maximum file size (${stats.size} > ${options.maxFileSize} bytes): not read`,
        });
        return;
      }
      if (isBinaryStart(path)) {
        result.unreadable.push({ file: shown, reason: 'binary data (a NUL byte), not a text manifest' });
        return;
      }
      result.sources.push({ path: shown, text: readText(path) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      result.unreadable.push({
        file: shown,
        reason: code ? `cannot read: ${code}` : (error as Error).message,
      });
    }
  };
  const walk = (directory: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      result.unreadable.push({
        file: displayPath(directory),
        reason: `cannot read directory: ${(error as NodeJS.ErrnoException).code}`,
      });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !isExcluded(path)) walk(path);
      } else if (entry.isFile()) {
        addFile(path, false);
      }
    }
  };
  for (const given of paths) {
    const path = resolve(given);
    let stats: import('node:fs').Stats;
    try {
      stats = statSync(path);
    } catch {
      result.unreadable.push({ file: given, reason: 'no such file or directory' });
      continue;
    }
    if (stats.isDirectory()) walk(path);
    else addFile(path, true);
  }
  return result;
}
