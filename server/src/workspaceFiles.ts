import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Socket } from 'node:net';
import { join, relative, resolve, sep } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isManifestPath } from './engine/parse';
import { globMatcher } from './glob';

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
  // A glob that cannot be used (too long, too many alternatives) excludes nothing; the configuration reports it.
  const usable = options.exclude.filter((glob) => {
    try {
      globMatcher([glob]);
      return true;
    } catch {
      return false;
    }
  });
  const matches = globMatcher(usable);
  return (path: string) => {
    const relativePath = relative(options.root, path).split(sep).join('/');
    return !relativePath.startsWith('..') && relativePath !== '' && matches(relativePath);
  };
}

/**
 * Named pipes read at once (the only reads that wait on the event loop): each holds a descriptor and a
 * stream; reads beyond this many wait their turn, in order.
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

/** How much of a file the first read takes; a NUL byte in its first 512 bytes refuses the file. */
const FIRST_READ_BYTES = 64 * 1024;

/** Opening never blocks: a FIFO without a writer, or a device, is refused instead of hanging a thread. */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

export interface ReadOptions {
  /**
   * A named pipe (process substitution `<(helm template …)`, a FIFO) is read as a stream, within the size
   * limit: only for paths a person named on the command line. Everything else must be a regular file.
   */
  allowPipe?: boolean;
}

/**
 * Reads a manifest: refuses anything but a regular file (a named pipe only where allowed, read as a
 * stream), files over the size limit (unread), binary data and invalid UTF-8, with the reason.
 */
export async function readManifest(
  path: string,
  maxFileSize: number,
  options: ReadOptions = {},
): Promise<ManifestFile | UnreadableFile> {
  if (options.allowPipe && (await stat(path).catch(() => undefined))?.isFIFO()) {
    await readSlot();
    try {
      return await readPipe(path, maxFileSize);
    } catch (error) {
      return unreadable(path, error);
    } finally {
      releaseReadSlot();
    }
  }
  return readManifestSync(path, maxFileSize);
}

function tooLarge(path: string, size: number | string, maxFileSize: number): UnreadableFile {
  return {
    path,
    reason: `larger than the maximum file size (${size} > ${maxFileSize} bytes): not read`,
    skipped: true,
  };
}

function unreadable(path: string, error: unknown): UnreadableFile {
  const code = (error as NodeJS.ErrnoException).code;
  return { path, reason: code ? `cannot read: ${code}` : (error as Error).message };
}

/**
 * What readManifest reads of anything but a named pipe, at once: a regular file's few calls cost less
 * than handing each to the thread pool (the server's scan reads a batch, then lets messages in).
 */
export function readManifestSync(path: string, maxFileSize: number): ManifestFile | UnreadableFile {
  try {
    // The type and size first: a file over the limit is never opened, let alone read.
    const info = statSync(path);
    if (!info.isFile()) return { path, reason: `not a regular file (${fileType(info)}): not read` };
    if (info.size > maxFileSize) return tooLarge(path, info.size, maxFileSize);
    const descriptor = openSync(path, OPEN_FLAGS);
    let buffer: Buffer;
    try {
      const stats = fstatSync(descriptor);
      // Replaced between the two looks: only what was opened counts.
      if (!stats.isFile()) return { path, reason: `not a regular file (${fileType(stats)}): not read` };
      if (stats.size > maxFileSize) return tooLarge(path, stats.size, maxFileSize);
      // The first 64 KiB first (a manifest, whole, mostly): binary data is refused without being read whole.
      buffer = Buffer.allocUnsafe(stats.size + 1);
      let length = readSync(descriptor, buffer, 0, Math.min(FIRST_READ_BYTES, buffer.length), 0);
      if (buffer.subarray(0, Math.min(length, 512)).includes(0))
        return { path, reason: 'binary data (a NUL byte), not a text manifest' };
      // Then the rest: as much as stat said (as readFile reads a regular file), or to the end when it
      // said nothing (0: a special file).
      while (stats.size === 0 || length < stats.size) {
        if (length === buffer.length) {
          const larger = Buffer.allocUnsafe(buffer.length * 2);
          buffer.copy(larger, 0, 0, length);
          buffer = larger;
        }
        const bytesRead = readSync(descriptor, buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      buffer = buffer.subarray(0, length);
    } finally {
      closeSync(descriptor);
    }
    const decoded = decodeUtf8(buffer);
    return 'text' in decoded ? { path, text: decoded.text } : { path, reason: decoded.reason };
  } catch (error) {
    return unreadable(path, error);
  }
}

function fileType(info: import('node:fs').Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a file';
}

/** A named pipe read to its end as a stream (no positional reads), refused past the size limit. */
async function readPipe(path: string, maxFileSize: number): Promise<ManifestFile | UnreadableFile> {
  const handle = await open(path, OPEN_FLAGS);
  const chunks: Buffer[] = [];
  let length = 0;
  // A FIFO no writer ever opened reads as its end at once, but is never reported readable: look first.
  const first = Buffer.allocUnsafe(64 * 1024);
  try {
    const read = readSync(handle.fd, first, 0, first.length, null);
    if (read === 0) {
      await handle.close();
      return { path, text: '' };
    }
    chunks.push(Buffer.from(first.subarray(0, read)));
    length = read;
    if (length > maxFileSize) {
      await handle.close();
      return tooLarge(path, `at least ${length}`, maxFileSize);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') {
      await handle.close();
      throw error;
    }
  }
  const socket = new Socket({ fd: handle.fd, readable: true, writable: false });
  const outcome = await new Promise<'end' | 'too large' | Error>((resolvePipe) => {
    socket.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxFileSize) {
        socket.destroy();
        resolvePipe('too large');
        return;
      }
      chunks.push(chunk);
    });
    socket.on('end', () => resolvePipe('end'));
    socket.on('error', (error) => resolvePipe(error));
  });
  socket.destroy();
  await handle.close().catch(() => undefined);
  if (outcome === 'too large') return tooLarge(path, `at least ${length}`, maxFileSize);
  if (outcome instanceof Error) {
    const code = (outcome as NodeJS.ErrnoException).code;
    return { path, reason: code ? `cannot read: ${code}` : outcome.message };
  }
  const buffer = Buffer.concat(chunks);
  if (buffer.subarray(0, 512).includes(0))
    return { path, reason: 'binary data (a NUL byte), not a text manifest' };
  const decoded = decodeUtf8(buffer);
  return 'text' in decoded ? { path, text: decoded.text } : { path, reason: decoded.reason };
}

