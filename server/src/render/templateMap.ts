import { isMap, isScalar, isSeq, parse } from 'yaml';

/**
 * Where a field of a rendered Helm document was written: the template is read as the YAML skeleton it
 * writes (keys and list items by indentation; control lines such as `{{- if }}`, `{{ end }}`, `range` and
 * `with` skipped), and a rendered path is followed down that skeleton. A key the template does not write
 * itself comes from the `include` or `toYaml` line among its siblings (followed into the `define` body for
 * an include), or else belongs to its parent's line. Every loop here is linear in the template's lines.
 */

/** A place in a chart file: 0-based line and column. */
export interface TemplatePosition {
  /** The file, as the caller named it (a template, or the helpers file of a `define`). */
  file: string;
  line: number;
  column: number;
  /** When the field comes from values (`toYaml .Values.x`, `{{ .Values.x }}`): its path in them. */
  valuesPath?: string;
}

export interface SkeletonNode {
  line: number;
  /** Where the node starts in the YAML structure: a key's column, an item's dash, a splice's output indentation. */
  column: number;
  /** Where it is reported: the key or dash, or the splice's action. */
  textColumn: number;
  key?: string;
  /** A key whose value is on the lines below (a block mapping or sequence). */
  block?: boolean;
  /** A list item (`- …`); its keys are its children. */
  item?: boolean;
  /** For an item: the literal `name:` it declares, matched against the rendered item's name. */
  itemName?: string;
  /** A key's value when the template writes it literally (normalised as `fieldText` does). */
  literal?: string;
  /** Output the line splices in: an include (by name), toYaml of values, or other output. */
  splice?: { include?: string; valuesPath?: string };
  /** The value on the key's line refers to values (`image: {{ .Values.image }}`). */
  valuesPath?: string;
  /** Inside a `range`: one template item stands for many rendered ones. */
  repeated?: boolean;
  /** How many `if`/`with` blocks the line is inside: a key deeper than its item's may be left out. */
  conditions: number;
  children: SkeletonNode[];
}

export interface Skeleton {
  file: string;
  root: SkeletonNode;
  /** For the body of a `define`: its name. */
  define?: string;
}

const ACTION = /\{\{-?([^}]*(?:\}(?!\})[^}]*)*)-?\}\}/g;
const CONTROL = /^\s*(?:(?:if|else|end|range|with|define|block|break|continue)\b|\/\*|\$\w*\s*:?=)/;
const VALUES_PATH = /\.Values((?:\.[A-Za-z_][\w-]*)+)/;
const VALUES_PATHS = /\.Values((?:\.[A-Za-z_][\w-]*)+)/g;

/** Every values path a line's actions read (`{{ .Values.image.repository }}:{{ .Values.image.tag }}`). */
function valuesPathsOf(outputs: readonly string[]): string | undefined {
  const paths = new Set<string>();
  for (const output of outputs)
    for (const match of output.matchAll(VALUES_PATHS)) paths.add(match[1].slice(1));
  return paths.size > 0 ? [...paths].join(', ') : undefined;
}

interface ClassifiedLine {
  kind: 'blank' | 'control' | 'splice' | 'yaml';
  indent: number;
  /** Actions on the line that output something. */
  outputs: string[];
  /** Control actions on the line. */
  controls: string[];
  /** The line with its actions blanked (same length), for reading YAML structure. */
  plain: string;
}

function classify(text: string): ClassifiedLine {
  const outputs: string[] = [];
  const controls: string[] = [];
  const plain = text.replace(ACTION, (whole, body: string) => {
    const inner = body.trim();
    if (CONTROL.test(inner) || inner.startsWith('/*')) controls.push(inner);
    else outputs.push(inner);
    return ' '.repeat(whole.length);
  });
  const trimmed = plain.trim();
  const indent = text.length - text.trimStart().length;
  if (trimmed === '' || trimmed.startsWith('#')) {
    if (outputs.length > 0) return { kind: 'splice', indent, outputs, controls, plain };
    return { kind: controls.length > 0 ? 'control' : 'blank', indent, outputs, controls, plain };
  }
  return { kind: 'yaml', indent, outputs, controls, plain };
}

