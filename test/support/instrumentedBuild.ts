/**
 * The truth for the Kustomize mapping: a copy of a kustomize tree whose resource and patch files carry,
 * beside every key and list item they write, a marker key naming the file and line (0-based) that wrote
 * it. Kustomize drops every YAML comment (it builds through JSON, keys sorted), so a `# @K:file:line`
 * comment never reaches the output; marker keys do, and its own merging decides which writer's marker
 * survives:
 * - `"@K=key": "file:line"` beside a scalar key: one name for every writer, so the last value written
 *   (a strategic-merge patch, a JSON 6902 operation) is the one named;
 * - `"@K+key|file": "file:line"` beside a map or list key, one per writer, so the file that introduced
 *   it (the object's own file) can be told from patches that reach through it;
 * - `"@K-|file": "file:line"` inside a list item that is a map;
 * - `"@K[]key": ["file:line", …]` beside a list of scalars, an entry per item.
 * A JSON 6902 `add`/`replace` is followed by an `add` of the `@K=` marker of its target (on its `value`
 * line); its value's own keys are marked like a file's. Inline patches (`patch: |`) are marked on the
 * kustomization's lines. Markers are inserted as lines or flow entries; the original text is kept as it
 * is, and the build with the markers taken out must equal the real build.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import {
  isMap,
  isScalar,
  isSeq,
  type Node,
  type ParsedNode,
  parseAllDocuments,
  parseDocument,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { LineIndex } from '../../server/src/engine/text';
import type { RenderedStep } from '../../server/src/render/templateMap';

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
export const MARKER = '@K';

/** What a kustomization root reaches, relative to `tree` (the folder that holds all of it). */
export interface KustomizePlan {
  tree: string;
  root: string;
  kustomizations: string[];
  resources: string[];
  patches: string[];
}

function kustomizationIn(folder: string): string | undefined {
  return KUSTOMIZATION_NAMES.map((name) => join(folder, name)).find((file) => existsSync(file));
}

function commonAncestor(paths: readonly string[]): string {
  let common = paths[0].split(sep);
  for (const path of paths.slice(1)) {
    const parts = path.split(sep);
    let same = 0;
    while (same < common.length && same < parts.length && common[same] === parts[same]) same++;
    common = common.slice(0, same);
  }
  return common.join(sep) || sep;
}

/** The kustomizations, resource files and patch files a root reaches, through bases and components. */
export function planKustomization(rootFolder: string): KustomizePlan {
  const kustomizations = new Set<string>();
  const resources = new Set<string>();
  const patches = new Set<string>();
  const visit = (folder: string) => {
    const file = kustomizationIn(folder);
    if (!file || kustomizations.has(file)) return;
    kustomizations.add(file);
    const document = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: false }).toJS() as Record<
      string,
      unknown
    > | null;
    const list = (key: string): unknown[] => {
      const value = document?.[key];
      return Array.isArray(value) ? value : [];
    };
    for (const entry of [...list('resources'), ...list('bases'), ...list('components')]) {
      if (typeof entry !== 'string') continue;
      const target = resolve(folder, entry);
      if (!existsSync(target)) continue;
      if (statSync(target).isDirectory()) visit(target);
      else resources.add(target);
    }
    for (const entry of [...list('patches'), ...list('patchesJson6902'), ...list('patchesStrategicMerge')]) {
      const path = typeof entry === 'string' ? entry : (entry as { path?: unknown } | null)?.path;
      if (typeof path === 'string' && !path.includes('\n') && existsSync(resolve(folder, path)))
        patches.add(resolve(folder, path));
    }
  };
  const root = resolve(rootFolder);
  visit(root);
  const all = [...kustomizations, ...resources, ...patches];
  const tree = commonAncestor([root, ...all.map((file) => dirname(file))]);
  const rel = (file: string) => relative(tree, file).split(sep).join('/');
  return {
    tree,
    root: rel(root) || '.',
    kustomizations: [...kustomizations].map(rel),
    resources: [...resources].map(rel),
    patches: [...patches].map(rel),
  };
}

const NONE: ReadonlySet<string> = new Set();
/** The object's name and kind in a strategic-merge patch say which object it patches: they write nothing. */
const IDENTITY_AT_ROOT = new Set(['apiVersion', 'kind']);
const IDENTITY_IN_METADATA = new Set(['name', 'namespace']);
/** Keys a strategic merge matches list items by (containers, env, ports, volume mounts…): they write nothing. */
const MERGE_KEYS = new Set(['name', 'containerPort', 'mountPath', 'devicePath', 'ip', 'port', 'topologyKey']);