/** The largest configuration file read: more is refused, never read. */
export const MAX_CONFIG_FILE_SIZE = 1024 * 1024;

/**
 * Reads a small regular file (the configuration) at once: never a pipe, a device or a file over `maxBytes`.
 * Throws an Error whose message says why.
 */
export function readRegularFileSync(path: string, maxBytes = MAX_CONFIG_FILE_SIZE): string {
  const fd = openSync(path, OPEN_FLAGS);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new Error(`not a regular file (${fileType(info)})`);
    if (info.size > maxBytes) throw new Error(`larger than ${maxBytes} bytes (${info.size})`);
    const buffer = Buffer.allocUnsafe(info.size);
    let length = 0;
    while (length < info.size) {
      const read = readSync(fd, buffer, length, info.size - length, length);
      if (read === 0) break;
      length += read;
    }
    const decoded = decodeUtf8(buffer.subarray(0, length));
    if ('reason' in decoded) throw new Error(decoded.reason);
    return decoded.text;
  } finally {
    closeSync(fd);
  }
}

/** Decodes UTF-8 strictly: invalid bytes are refused with the position of the first one. */
export function decodeUtf8(buffer: Uint8Array): { text: string } | { reason: string } {
  try {
    // ignoreBOM keeps a byte-order mark in the text: the parser records it and fixes write it back.
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buffer) };
  } catch {
    const lenient = new TextDecoder('utf-8').decode(buffer);
    const bad = lenient.indexOf('\uFFFD');
    const before = lenient.slice(0, Math.max(0, bad));
    const line = before.split('\n').length;
    const column = bad - before.lastIndexOf('\n');
    return { reason: `not valid UTF-8 (first invalid byte at line ${line}, column ${column})` };
  }
}

/** A link to a manifest file or to a folder (where a chart or manifests may be): what a walk says it skipped. */
async function linksToManifests(path: string): Promise<boolean> {
  try {
    const target = await stat(path);
    return target.isDirectory() || (target.isFile() && isManifestPath(path));
  } catch {
    return isManifestPath(path);
  }
}

/** How many folders the walk lists before it lets messages in. */
const WALK_BATCH = 64;

/**
 * The manifest files (.yaml, .yml, .json) under the given paths, absolute and in a stable order:
 * directories recursively, skipping .git, node_modules and excluded globs; explicit files as given.
 */
export async function findManifestPaths(
  paths: readonly string[],
  options: Pick<WalkOptions, 'exclude' | 'root'>,
): Promise<{ files: string[]; missing: UnreadableFile[]; named: Set<string> }> {
  const isExcluded = excludeMatcher(options);
  const files: string[] = [];
  const missing: UnreadableFile[] = [];
  const seen = new Set<string>();
  /** Files named as such (not found by walking a directory). */
  const named = new Set<string>();
  const add = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    files.push(path);
  };
  let listed = 0;
  const walk = async (directory: string): Promise<void> => {
    // Listed with synchronous calls (waiting on the thread pool for each folder left the thread idle);
    // a large tree lets messages in now and then.
    if (++listed % WALK_BATCH === 0) await nextTurn();
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(directory, { withFileTypes: true });
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
      } else if (entry.isSymbolicLink() && !isExcluded(path) && (await linksToManifests(path))) {
        missing.push({
          path,
          reason: 'a symbolic link, not followed: name its target to check it',
          skipped: true,
        });
      }
    }
  };
  for (const given of paths) {
    const path = resolve(given);
    try {
      if ((await stat(path)).isDirectory()) await walk(path);
      else {
        add(path);
        named.add(path);
      }
    } catch {
      missing.push({ path: given, reason: 'no such file or directory' });
    }
  }
  return { files, missing, named };
}