/** The indentation a splice writes at: `nindent N` / `indent N`, or the line's own. */
function spliceIndent(outputs: readonly string[], lineIndent: number): number {
  for (const output of outputs) {
    const match = /\b(n?indent)\s+(\d+)/.exec(output);
    if (match) return Number(match[2]);
  }
  return lineIndent;
}

function spliceOf(outputs: readonly string[]): SkeletonNode['splice'] {
  for (const output of outputs) {
    const include = /\b(?:include|template)\s+"([^"]+)"/.exec(output);
    if (include) return { include: include[1] };
  }
  for (const output of outputs) {
    const values = VALUES_PATH.exec(output);
    if (values) return { valuesPath: values[1].slice(1) };
  }
  return {};
}

/** Unquoted key of a `key: value` (or `key:`) text, and the column where the key starts. */
function keyOf(plain: string, from: number): { key: string; column: number } | undefined {
  let column = from;
  while (column < plain.length && plain[column] === ' ') column++;
  // Two patterns, each linear: spaces before the colon are trimmed afterwards, not matched by `\s*`
  // after a lazy run (which backtracks quadratically on a long line without a colon).
  const rest = plain.slice(column);
  const match =
    /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')\s*:(?:\s|$)/.exec(rest) ?? /^([^\s:#][^:#]*?):(?:\s|$)/.exec(rest);
  if (!match) return undefined;
  let key = match[1].trim();
  if (/^["']/.test(key)) key = key.slice(1, -1);
  return { key, column };
}

/**
 * Reads a template (or a `define` body) into its skeleton. `lines` are the file's lines; `first` and
 * `end` bound the part read (a define body).
 */
export function readSkeleton(
  file: string,
  lines: readonly string[],
  first = 0,
  end = lines.length,
): Skeleton {
  const root: SkeletonNode = { line: first, column: -1, textColumn: 0, conditions: 0, children: [] };
  // Open nodes, each deeper than the one before: a line's parent is found by popping to its column.
  const stack: SkeletonNode[] = [root];
  const top = () => stack[stack.length - 1];
  const parentOfKey = (column: number) => {
    while (stack.length > 1 && top().column >= column) stack.pop();
    return top();
  };
  // A dash at a block key's own column is an item of that key (`containers:` then `- name: x`).
  const parentOfItem = (column: number) => {
    while (stack.length > 1 && top().column > column) stack.pop();
    while (stack.length > 1 && top().column === column && top().item) stack.pop();
    if (top().column === column && top().block) return top();
    return parentOfKey(column);
  };
  let rangeDepth = 0;
  const blocks: boolean[] = [];
  for (let line = first; line < end; line++) {
    const classified = classify(lines[line]);
    for (const control of classified.controls) {
      if (/^range\b/.test(control)) {
        blocks.push(true);
        rangeDepth++;
      } else if (/^(?:if|with|define|block)\b/.test(control)) blocks.push(false);
      else if (/^end\b/.test(control) && blocks.pop()) rangeDepth--;
    }
    if (classified.kind === 'blank' || classified.kind === 'control') continue;
    const repeated = rangeDepth > 0;
    const conditions = blocks.length - rangeDepth;
    if (classified.kind === 'splice') {
      const column = spliceIndent(classified.outputs, classified.indent);
      parentOfKey(column).children.push({
        line,
        column,
        textColumn: classified.indent,
        splice: spliceOf(classified.outputs),
        repeated,
        conditions,
        children: [],
      });
      continue;
    }
    const { plain } = classified;
    let column = classified.indent;
    // `- key: value`, `- - x`, `- value`: each dash opens an item.
    let item: SkeletonNode | undefined;
    while (plain[column] === '-' && (plain[column + 1] === ' ' || column + 1 === plain.length)) {
      const parent = item ?? parentOfItem(column);
      item = { line, column, textColumn: column, item: true, repeated, conditions, children: [] };
      parent.children.push(item);
      stack.push(item);
      column += 2;
      while (plain[column] === ' ') column++;
    }
    const key = keyOf(plain, column);
    if (!key) {
      const value = plain
        .slice(column)
        .replace(/\s#.*$/, '')
        .trim();
      if (item && value !== '' && classified.outputs.length === 0) item.literal = literalText(value);
      continue;
    }
    const parent = item && key.column === column ? item : parentOfKey(key.column);
    const after = plain
      .slice(key.column)
      .replace(/^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:]*):/, '')
      .trim();
    const inlineSplice = classified.outputs.length > 0 && /\bn?indent\b/.test(classified.outputs.join(' '));
    const node: SkeletonNode = {
      line,
      column: key.column,
      textColumn: key.column,
      key: key.key,
      block: (after === '' || after.startsWith('#')) && classified.outputs.length === 0,
      valuesPath: valuesPathsOf(classified.outputs),
      repeated,
      conditions,
      children: [],
    };
    if (classified.outputs.length === 0 && after !== '' && !after.startsWith('#')) {
      node.literal = literalText(after.replace(/\s#.*$/, '').trimEnd());
      if (item && key.key === 'name') item.itemName = node.literal;
    }
    // A splice after the key (`labels: {{- include … | nindent 4 }}`) writes the key's children.
    if (inlineSplice) {
      node.block = true;
      node.children.push({
        line,
        column: spliceIndent(classified.outputs, key.column + 2),
        textColumn: key.column,
        splice: spliceOf(classified.outputs),
        repeated,
        conditions,
        children: [],
      });
    }
    parent.children.push(node);
    stack.push(node);
  }
  return { file, root };
}

/** The `define` bodies of a chart's helper files, by name. */
export function readDefines(file: string, text: string): Map<string, Skeleton> {
  const lines = text.split(/\r?\n/);
  const defines = new Map<string, Skeleton>();
  let open: { name: string; first: number; depth: number } | undefined;
  for (let line = 0; line < lines.length; line++) {
    for (const match of lines[line].matchAll(ACTION)) {
      const inner = match[1].trim();
      if (!open) {
        const define = /^define\s+"([^"]+)"/.exec(inner);
        if (define) open = { name: define[1], first: line + 1, depth: 0 };
        continue;
      }
      if (/^(?:if|range|with|define|block)\b/.test(inner)) open.depth++;
      else if (/^end\b/.test(inner)) {
        if (open.depth === 0) {
          defines.set(open.name, { ...readSkeleton(file, lines, open.first, line), define: open.name });
          open = undefined;
        } else open.depth--;
      }
    }
  }
  return defines;
}

/** A rendered node's path: keys, and list indexes with the list's items to align them with the template's. */
export type RenderedStep = { key: string } | { index: number; siblings?: readonly RenderedItem[] };

/** A value as text to compare a template's literal with what was rendered: scalars, or lists of them. */
export function fieldText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value))
    return value.every((item) => typeof item !== 'object' || item === null) ? value.join(',') : undefined;
  return typeof value === 'object' ? undefined : String(value);
}

