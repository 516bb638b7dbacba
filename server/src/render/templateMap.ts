import { isMap, isScalar, isSeq } from 'yaml';

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

interface SkeletonNode {
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
  /** Output the line splices in: an include (by name), toYaml of values, or other output. */
  splice?: { include?: string; valuesPath?: string };
  /** The value on the key's line refers to values (`image: {{ .Values.image }}`). */
  valuesPath?: string;
  /** Inside a `range`: one template item stands for many rendered ones. */
  repeated?: boolean;
  children: SkeletonNode[];
}

export interface Skeleton {
  file: string;
  root: SkeletonNode;
}

const ACTION = /\{\{-?([^}]*(?:\}(?!\})[^}]*)*)-?\}\}/g;
const CONTROL = /^\s*(?:if|else|end|range|with|define|block|\/\*|\$[\w]*\s*:?=|break|continue)\b/;
const VALUES_PATH = /\.Values((?:\.[A-Za-z_][\w-]*)+)/;

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
  const match = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s:#][^:#]*?)\s*:(?:\s|$)/.exec(plain.slice(column));
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
  const root: SkeletonNode = { line: first, column: -1, textColumn: 0, children: [] };
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
    if (classified.kind === 'splice') {
      const column = spliceIndent(classified.outputs, classified.indent);
      parentOfKey(column).children.push({
        line,
        column,
        textColumn: classified.indent,
        splice: spliceOf(classified.outputs),
        repeated,
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
      item = { line, column, textColumn: column, item: true, repeated, children: [] };
      parent.children.push(item);
      stack.push(item);
      column += 2;
      while (plain[column] === ' ') column++;
    }
    const key = keyOf(plain, column);
    if (!key) continue;
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
      valuesPath: classified.outputs.map((output) => VALUES_PATH.exec(output)?.[1]?.slice(1)).find(Boolean),
      repeated,
      children: [],
    };
    if (item && key.key === 'name' && classified.outputs.length === 0 && after !== '')
      item.itemName = after.replace(/\s+#.*$/, '').replace(/^["']|["']$/g, '');
    // A splice after the key (`labels: {{- include … | nindent 4 }}`) writes the key's children.
    if (inlineSplice) {
      node.block = true;
      node.children.push({
        line,
        column: spliceIndent(classified.outputs, key.column + 2),
        textColumn: key.column,
        splice: spliceOf(classified.outputs),
        repeated,
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
          defines.set(open.name, readSkeleton(file, lines, open.first, line));
          open = undefined;
        } else open.depth--;
      }
    }
  }
  return defines;
}

/** A rendered node's path: keys and list indexes, with each item's `name` when it has one. */
export type RenderedStep = { key: string } | { index: number; name?: string };

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

/** `reached`: at least one step of the path was found in this skeleton (or in an include it makes). */
function follow(
  skeleton: Skeleton,
  path: readonly RenderedStep[],
  defines: ReadonlyMap<string, Skeleton>,
  depth: number,
): { position: TemplatePosition; reached: boolean } {
  let node = skeleton.root;
  for (let step = 0; step < path.length; step++) {
    const segment = path[step];
    const next = 'key' in segment ? childByKey(node, segment.key) : childByIndex(node, segment);
    if (next) {
      node = next;
      continue;
    }
    const splices = node.children.filter((child) => child.splice);
    for (const splice of splices) {
      const body = splice.splice?.include ? defines.get(splice.splice.include) : undefined;
      if (!body || depth >= 8) continue;
      const inner = follow(body, path.slice(step), defines, depth + 1);
      if (inner.reached) return inner;
    }
    if (splices.length > 0) {
      const splice = splices.find((candidate) => candidate.splice?.valuesPath) ?? splices[splices.length - 1];
      const rest = path
        .slice(step)
        .map((part) => ('key' in part ? part.key : `[${part.index}]`))
        .join('.')
        .replace(/\.\[/g, '[');
      const valuesPath = splice.splice?.valuesPath ? `${splice.splice.valuesPath}.${rest}` : undefined;
      return { position: position(skeleton, splice, valuesPath), reached: true };
    }
    return {
      position: position(skeleton, node === skeleton.root ? (firstNode(node) ?? node) : node),
      reached: step > 0,
    };
  }
  const reached = node !== skeleton.root;
  return { position: position(skeleton, reached ? node : (firstNode(node) ?? node)), reached };
}

function firstNode(root: SkeletonNode): SkeletonNode | undefined {
  return root.children.find((child) => child.key !== undefined || child.item) ?? root.children[0];
}

function childByKey(node: SkeletonNode, key: string): SkeletonNode | undefined {
  return node.children.find((child) => child.key === key);
}

function childByIndex(node: SkeletonNode, step: { index: number; name?: string }): SkeletonNode | undefined {
  // An item holds the sequence: its key node is the parent; a key node's items are its children.
  const items = node.children.filter((child) => child.item);
  if (items.length === 0) return undefined;
  if (step.name !== undefined) {
    const named = items.find((item) => item.itemName === step.name);
    if (named) return named;
  }
  const literal = items.filter((item) => item.itemName === undefined || step.name === undefined);
  if (step.index < items.length && (step.name === undefined || literal.includes(items[step.index])))
    return items[step.index];
  // More rendered items than written: the ones a range writes.
  return items.find((item) => item.repeated) ?? items[items.length - 1];
}

interface RangedNode {
  range?: [number, number, number] | null;
}

function contains(node: unknown, offset: number): boolean {
  const range = (node as RangedNode | null)?.range;
  return Boolean(range) && range![0] <= offset && offset < Math.max(range![1], range![0] + 1);
}

/** The path of the deepest rendered node at `offset` (a key, or the value under it). */
export function renderedPathAt(contents: unknown, offset: number): RenderedStep[] {
  const path: RenderedStep[] = [];
  let node = contents;
  for (let depth = 0; depth < 200 && node; depth++) {
    if (isMap(node)) {
      const pair = node.items.find(
        (candidate) => contains(candidate.key, offset) || contains(candidate.value, offset),
      );
      if (!pair || !isScalar(pair.key)) break;
      path.push({ key: String(pair.key.value) });
      if (contains(pair.key, offset)) break;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item, offset));
      if (index < 0) break;
      const item = node.items[index];
      const name = isMap(item) ? item.get('name') : undefined;
      path.push(typeof name === 'string' ? { index, name } : { index });
      node = item;
    } else break;
  }
  return path;
}
