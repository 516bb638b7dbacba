import {
  Composer,
  type Document,
  isCollection,
  isNode,
  isPair,
  Parser,
  parseAllDocuments,
  type Scalar,
  visit,
} from 'yaml';
import {
  indexAliases,
  isMergePair,
  MAX_MERGE_DEPTH,
  MAX_MERGED_MAPS,
  mergeBoundExceeded,
  nodeSpan,
} from './nodes';
import { detectLineEnding, type LineEnding, LineIndex, stripBom } from './text';

/** A problem found while reading a file: it is reported to the user, never thrown. */
export interface FileProblem {
  kind: 'syntax' | 'schema' | 'read' | 'render';
  message: string;
  /** Offsets in the BOM-stripped text; absent when the problem has no position (an unreadable file). */
  span?: [number, number];
}

export interface ParsedDocument {
  index: number;
  doc: Document.Parsed;
  /** Offset of the document's first content character and of its end. */
  start: number;
  end: number;
  /** True when the document had a syntax error: it is reported and not analysed. */
  broken: boolean;
}

export interface ParsedFile {
  path: string;
  /** The text as the editor shows it: a leading byte-order mark removed. */
  text: string;
  bom: boolean;
  lineEnding: LineEnding;
  lines: LineIndex;
  json: boolean;
  documents: ParsedDocument[];
  problems: FileProblem[];
  /** Why the file is not analysed, when it is not (a Helm template, a Kustomize patch). */
  skipped?: string;
  /**
   * For a file under a `templates/` folder that holds `{{ }}` outside comments and is valid YAML: the
   * folders that would be its Helm chart (each parent of a `templates` folder on its path). The workspace
   * skips it as a chart template when one of them has a Chart.yaml (kustomize.ts, readWorkspaceLayout).
   */
  chartFolders?: string[];
  /**
   * The parsed documents by chunk of text (not enumerable): what the next version of the file can reuse
   * for the chunks it leaves as they were. Absent when the file was parsed whole.
   */
  chunks?: Chunk[];
}

/** A run of text that parses on its own: from a `---` line (or the start) to the next `---` line. */
export interface Chunk {
  start: number;
  end: number;
  docs: Document.Parsed[];
}

const PARSE_OPTIONS = {
  prettyErrors: false,
  uniqueKeys: true,
  merge: true,
  strict: false,
  stringKeys: false,
} as const;

/** Helm's own objects, as a template action refers to them (`.Values.x`, `$.Release.Name`). */
const HELM_OBJECT = /\.(?:Values|Release|Chart|Capabilities|Files|Template)\b/;

export function isManifestPath(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path);
}

/**
 * Parses a file into its documents with source ranges; never throws on bad input.
 *
 * Text made of several documents is parsed chunk by chunk (a chunk runs from a `---` line to the next),
 * which gives the same documents as parsing it whole: a `---` line at the start of a line always starts a
 * new document, and no state crosses it once directives (`%`) and end markers (`...`) are ruled out.
 * Given the `previous` version of the same file (an editor's buffer before a keystroke), the chunks whose
 * text is unchanged are not parsed again: their documents are taken over, moved to their new offsets.
 * The previous version must not be used afterwards (its reused documents now describe the new text).
 */