function literalText(text: string): string | undefined {
  try {
    return fieldText(parse(text));
  } catch {
    return undefined;
  }
}

function position(skeleton: Skeleton, node: SkeletonNode, valuesPath?: string): TemplatePosition {
  const found: TemplatePosition = { file: skeleton.file, line: node.line, column: node.textColumn };
  const values = valuesPath ?? node.valuesPath;
  if (values) found.valuesPath = values;
  return found;
}

/**
 * The template position of a rendered path: the deepest skeleton node the path reaches, or the splice
 * that wrote what the template does not (an include's body when the rest of the path is found there).
 */
export function locate(
  skeleton: Skeleton,
  path: readonly RenderedStep[],
  defines: ReadonlyMap<string, Skeleton> = new Map(),
): TemplatePosition {
  return follow(skeleton, path, defines, 0).position;
}

/** What writes a rendered path: the deepest node the path reaches and the splice that writes the rest. */
export interface PathTarget {
  /** The skeleton the node is in: the template's, or a `define` body an include wrote the path from. */
  skeleton: Skeleton;
  node: SkeletonNode;
  /** How many steps of the path lead to `node`: all of them when the skeleton writes the whole path. */
  written: number;
  /** The splice among the node's children that writes the steps after `written`. */
  splice?: SkeletonNode;
  /** Those steps as the splice's values hold them (a list item's index among the splice's own items). */
  rest?: readonly RenderedStep[];
}

