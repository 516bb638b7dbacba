import { type Document, isMap, isScalar, parseAllDocuments, type Scalar, visit } from 'yaml';
import { indexAliases } from './nodes';
import { detectLineEnding, type LineEnding, LineIndex, stripBom } from './text';

/** A problem found while reading a file: it is reported to the user, never thrown. */
export interface FileProblem {
  kind: 'syntax' | 'schema' | 'read';
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
}

/** Helm's own objects: only a chart template refers to them, quoted or not. */
const HELM_VALUES = /\{\{-?[^}]*\.(?:Values|Release|Chart|Capabilities|Files|Template)\b/;
/** Template actions that stand for YAML structure; inside strings they are data (alert texts, configs). */
const TEMPLATE_ACTION =
  /\{\{-?\s*(?:include\s|template\s|toYaml|tpl\s|if\s|else|range\s|with\s|end\b|define\s|\$)/;

export function isManifestPath(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path);
}

/** Parses a file into its documents with source ranges; never throws on bad input. */
export function parseFile(path: string, rawText: string): ParsedFile {
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

  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, {
      keepSourceTokens: true,
      prettyErrors: false,
      uniqueKeys: true,
      merge: true,
      strict: false,
      stringKeys: false,
    }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs];
  } catch (error) {
    file.problems.push({ kind: 'syntax', message: `cannot parse: ${(error as Error).message}` });
    return file;
  }

  const hasTemplateBraces = text.includes('{{');
  docs.forEach((doc, index) => {
    const range = doc.range ?? [0, text.length, text.length];
    const broken = doc.errors.length > 0;
    file.documents.push({ index, doc, start: range[0], end: range[2] ?? range[1], broken });
  });

  const templateReason = hasTemplateBraces ? templateSkipReason(path, file, text) : undefined;
  if (templateReason) {
    file.skipped = templateReason;
    file.documents = [];
    return file;
  }

  // A file that does not even mention apiVersion and kind is not a manifest (JSONC settings, CI files):
  // its syntax is not ours to judge.
  const reportSyntax = /\bapiVersion\b/.test(text) && /\bkind\b/.test(text);
  for (const parsed of file.documents) {
    if (parsed.broken && reportSyntax) {
      const error = parsed.doc.errors[0];
      const [start, end] = error.pos;
      file.problems.push({
        kind: 'syntax',
        message: `YAML syntax error: ${firstLine(error.message)}`,
        span: [start, Math.max(end, start)],
      });
    } else if (!parsed.broken) {
      indexAliases(parsed.doc);
    }
  }
  return file;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0];
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Template syntax makes a file something other than the manifests it will become: analysing it would
 * report findings on placeholders. Such files are skipped with the reason, never analysed.
 */
function templateSkipReason(path: string, file: ParsedFile, text: string): string | undefined {
  const inTemplatesDir = /(^|[\\/])templates[\\/]/.test(path);
  const code = withoutComments(text);
  if (inTemplatesDir && code.includes('{{')) {
    return 'Helm chart template ({{ }}): check the rendered output instead (helm template … | kube-maturity check -)';
  }
  if (file.documents.some((doc) => doc.broken)) {
    return code.includes('{{')
      ? 'template syntax ({{ }}) makes this file invalid YAML until it is rendered'
      : undefined;
  }
  const outsideBlocks = blankScalars(code, file, ['BLOCK_LITERAL', 'BLOCK_FOLDED']);
  if (HELM_VALUES.test(outsideBlocks))
    return 'Helm template syntax ({{ .Values … }}): check the rendered output instead';
  const outsideStrings = blankScalars(outsideBlocks, file, ['QUOTE_DOUBLE', 'QUOTE_SINGLE']);
  if (TEMPLATE_ACTION.test(outsideStrings))
    return 'template actions ({{ }}) in the YAML structure: check the rendered output instead';
  if (file.documents.some((doc) => hasPlainPlaceholder(doc.doc))) {
    return 'template placeholders ({{ }}) in values: check the rendered output instead';
  }
  return undefined;
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

/** A placeholder outside quoted strings and block scalars, where it stands for a value or a key. */
function hasPlainPlaceholder(doc: Document.Parsed): boolean {
  let found = false;
  visit(doc, {
    Scalar(_key, node) {
      if (node.type === 'PLAIN' && typeof node.value === 'string' && node.value.includes('{{')) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
    Map(_key, node) {
      if (node.flow && node.items.length === 1) {
        const inner = node.items[0]?.key;
        if (isMap(inner) || (isScalar(inner) && inner.value === null)) {
          found = true;
          return visit.BREAK;
        }
      }
      return undefined;
    },
  });
  return found;
}