export function parseFile(path: string, rawText: string, previous?: ParsedFile): ParsedFile {
  const { text, bom } = stripBom(rawText);
  const file: ParsedFile = {
    path,
    text,
    bom,
    lineEnding: detectLineEnding(text),
    lines: new LineIndex(text),
    json: /\.json$/i.test(path),
    documents: [],
    problems: [],
  };

  const longLine = longestLine(text);
  if (longLine.length > MAX_LINE_LENGTH && flowItems(text, longLine) > MAX_FLOW_ITEMS_ON_A_LINE) {
    // Minified or generated data: parsing millions of items on one line costs gigabytes, and no
    // manifest a person writes looks like it.
    file.skipped = `line ${longLine.line + 1} is ${longLine.length} characters of flow items (more than ${MAX_LINE_LENGTH}): generated data, not analysed`;
    return file;
  }

  let docs: Document.Parsed[];
  // Each syntax error the parser makes captures a stack trace nobody reads: a Helm template (invalid YAML
  // on nearly every line) spent most of its parse there.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let chunks: ReturnType<typeof parseChunks>;
  try {
    chunks = parseChunks(text, previous);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  if (chunks) {
    docs = chunks.flatMap((chunk) => chunk.docs);
    Object.defineProperty(file, 'chunks', { value: chunks, enumerable: false, writable: true });
  } else {
    try {
      Error.stackTraceLimit = 0;
      docs = parseAllDocuments(text, PARSE_OPTIONS) as Document.Parsed[];
      if (!Array.isArray(docs)) docs = [docs];
    } catch (error) {
      file.problems.push({ kind: 'syntax', message: `cannot parse: ${firstLine((error as Error).message)}` });
      return file;
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }

  const hasTemplateBraces = text.includes('{{');
  docs.forEach((doc, index) => {
    const range = doc.range ?? [0, text.length, text.length];
    const broken = doc.errors.length > 0;
    file.documents.push({ index, doc, start: range[0], end: range[2] ?? range[1], broken });
  });

  if (hasTemplateBraces) {
    const templateReason = templateSkipReason(path, file, text);
    if (templateReason) {
      file.skipped = templateReason;
      file.documents = [];
      return file;
    }
  }

  // A file that does not even mention apiVersion and kind is not a manifest (JSONC settings, CI files):
  // its syntax is not ours to judge.
  const reportSyntax = /\bapiVersion\b/.test(text) && /\bkind\b/.test(text);
  // Without a `*` there is no alias to resolve, without `<<` no merge key.
  const mayHaveAliases = text.includes('*');
  const mayHaveMerges = text.includes('<<');
  for (const parsed of file.documents) {
    if (parsed.broken && reportSyntax) {
      const error = parsed.doc.errors[0];
      let [start, end] = error.pos;
      if (/Maximum call stack size exceeded/.test(error.message)) {
        // Where the parser ran out of stack depends on the stack it had: report a fixed place instead.
        start =
          deepNestingOffset(text, parsed.start, parsed.end) ??
          file.lines.lineStart(file.lines.position(start).line);
        end = start;
      }
      file.problems.push({
        kind: 'syntax',
        message: `YAML syntax error: ${firstLine(error.message)}`,
        span: [start, Math.max(end, start)],
      });
    } else if (!parsed.broken) {
      // Each alias is resolved once to its anchor; one no anchor before it names is an error for every reader.
      const unresolved = mayHaveAliases ? indexAliases(parsed.doc) : undefined;
      const span = unresolved && nodeSpan(unresolved);
      if (unresolved && span && reportSyntax)
        file.problems.push({
          kind: 'syntax',
          message: `YAML syntax error: the alias *${unresolved.source} names no anchor defined before it in this document`,
          span,
        });
      if (mayHaveMerges) {
        const cut = mergeBeyondBounds(parsed.doc);
        if (cut)
          file.problems.push({
            kind: 'schema',
            message: `merge keys (<<) here merge more than ${MAX_MERGED_MAPS} mappings or nest deeper than ${MAX_MERGE_DEPTH} levels: only the first are read`,
            span: cut,
          });
      }
    }
  }
  return file;
}

/** The span of the first mapping whose merge keys reach past the bounds, if any (each mapping looked at once). */
function mergeBeyondBounds(doc: ParsedDocument['doc']): [number, number] | undefined {
  let found: [number, number] | undefined;
  visit(doc, {
    Map(_key, map) {
      if (!map.items.some((item) => isMergePair(item as never))) return undefined;
      if (mergeBoundExceeded(map)) {
        found = nodeSpan(map);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Offsets where a chunk starts: 0 and every line that is a `---` marker, or undefined to parse whole. */
function chunkStarts(text: string): number[] | undefined {
  // Directives and document end markers carry state between documents: such files are parsed whole.
  if (/^(?:%|\.\.\.)/m.test(text)) return undefined;
  const starts = [0];
  for (let at = text.indexOf('\n---'); at >= 0; at = text.indexOf('\n---', at + 4)) {
    const next = text.charCodeAt(at + 4);
    // `---` then a space, a tab, a line break or the end of the text.
    if (Number.isNaN(next) || next === 32 || next === 9 || next === 10 || next === 13) starts.push(at + 1);
  }
  if (starts.length < 2) return undefined;
  // Comments before the first `---` belong to the first document: no chunk of their own.
  if (starts[1] > 0 && !hasContent(text.slice(0, starts[1]))) starts.splice(1, 1);
  return starts.length < 2 ? undefined : starts;
}

function hasContent(text: string): boolean {
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) return true;
  }
  return false;
}

/** The documents of each chunk, reusing the previous version's where the chunk's text is unchanged. */
function parseChunks(text: string, previous: ParsedFile | undefined): Chunk[] | undefined {
  const starts = chunkStarts(text);
  if (!starts) return undefined;
  const reusable = new Map<string, Chunk[]>();
  if (previous?.chunks) {
    for (const chunk of previous.chunks) {
      const key = previous.text.slice(chunk.start, chunk.end);
      const list = reusable.get(key);
      if (list) list.push(chunk);
      else reusable.set(key, [chunk]);
    }
  }
  const chunks: Chunk[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    const source = text.slice(start, end);
    const old = reusable.get(source)?.shift();
    if (old) {
      if (old.start !== start) for (const doc of old.docs) moveDocument(doc, start - old.start);
      chunks.push({ start, end, docs: old.docs });
      continue;
    }
    let docs: Document.Parsed[];
    try {
      const parser = new Parser();
      parser.offset = start;
      docs = Array.from(new Composer(PARSE_OPTIONS).compose(parser.parse(source))) as Document.Parsed[];
    } catch {
      return undefined;
    }
    // Anything unusual (an error, a chunk that is not one document) is left to the whole parse.
    if (docs.length !== 1 || docs[0].errors.length > 0) return undefined;
    chunks.push({ start, end, docs });
  }
  return chunks;
}

/** Moves a document's source ranges by `delta` (its text moved, unchanged). */
function moveDocument(doc: Document.Parsed, delta: number): void {
  const move = (range: [number, number, number]) =>
    [range[0] + delta, range[1] + delta, range[2] + delta] as [number, number, number];
  doc.range = move(doc.range);
  // Every node, without recursion (documents can nest deeply): scalars, aliases, collections, pairs.
  const pending: unknown[] = [doc.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isPair(node)) {
      pending.push(node.key, node.value);
    } else if (isNode(node)) {
      if (node.range) node.range = move(node.range);
      if (isCollection(node)) for (const item of node.items) pending.push(item);
    }
  }
  for (const warning of doc.warnings) warning.pos = [warning.pos[0] + delta, warning.pos[1] + delta];
}

function firstLine(message: string): string {
  const line = message.split('\n')[0];
  // The parser runs out of stack on pathological nesting: say what that means for the file.
  if (/Maximum call stack size exceeded/.test(line))
    return 'nesting too deep to analyse (the parser ran out of stack)';
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

/** Where flow collections first nest 1,000 deep in a document (quoted strings skipped), if they do. */
function deepNestingOffset(text: string, start: number, end: number): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < end; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"') i++;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '{') {
      if (++depth === 1000) return i;
    } else if (char === ']' || char === '}') depth--;
  }
  return undefined;
}

/** Lines longer than this are generated data, not manifests: the file is skipped. */
export const MAX_LINE_LENGTH = 1024 * 1024;

/** More flow items than this on one line (a minified list or object) cost gigabytes to parse. */
const MAX_FLOW_ITEMS_ON_A_LINE = 100_000;

function flowItems(text: string, longest: { start: number; length: number }): number {
  let count = 0;
  for (let i = longest.start; i < longest.start + longest.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 44 || code === 91 || code === 123) count++; // , [ {
  }
  return count;
}

function longestLine(text: string): { line: number; start: number; length: number } {
  let longest = { line: 0, start: 0, length: 0 };
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > longest.length) longest = { line, start, length: end - start };
    start = end + 1;
    line++;
  }
  return longest;
}