/** The node of the template (or of a define body) that writes a rendered path, as `locate` finds it. */
export function reach(
  skeleton: Skeleton,
  path: readonly RenderedStep[],
  defines: ReadonlyMap<string, Skeleton> = new Map(),
): PathTarget {
  return follow(skeleton, path, defines, 0).target;
}

interface Followed {
  position: TemplatePosition;
  /** At least one step of the path was found in this skeleton (or in an include it makes). */
  reached: boolean;
  target: PathTarget;
}

/** The result of a path followed from `step` on in an inner skeleton, counted from the outer path's start. */
function after(step: number, inner: Followed): Followed {
  inner.target.written += step;
  return inner;
}

function follow(
  skeleton: Skeleton,
  path: readonly RenderedStep[],
  defines: ReadonlyMap<string, Skeleton>,
  depth: number,
): Followed {
  let node = skeleton.root;
  for (let step = 0; step < path.length; step++) {
    const segment = path[step];
    if ('key' in segment) {
      const next = childByKey(node, segment.key);
      if (next) {
        node = next;
        continue;
      }
    } else {
      const next = childByIndex(node, segment, skeleton, defines);
      if (next?.spliceIndex !== undefined)
        return throughSplice(
          skeleton,
          node,
          next.node,
          [{ index: next.spliceIndex }, ...path.slice(step + 1)],
          step,
        );
      if (next && next.skeleton !== skeleton) {
        // An item an include writes: the rest of the path is followed in the define's body.
        const inner = followFrom(next.skeleton, next.node, path.slice(step + 1), defines, depth + 1);
        if (inner) return after(step + 1, inner);
      } else if (next) {
        node = next.node;
        continue;
      }
    }
    const splices = node.children.filter((child) => child.splice);
    for (const splice of splices) {
      const body = splice.splice?.include ? defines.get(splice.splice.include) : undefined;
      if (!body || depth >= 8) continue;
      const inner = follow(body, path.slice(step), defines, depth + 1);
      if (inner.reached) return after(step, inner);
    }
    if (splices.length > 0) {
      const splice = splices.find((candidate) => candidate.splice?.valuesPath) ?? splices[splices.length - 1];
      return throughSplice(skeleton, node, splice, path.slice(step), step);
    }
    return {
      position: position(skeleton, node === skeleton.root ? (firstNode(node) ?? node) : node),
      reached: step > 0,
      target: { skeleton, node, written: step },
    };
  }
  const reached = node !== skeleton.root;
  return {
    position: position(skeleton, reached ? node : (firstNode(node) ?? node)),
    reached,
    target: { skeleton, node, written: path.length },
  };
}

/**
 * A path the rest of which a splice writes (`toYaml .Values.x`): found at the splice's line, the values
 * path named; `rest` is counted from the values the splice writes (an item's index among its own).
 */