interface Insertion {
  at: number;
  column: number;
  text: string;
}

/** Marks the keys and items of YAML text (one file's, or an inline patch's with the lines it starts at). */
class Marker {
  private readonly lines: LineIndex;
  readonly insertions: Insertion[] = [];

  constructor(
    private readonly text: string,
    readonly file: string,
    private readonly firstLine = 0,
    /** Marking a strategic-merge patch: keys that only say what it patches are not marked. */
    public mergePatch = false,
  ) {
    this.lines = new LineIndex(text);
  }

  tag(node: { range?: [number, number, number] | null } | null | undefined): string {
    return `${this.file}:${this.lines.position(node?.range?.[0] ?? 0).line + this.firstLine}`;
  }

  /** Inserts marker pairs into a map: flow entries after its `{`, or lines at its column after its end. */
  insert(map: YAMLMap, markers: ReadonlyArray<[string, unknown]>): void {
    if (markers.length === 0 || !map.range) return;
    const pairs = markers.map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`);
    if (map.flow) {
      const at = map.range[0] + 1;
      this.insertions.push({
        at,
        column: Number.POSITIVE_INFINITY,
        text: pairs.join(', ') + (map.items.length > 0 ? ', ' : ''),
      });
      return;
    }
    const column = this.lines.position(map.range[0]).character;
    const last = map.items[map.items.length - 1];
    const end =
      (last.value as Node | null)?.range?.[1] ?? (last.key as Node | null)?.range?.[1] ?? map.range[1];
    const indent = ' '.repeat(column);
    const block = pairs.map((pair) => `${indent}${pair}\n`).join('');
    const at = this.lineAfter(end);
    if (at !== undefined) {
      this.insertions.push({ at, column, text: block });
      return;
    }
    // At the end of a file without a final line break, a block scalar there would gain one: the markers
    // go before the last key instead, when it starts its line.
    const key = (last.key as Node | null)?.range?.[0] ?? 0;
    const lineStart = this.text.lastIndexOf('\n', key - 1) + 1;
    if (this.text.slice(lineStart, key).trim() === '')
      this.insertions.push({ at: lineStart, column, text: block });
    else this.insertions.push({ at: this.text.length, column, text: `\n${block}` });
  }

  /** Where the line after the one that `end` ends on starts; undefined on a last line without a break. */
  lineAfter(end: number): number | undefined {
    if (end > 0 && this.text[end - 1] === '\n') return end;
    const lineEnd = this.text.indexOf('\n', end);
    return lineEnd < 0 ? undefined : lineEnd + 1;
  }

  /**
   * Marks a map's keys (and the map itself, as `extra` says), then what they hold; in a strategic-merge
   * patch, not the keys that only say what it patches (`skip`).
   */
  map(
    map: YAMLMap,
    extra: Array<[string, unknown]> = [],
    skip: ReadonlySet<string> = NONE,
    root = false,
  ): void {
    const markers = [...extra];
    for (const pair of map.items) {
      if (!isScalar(pair.key) || pair.key.value === null) continue;
      const key = String(pair.key.value);
      if (key.startsWith('$') || key === '<<' || key.startsWith(MARKER)) continue;
      const value = pair.value as ParsedNode | null;
      if (!skip.has(key)) {
        const tag = this.tag(pair.key);
        if (isMap(value) || isSeq(value)) markers.push([`${MARKER}+${key}|${this.file}`, tag]);
        else markers.push([`${MARKER}=${key}`, tag]);
        if (isSeq(value) && value.items.some((item) => isScalar(item)))
          markers.push([`${MARKER}[]${key}`, value.items.map((item) => this.tag(item as ParsedNode))]);
      }
      if (isMap(value))
        this.map(value, [], this.mergePatch && root && key === 'metadata' ? IDENTITY_IN_METADATA : NONE);
      else if (isSeq(value)) this.seq(value);
    }
    this.insert(map, markers);
  }

  seq(seq: YAMLSeq): void {
    for (const item of seq.items)
      if (isMap(item))
        this.map(item, [[`${MARKER}-|${this.file}`, this.tag(item)]], this.mergePatch ? MERGE_KEYS : NONE);
      else if (isSeq(item)) this.seq(item);
  }

  apply(): string {
    const groups = new Map<number, Insertion[]>();
    for (const insertion of this.insertions) {
      const group = groups.get(insertion.at) ?? [];
      group.push(insertion);
      groups.set(insertion.at, group);
    }
    let result = '';
    let cursor = 0;
    for (const at of [...groups.keys()].sort((a, b) => a - b)) {
      const group = groups.get(at)!.sort((a, b) => b.column - a.column);
      result += this.text.slice(cursor, at) + group.map((insertion) => insertion.text).join('');
      cursor = at;
    }
    return result + this.text.slice(cursor);
  }
}

function isOperations(contents: unknown): contents is YAMLSeq {
  return (
    isSeq(contents) &&
    contents.items.length > 0 &&
    contents.items.every((item) => isMap(item) && item.has('op'))
  );
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** JSON 6902 operations: each `add`/`replace` marks its value and is followed by the `add` of its marker. */
function markOperations(marker: Marker, operations: YAMLSeq, text: string): void {
  const column = new LineIndex(text).position(operations.range?.[0] ?? 0).character;
  for (const operation of operations.items) {
    if (!isMap(operation) || !['add', 'replace'].includes(String(operation.get('op')))) continue;
    const pointer = operation.get('path');
    const valuePair = operation.items.find((pair) => isScalar(pair.key) && pair.key.value === 'value');
    if (typeof pointer !== 'string' || !valuePair) continue;
    const value = valuePair.value as ParsedNode | null;
    const tag = marker.tag(valuePair.key as ParsedNode);
    const last = pointer
      .slice(pointer.lastIndexOf('/') + 1)
      .replace(/~1/g, '/')
      .replace(/~0/g, '~');
    const parent = pointer.slice(0, pointer.lastIndexOf('/'));
    const extra: Array<{ op: string; path: string; value: unknown }> = [];
    if (last === '-' || /^\d+$/.test(last)) {
      if (isMap(value)) marker.map(value, [[`${MARKER}-|${marker.file}`, tag]]);
      else if (isSeq(value)) marker.seq(value);
    } else {
      if (isMap(value)) marker.map(value);
      else if (isSeq(value)) marker.seq(value);
      extra.push({ op: 'add', path: `${parent}/${escapePointer(`${MARKER}=${last}`)}`, value: tag });
      if (isSeq(value) && value.items.some((item) => isScalar(item)))
        extra.push({
          op: 'add',
          path: `${parent}/${escapePointer(`${MARKER}[]${last}`)}`,
          value: value.items.map((item) => marker.tag(item as ParsedNode)),
        });
    }
    if (extra.length === 0 || !operation.range) continue;
    const items = extra.map((op) => JSON.stringify(op));
    if (operations.flow)
      marker.insertions.push({
        at: operation.range[1],
        column: 0,
        text: items.map((item) => `, ${item}`).join(''),
      });
    else {
      const lines = items.map((item) => `${' '.repeat(column)}- ${item}\n`).join('');
      const at = marker.lineAfter(operation.range[1]);
      marker.insertions.push({
        at: at ?? text.length,
        column,
        text: at === undefined ? `\n${lines}` : lines,
      });
    }
  }
}

/**
 * Marks YAML text: a resource file (every key), a strategic-merge patch (every key but those that only
 * say what it patches) or JSON 6902 operations.
 */
export function markText(text: string, file: string, role: 'resource' | 'patch', firstLine = 0): string {
  const marker = new Marker(text, file, firstLine);
  for (const document of parseAllDocuments(text)) {
    const contents = document.contents as ParsedNode | null;
    marker.mergePatch = role === 'patch' && !isOperations(contents);
    if (role === 'patch' && isOperations(contents)) markOperations(marker, contents, text);
    else if (isMap(contents)) marker.map(contents, [], role === 'patch' ? IDENTITY_AT_ROOT : NONE, true);
    else if (isSeq(contents)) marker.seq(contents);
  }
  return marker.apply();
}

/** Marks the inline patches (`patch: |`, block literals) of a kustomization on its own lines. */
export function markInlinePatches(text: string, file: string): string {
  const document = parseDocument(text, { uniqueKeys: false });
  const lines = new LineIndex(text);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const consider = (node: unknown) => {
    if (!isScalar(node) || node.type !== 'BLOCK_LITERAL' || !node.range || typeof node.value !== 'string')
      return;
    const [start, end] = node.range;
    const headerEnd = text.indexOf('\n', start);
    if (headerEnd < 0 || headerEnd >= end) return;
    const body = text.slice(headerEnd + 1, end);
    const leastIndent = (lines: string) =>
      Math.min(
        ...lines
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => line.length - line.trimStart().length),
      );
    // The value keeps what is indented beyond the block's own indentation.
    const indent = leastIndent(body) - leastIndent(node.value);
    if (!Number.isFinite(indent)) return;
    const firstLine = lines.position(headerEnd + 1).line;
    const marked = markText(node.value, file, 'patch', firstLine);
    const reindented = marked
      .split('\n')
      .map((line) => (line === '' ? '' : ' '.repeat(indent) + line))
      .join('\n');
    edits.push({
      start: headerEnd + 1,
      end,
      text: reindented.endsWith('\n') || !body.endsWith('\n') ? reindented : `${reindented}\n`,
    });
  };
  const root = document.contents;
  if (isMap(root))
    for (const key of ['patches', 'patchesJson6902', 'patchesStrategicMerge']) {
      const list = root.get(key);
      if (!isSeq(list)) continue;
      for (const item of list.items) {
        if (isMap(item)) consider(item.get('patch', true));
        else consider(item);
      }
    }
  let result = text;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/** A marked copy of the tree a root reaches (see planKustomization); returns the copy's root folder. */
export function instrumentKustomization(plan: KustomizePlan): { copy: string; root: string } {
  const copy = join(mkdtempSync(join(tmpdir(), 'kube-maturity-instrumented-build-')), basename(plan.tree));
  cpSync(plan.tree, copy, { recursive: true });
  const rewrite = (file: string, mark: (text: string) => string) => {
    const path = join(copy, file);
    writeFileSync(path, mark(readFileSync(path, 'utf8')));
  };
  for (const file of plan.resources) rewrite(file, (text) => markText(text, file, 'resource'));
  for (const file of plan.patches) rewrite(file, (text) => markText(text, file, 'patch'));
  for (const file of plan.kustomizations) rewrite(file, (text) => markInlinePatches(text, file));
  return { copy, root: join(copy, plan.root) };
}

/** A built object without its markers: what the real build gives. */
export function withoutMarkers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMarkers);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !key.startsWith(MARKER))
        .map(([key, inner]) => [key, withoutMarkers(inner)]),
    );
  return value;
}

export interface Written {
  file: string;
  line: number;
}

export type Truth =
  /** Where the deepest marked field on the path was written (any of `writers`), and how deep it is. */
  | { writers: Written[]; depth: number }
  /** Nothing on the path is marked (a generated object, a field a transformer adds). */
  | { untagged: true }
  | { unknowable: string };

function written(tag: unknown): Written | undefined {
  if (typeof tag !== 'string') return undefined;
  const at = tag.lastIndexOf(':');
  return { file: tag.slice(0, at), line: Number(tag.slice(at + 1)) };
}

/** The marker of a key or item: the one name every writer shares, else the object's own file, else any. */
function writersOf(
  holder: Record<string, unknown>,
  shared: string,
  perFile: string,
  origin: string | undefined,
): Written[] {
  const one = written(holder[shared]);
  if (one) return [one];
  const all = Object.entries(holder)
    .filter(([key]) => key.startsWith(perFile))
    .map(([, tag]) => written(tag))
    .filter((entry): entry is Written => entry !== undefined);
  const own = all.find((entry) => entry.file === origin);
  return own ? [own] : all;
}

/** Where the marked build says the field at `path` was written: its deepest marked step. */
export function truthAt(marked: unknown, path: readonly RenderedStep[], origin: string | undefined): Truth {
  let node = marked;
  let parent: Record<string, unknown> | undefined;
  let parentKey: string | undefined;
  let best: { writers: Written[]; depth: number } | undefined;
  for (let depth = 0; depth < path.length; depth++) {
    const step = path[depth];
    if ('key' in step) {
      if (!node || typeof node !== 'object' || Array.isArray(node)) break;
      const map = node as Record<string, unknown>;
      const writers = writersOf(map, `${MARKER}=${step.key}`, `${MARKER}+${step.key}|`, origin);
      if (writers.length > 0) best = { writers, depth };
      parent = map;
      parentKey = step.key;
      node = map[step.key];
    } else {
      if (!Array.isArray(node)) break;
      const item: unknown = node[step.index];
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        const writers = writersOf(item as Record<string, unknown>, '\0', `${MARKER}-|`, origin);
        if (writers.length > 0) best = { writers, depth };
      } else if (parent && parentKey !== undefined && !Array.isArray(item)) {
        const tags = parent[`${MARKER}[]${parentKey}`];
        if (Array.isArray(tags) && tags.length === node.length) {
          const one = written(tags[step.index]);
          if (one) best = { writers: [one], depth };
        } else if (depth === path.length - 1)
          return {
            unknowable: `item ${step.index} of ${parentKey}: its list was changed where it cannot be marked`,
          };
      }
      parent = undefined;
      node = item;
    }
  }
  return best ?? { untagged: true };
}