/**
 * Template syntax makes a file something other than the manifests it will become: analysing it would
 * report findings on placeholders. Such files are skipped with the reason, never analysed. A file that is
 * valid YAML with `{{ }}` only inside strings (Prometheus alert texts, Alertmanager templates, Argo
 * Workflows parameters) is content and is analysed, unless it is a Helm chart's template: one that refers
 * to Helm's own objects (`.Values`, `.Release`…) here, or one in the `templates/` folder of a chart whose
 * Chart.yaml is in the workspace (`chartFolders`, decided with the other files).
 */
function templateSkipReason(path: string, file: ParsedFile, text: string): string | undefined {
  const code = withoutComments(text);
  if (!code.includes('{{')) return undefined;
  const folders = chartFoldersOf(path);
  const notYaml =
    file.documents.some((doc) => doc.broken && code.slice(doc.start, doc.end).includes('{{')) ||
    file.documents.some((doc) => !doc.broken && hasStructurePlaceholder(doc.doc, text));
  if (notYaml) {
    if (folders.length > 0)
      return 'Helm chart template ({{ }}): not valid YAML until it is rendered; check the rendered output instead (helm template … | kube-maturity check -)';
    if (refersToHelmObjects(code))
      return 'Helm template syntax ({{ .Values … }}): not valid YAML until it is rendered; check the rendered output instead';
    return file.documents.some((doc) => doc.broken)
      ? 'template syntax ({{ }}) makes this file invalid YAML until it is rendered'
      : 'template actions ({{ }}) in the YAML structure: not a manifest until it is rendered';
  }
  // Valid YAML: the braces are inside scalars. Block scalars are data (a ConfigMap's files) whatever they hold.
  if (refersToHelmObjects(blankScalars(code, file, ['BLOCK_LITERAL', 'BLOCK_FOLDED'])))
    return 'Helm template syntax ({{ .Values … }}): check the rendered output instead';
  if (folders.length > 0) file.chartFolders = folders;
  return undefined;
}