function throughSplice(
  skeleton: Skeleton,
  node: SkeletonNode,
  splice: SkeletonNode,
  rest: readonly RenderedStep[],
  step: number,
): Followed {
  const restText = rest
    .map((part) => ('key' in part ? part.key : `[${part.index}]`))
    .join('.')
    .replace(/\.\[/g, '[');
  const valuesPath = splice.splice?.valuesPath
    ? `${splice.splice.valuesPath}${restText.startsWith('[') ? '' : '.'}${restText}`
    : undefined;
  return {
    position: position(skeleton, splice, valuesPath),
    reached: true,
    target: { skeleton, node, written: step, splice, rest },
  };
}

/** The rest of a path from a node of another skeleton (an item of a define body). */
function followFrom(
  skeleton: Skeleton,
  start: SkeletonNode,
  path: readonly RenderedStep[],
  defines: ReadonlyMap<string, Skeleton>,
  depth: number,
): Followed | undefined {
  if (depth >= 8) return undefined;
  const root = { ...start, column: -1 };
  const found = follow({ file: skeleton.file, define: skeleton.define, root }, path, defines, depth);
  if (!found.reached)
    return {
      position: position(skeleton, start),
      reached: true,
      target: { skeleton, node: start, written: 0 },
    };
  if (found.target.node === root) found.target = { ...found.target, skeleton, node: start };
  return found;
}

function firstNode(root: SkeletonNode): SkeletonNode | undefined {
  return root.children.find((child) => child.key !== undefined || child.item) ?? root.children[0];
}

function childByKey(node: SkeletonNode, key: string): SkeletonNode | undefined {
  return node.children.find((child) => child.key === key);
}

/** A key's literal value: on its line, or the list of literal scalars its items write. */
function literalOf(node: SkeletonNode): string | undefined {
  if (node.literal !== undefined || node.children.length === 0) return node.literal;
  const items = node.children.filter((child) => child.item);
  if (items.length !== node.children.length || items.some((item) => item.literal === undefined))
    return undefined;
  return items.map((item) => item.literal).join(',');
}

/** What a rendered list item shows of itself: its name and its scalar fields. */
export interface RenderedItem {
  name?: string;
  fields?: Readonly<Record<string, string>>;
}

/** How well a written item matches a rendered one: its literal keys and values, and its name. */
function itemScore(item: SkeletonNode, rendered: RenderedItem): number {
  let score = 0;
  for (const child of item.children) {
    if (child.key === undefined) continue;
    const value = rendered.fields?.[child.key];
    if (!rendered.fields || child.key in rendered.fields) score += 1;
    else if (child.conditions <= item.conditions) score -= 1;
    const literal = literalOf(child);
    if (literal !== undefined && value !== undefined) score += literal === value ? 3 : -3;
  }
  if (item.itemName !== undefined && rendered.name !== undefined)
    score += item.itemName === rendered.name ? 10 : -5;
  if (item.literal !== undefined && rendered.fields === undefined) score += 1;
  return score;
}

const alignments = new WeakMap<SkeletonNode, WeakMap<readonly RenderedItem[], number[]>>();

/**
 * Which written item each rendered item of a list came from, in order: a written item may be left out (a
 * condition), an item inside a `range` may stand for any number of rendered ones; the assignment with the
 * best total score (a dynamic program over both lists, linear in their product).
 */
function alignItems(items: readonly SkeletonNode[], rendered: readonly RenderedItem[]): number[] {
  const m = items.length;
  const n = rendered.length;
  // best[i][j]: the best score with i rendered items placed and written items from j on still free.
  const best: number[][] = Array.from({ length: n + 1 }, () =>
    new Array<number>(m + 1).fill(Number.NEGATIVE_INFINITY),
  );
  const choice: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(-1));
  for (let j = 0; j <= m; j++) best[n][j] = 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      // Leave written item j out.
      if (j < m && best[i][j + 1] - 0.01 > best[i][j]) {
        best[i][j] = best[i][j + 1] - 0.01;
        choice[i][j] = -2;
      }
      if (j < m) {
        const score = itemScore(items[j], rendered[i]);
        // A ranged item may take the next rendered one too.
        const next = items[j].repeated ? Math.max(best[i + 1][j], best[i + 1][j + 1]) : best[i + 1][j + 1];
        if (score + next > best[i][j]) {
          best[i][j] = score + next;
          choice[i][j] = j;
        }
      } else if (m > 0 && best[i + 1][m] - 20 > best[i][j]) {
        // More rendered items than written ones can hold: the last written item.
        best[i][j] = best[i + 1][m] - 20;
        choice[i][j] = m - 1;
      }
    }
  }
  const assigned: number[] = [];
  let j = 0;
  for (let i = 0; i < n; i++) {
    while (choice[i][j] === -2) j++;
    const picked = choice[i][j];
    assigned.push(picked < 0 ? m - 1 : picked);
    if (
      picked >= 0 &&
      picked < m &&
      !(items[picked].repeated && best[i + 1][j] >= best[i + 1][Math.min(j + 1, m)])
    )
      j = Math.min(picked + 1, m);
  }
  return assigned;
}

/**
 * The written item a rendered list item came from: the node's own items and, in their place among them,
 * the items the `define` bodies it includes write (with the skeleton they belong to).
 */
function childByIndex(
  node: SkeletonNode,
  step: { index: number; siblings?: readonly RenderedItem[] },
  skeleton: Skeleton,
  defines: ReadonlyMap<string, Skeleton>,
): { node: SkeletonNode; skeleton: Skeleton; spliceIndex?: number } | undefined {
  const candidates: Array<{ node: SkeletonNode; skeleton: Skeleton; splices?: boolean }> = [];
  let written = 0;
  for (const child of node.children) {
    if (child.item) {
      candidates.push({ node: child, skeleton });
      written++;
    }
    const body = child.splice?.include ? defines.get(child.splice.include) : undefined;
    if (body) {
      for (const item of body.root.children)
        if (item.item) {
          candidates.push({ node: item, skeleton: body });
          written++;
        }
    } else if (child.splice?.valuesPath) candidates.push({ node: child, skeleton, splices: true });
  }
  // A list the values write whole (`toYaml`) is the splice's to follow; beside written items, the
  // rendered items the written ones do not match are the splice's.
  if (written === 0) return undefined;
  if (!step.siblings) return candidates[Math.min(step.index, candidates.length - 1)];
  let cache = alignments.get(node);
  if (!cache) {
    cache = new WeakMap();
    alignments.set(node, cache);
  }
  let assigned = cache.get(step.siblings);
  if (!assigned) {
    assigned = alignItems(
      // A splice may stand for any number of rendered items, scoring none.
      candidates.map((candidate) =>
        candidate.splices ? { ...candidate.node, children: [], repeated: true, item: true } : candidate.node,
      ),
      step.siblings,
    );
    cache.set(step.siblings, assigned);
  }
  const picked = assigned[step.index] ?? candidates.length - 1;
  const candidate = candidates[picked];
  if (!candidate.splices) return candidate;
  let spliceIndex = 0;
  for (let index = 0; index < step.index; index++) if (assigned[index] === picked) spliceIndex++;
  return { ...candidate, spliceIndex };
}

interface RangedNode {
  range?: [number, number, number] | null;
}

function contains(node: unknown, offset: number): boolean {
  const range = (node as RangedNode | null)?.range;
  return Boolean(range) && range![0] <= offset && offset < Math.max(range![1], range![0] + 1);
}

function startOf(node: unknown): number | undefined {
  return (node as RangedNode | null)?.range?.[0];
}

/**
 * The item of a collection holding `offset`: found by bisection over the items' start offsets (they are
 * in source order), so that a finding in a list of many thousand items does not scan it; a linear look
 * only when items have no position.
 */
function itemAt<T>(
  items: readonly T[],
  offset: number,
  start: (item: T) => number | undefined,
  holds: (item: T) => boolean,
): T | undefined {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const at = start(items[middle]);
    if (at === undefined) return items.find(holds);
    if (at <= offset) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  if (found >= 0 && holds(items[found])) return items[found];
  return items.find(holds);
}

const itemsOfSeq = new WeakMap<object, RenderedItem[]>();