/** The folders that would be the Helm chart of a file under a `templates/` folder (one per such folder on its path). */
function chartFoldersOf(path: string): string[] {
  const segments = path.replace(/\\/g, '/').split('/');
  const folders: string[] = [];
  for (let i = 0; i < segments.length - 1; i++) {
    if (segments[i] === 'templates') folders.push(segments.slice(0, i).join('/'));
  }
  return folders;
}

/**
 * Whether a template action (`{{ … }}`) refers to one of Helm's own objects. One pass over the text: each
 * action is searched once, up to its `}}` (or the end), so long runs of braces cost linear time.
 */
function refersToHelmObjects(text: string): boolean {
  let open = text.indexOf('{{');
  while (open >= 0) {
    const close = text.indexOf('}}', open + 2);
    if (HELM_OBJECT.test(text.slice(open + 2, close < 0 ? text.length : close))) return true;
    if (close < 0) return false;
    open = text.indexOf('{{', close + 2);
  }
  return false;
}

/**
 * Whether `{{` opens YAML structure rather than sitting inside a scalar: a flow mapping whose text starts
 * with `{{` (`replicas: {{ .Values.n }}` reads as a mapping keyed by a mapping, which no manifest is).
 */
function hasStructurePlaceholder(doc: Document.Parsed, text: string): boolean {
  let found = false;
  visit(doc, {
    Map(_key, node) {
      if (node.flow && node.range && text.startsWith('{{', node.range[0])) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The text with comments blanked (a `#` at a line start or after white space). */
function withoutComments(text: string): string {
  return text.replace(
    /(^|[ \t])#[^\n]*/gm,
    (match, lead: string) => lead + ' '.repeat(match.length - lead.length),
  );
}

/** The text with the scalars of the given styles blanked, keeping every offset. */
function blankScalars(text: string, file: ParsedFile, types: ReadonlyArray<Scalar.Type>): string {
  const spans: Array<[number, number]> = [];
  for (const document of file.documents) {
    visit(document.doc, {
      Scalar(_key, node) {
        if (node.type && types.includes(node.type) && node.range) spans.push([node.range[0], node.range[1]]);
      },
    });
  }
  if (spans.length === 0) return text;
  let result = '';
  let cursor = 0;
  for (const [start, end] of spans.sort((a, b) => a[0] - b[0])) {
    if (start < cursor) continue;
    result += text.slice(cursor, start) + text.slice(start, end).replace(/[^\n]/g, ' ');
    cursor = end;
  }
  return result + text.slice(cursor);
}