/** The items of a rendered list as the mapping compares them (read once per list). */
export function renderedItems(seq: { items: unknown[] }): RenderedItem[] {
  let items = itemsOfSeq.get(seq);
  if (items) return items;
  items = seq.items.map((item) => {
    if (!isMap(item)) return isScalar(item) ? { fields: undefined, name: undefined } : {};
    const fields: Record<string, string> = {};
    for (const pair of item.items) {
      if (!isScalar(pair.key)) continue;
      const value = isScalar(pair.value)
        ? pair.value.value
        : isSeq(pair.value)
          ? pair.value.toJSON()
          : undefined;
      fields[String(pair.key.value)] = fieldText(value) ?? '';
    }
    const name = item.get('name');
    return typeof name === 'string' ? { name, fields } : { fields };
  });
  itemsOfSeq.set(seq, items);
  return items;
}

/** The path of the deepest rendered node at `offset` (a key, or the value under it). */
export function renderedPathAt(contents: unknown, offset: number): RenderedStep[] {
  const path: RenderedStep[] = [];
  let node = contents;
  for (let depth = 0; depth < 200 && node; depth++) {
    if (isMap(node)) {
      const pair = itemAt(
        node.items,
        offset,
        (candidate) => startOf(candidate.key) ?? startOf(candidate.value),
        (candidate) => contains(candidate.key, offset) || contains(candidate.value, offset),
      );
      if (!pair || !isScalar(pair.key)) break;
      path.push({ key: String(pair.key.value) });
      if (contains(pair.key, offset)) break;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = itemAt(node.items, offset, startOf, (candidate) => contains(candidate, offset));
      const index = item === undefined ? -1 : node.items.indexOf(item);
      if (index < 0) break;
      path.push({ index, siblings: renderedItems(node) });
      node = node.items[index];
    } else break;
  }
  return path;
}

/** The rendered node a path leads to (as renderedPathAt found it). */
export function renderedValueAt(contents: unknown, path: readonly RenderedStep[]): unknown {
  let node = contents;
  for (const step of path) {
    if ('key' in step) node = isMap(node) ? node.get(step.key, true) : undefined;
    else node = isSeq(node) ? node.items[step.index] : undefined;
  }
  return node;
}

/** A template's documents (split at its `---` lines), each read into its skeleton. */
export function readTemplate(file: string, text: string): Skeleton[] {
  const lines = text.split(/\r?\n/);
  const skeletons: Skeleton[] = [];
  let first = 0;
  for (let line = 0; line <= lines.length; line++) {
    if (line < lines.length && !/^---\s*(?:#.*)?$/.test(lines[line])) continue;
    const skeleton = readSkeleton(file, lines, first, line);
    if (skeleton.root.children.length > 0) skeletons.push(skeleton);
    first = line + 1;
  }
  return skeletons;
}

/**
 * The template document a rendered document came from: the one whose literal keys (to three levels) and
 * kind it matches best; among equals, the one at its place among the template's documents of its kind
 * (Helm sorts its output by kind, keeping the template's order within a kind).
 */
export function chooseDocument(
  skeletons: readonly Skeleton[],
  contents: unknown,
  /** How many documents of this template and kind came before it in the output. */
  sameKindIndex: number,
): Skeleton | undefined {
  let best: Skeleton | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  const renderedKind = isMap(contents) ? contents.get('kind') : undefined;
  let ofKind = 0;
  for (const skeleton of skeletons) {
    let score = matchedKeys(skeleton.root, contents, 0);
    const kind = childByKey(skeleton.root, 'kind')?.literal;
    if (kind !== undefined && typeof renderedKind === 'string') score += kind === renderedKind ? 5 : -5;
    if (kind === undefined || kind === renderedKind)
      score -= Math.abs(ofKind++ - sameKindIndex) / (skeletons.length + 1);
    else score -= 1;
    if (score > bestScore) {
      bestScore = score;
      best = skeleton;
    }
  }
  return best;
}

function matchedKeys(node: SkeletonNode, rendered: unknown, depth: number): number {
  if (depth > 3 || !isMap(rendered)) return 0;
  let matched = 0;
  for (const pair of rendered.items) {
    if (!isScalar(pair.key)) continue;
    const child = childByKey(node, String(pair.key.value));
    if (child) matched += 1 + matchedKeys(child, pair.value, depth + 1);
  }
  return matched;
}
