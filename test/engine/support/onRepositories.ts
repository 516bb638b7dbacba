/**
 * Engine properties checked on real repositories: the project's fixtures (test/engine/*.test.ts) and the
 * real-world corpus (test/corpus/engine.test.ts). parseFile parses multi-document text chunk by chunk and
 * reuses the documents of unchanged chunks; the Analyzer re-runs only what an edit touches. Both must give
 * exactly what a fresh whole parse and a fresh analysis give.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  type Document,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  parseAllDocuments,
  visit,
} from 'yaml';
import { allControls } from '../../../server/src/controls';
import { type AnalysisResult, Analyzer, analyze } from '../../../server/src/engine/analyze';
import { defaultSettings } from '../../../server/src/engine/config';
import { isManifestPath, type ParsedFile, parseFile } from '../../../server/src/engine/parse';

const OPTIONS = { prettyErrors: false, uniqueKeys: true, merge: true, strict: false, stringKeys: false };

export function listManifests(directory: string, found: string[] = []): string[] {
  for (const entry of readdirSync(directory).sort()) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) listManifests(path, found);
    else if (isManifestPath(path)) found.push(path);
  }
  return found;
}

/** Every manifest under a folder, by path relative to it. */
export function readManifests(directory: string): Map<string, string> {
  return new Map(
    listManifests(directory).map((path) => [relative(directory, path), readFileSync(path, 'utf8')]),
  );
}

/** Everything a document holds that the engine could read: node types, values, styles, comments, ranges. */
function describeDocument(doc: Document.Parsed): unknown {
  const nodes: unknown[] = [];
  visit(doc, {
    Node(_key, node) {
      const entry: Record<string, unknown> = {
        type: isScalar(node) ? 'scalar' : isAlias(node) ? 'alias' : isMap(node) ? 'map' : 'seq',
        range: node.range,
        anchor: node.anchor,
        tag: node.tag,
        comment: node.comment,
        commentBefore: node.commentBefore,
        spaceBefore: node.spaceBefore,
      };
      if (isScalar(node)) {
        entry.value = typeof node.value === 'symbol' ? String(node.value) : node.value;
        entry.style = node.type;
        entry.source = node.source;
      } else if (isAlias(node)) {
        entry.source = node.source;
      } else if (isCollection(node)) {
        entry.flow = node.flow;
        entry.items = node.items.length;
      }
      nodes.push(entry);
    },
    Pair(_key, pair) {
      if (!isPair(pair)) return;
      nodes.push({ pair: true, keyIsNode: typeof pair.key === 'object' });
    },
  });
  return {
    range: doc.range,
    comment: doc.comment,
    commentBefore: doc.commentBefore,
    docStart: doc.directives?.docStart,
    errors: doc.errors.map((error) => [error.code, error.message, error.pos]),
    warnings: doc.warnings.map((warning) => [warning.code, warning.message, warning.pos]),
    nodes,
  };
}

function describeFile(file: ParsedFile): unknown {
  return {
    documents: file.documents.map((document) => ({
      index: document.index,
      start: document.start,
      end: document.end,
      broken: document.broken,
      doc: describeDocument(document.doc),
    })),
    problems: file.problems,
    skipped: file.skipped,
  };
}

/** What parsing the whole text gives, the way parseFile did before it parsed by chunks. */
function wholeParse(text: string): unknown[] {
  const docs = parseAllDocuments(text.replace(/^\uFEFF/, ''), OPTIONS) as Document.Parsed[];
  return (Array.isArray(docs) ? docs : [docs]).map(describeDocument);
}

/** parseFile by chunks gives, for each text, the documents a whole parse gives. */
export function assertChunkedParseIsWholeParse(texts: ReadonlyMap<string, string>): void {
  for (const [name, text] of texts) {
    const file = parseFile(/\.(json|ya?ml)$/.test(name) ? name : `${name}.yaml`, text);
    if (file.skipped) continue;
    assert.deepEqual(
      file.documents.map((document) => describeDocument(document.doc)),
      wholeParse(text),
      name,
    );
  }
}

/** Edits a person makes to a multi-document file, each of which must change it. */
export const BUFFER_EDITS: ReadonlyArray<[string, (text: string) => string]> = [
  ['a keystroke in one document', (text) => text.replace(/replicas: \d+/, 'replicas: 12')],
  ['a comment on top moves everything', (text) => `# a comment on top\n${text}`],
  ['a document added', (text) => text.replace(/\n---\n/, '\n---\nkind: Inserted\n---\n')],
  ['a syntax error', (text) => text.replace('kind: Service', 'kind: [Service')],
  ['fixed again', (text) => text.replace('kind: [Service', 'kind: Service')],
  ['every chunk changes', (text) => text.replace(/---\n/g, '---\r\n')],
  ['cut in the middle', (text) => text.slice(0, Math.floor(text.length / 2))],
  ['a marker at the end', (text) => `${text}\n---\n`],
];

/** Each edit parsed with the previous version gives what a fresh parse of the edited text gives. */
export function assertReparseIsFreshParse(path: string, base: string): void {
  let text = base;
  let previous = parseFile(path, text);
  for (const [name, edit] of BUFFER_EDITS) {
    const edited = edit(text);
    assert.notEqual(edited, text, `${path}: "${name}" does not change the file`);
    text = edited;
    const incremental = parseFile(path, text, previous);
    assert.deepEqual(describeFile(incremental), describeFile(parseFile(path, text)), name);
    previous = incremental;
  }
}

/**
 * An edited buffer analysed incrementally equals a fresh analysis; an edit inside one document re-runs
 * fewer than a fifth of the checks (the file needs five or more workload documents).
 */
export function assertEditedBufferIsFreshAnalysis(path: string, base: string): void {
  const IGNORE = '# kube-maturity-ignore run-as-root: moved everything down a line\n';
  const edits: Array<[string, (text: string) => string, 'local' | 'moves']> = [
    ['replicas changed', (t) => t.replace(/replicas: \d+/, 'replicas: 3'), 'local'],
    ['an ignore comment on top', (t) => `${IGNORE}${t}`, 'moves'],
    ['a CPU request changed', (t) => t.replace(/cpu: "?(\d+)m"?/, 'cpu: 2$1m'), 'local'],
    ['the ignore comment removed', (t) => t.replace(IGNORE, ''), 'moves'],
  ];
  let text = base;
  const analyzer = new Analyzer(defaultSettings(), allControls, { lazyFixes: true });
  let file = parseFile(path, text);
  analyzer.setFile(file);
  analyzer.run();
  const full = analyzer.lastRunChecks;
  // The lazy analyzer computes fixes when asked; the fresh one gives them with the findings.
  const comparable = (result: AnalysisResult, from: Analyzer) =>
    result.findings.map((finding) => {
      const { fix, withheld } = from.fixOf(finding);
      return { ...finding, fix, fixWithheld: withheld };
    });
  for (const [name, edit, reach] of edits) {
    const edited = edit(text);
    assert.notEqual(edited, text, `${path}: "${name}" does not change the file`);
    text = edited;
    file = parseFile(path, text, file);
    analyzer.setFile(file);
    const incremental = analyzer.run();
    if (reach === 'local')
      assert.ok(analyzer.lastRunChecks * 5 < full, `${name}: ${analyzer.lastRunChecks} of ${full}`);
    const freshAnalyzer = new Analyzer(defaultSettings(), allControls);
    freshAnalyzer.setFile(parseFile(path, text));
    const fresh = freshAnalyzer.run();
    assert.deepEqual(comparable(incremental, analyzer), comparable(fresh, freshAnalyzer), name);
    assert.deepEqual(incremental.tallies, fresh.tallies, name);
    assert.deepEqual(incremental.breakdown, fresh.breakdown, name);
    assert.deepEqual(incremental.problems, fresh.problems, name);
  }
}

/** Findings, tallies and the checks by namespace and folder as comparable text. */
export function summary(result: AnalysisResult): {
  findings: string[];
  tallies: string[];
  breakdown: string;
} {
  return {
    findings: result.findings.map(
      (f) =>
        `${f.file}:${f.range?.start.line}:${f.range?.start.character} ${f.control} ${f.severity} ${f.exempt ? 'exempt' : ''} ${f.message}`,
    ),
    tallies: result.tallies.map((t) => JSON.stringify(t)),
    breakdown: JSON.stringify(result.breakdown),
  };
}

export interface WorkspaceEdits {
  /** Paths relative to the folder, each with the change made to it. */
  changes: Array<[string, (text: string) => string]>;
  removed: string;
  /** At most this share of the checks runs again. */
  rerunShare: number;
}

/**
 * After edits across a folder (and a file removed), the incremental analysis equals a fresh analysis of
 * the same files, re-running at most the given share of the checks. Returns the checks re-run and in all.
 */
export function assertWorkspaceEditsAreFreshAnalysis(
  directory: string,
  edits: WorkspaceEdits,
): { rerun: number; full: number } {
  const texts = readManifests(directory);
  const analyzer = new Analyzer(defaultSettings(), allControls);
  for (const [path, text] of texts) analyzer.setFile(parseFile(path, text));
  analyzer.run();
  const full = analyzer.lastRunChecks;
  for (const [path, change] of edits.changes) {
    const before = texts.get(path);
    assert.ok(before !== undefined, `${path} not found`);
    const after = change(before);
    assert.notEqual(after, before, `${path}: the change changes nothing`);
    texts.set(path, after);
    analyzer.setFile(parseFile(path, after));
  }
  assert.ok(texts.delete(edits.removed), `${edits.removed} not found`);
  analyzer.removeFile(edits.removed);
  const incremental = analyzer.run();
  const fresh = analyze(
    [...texts].map(([path, text]) => parseFile(path, text)),
    defaultSettings(),
    allControls,
  );
  assert.deepEqual(summary(incremental), summary(fresh));
  assert.ok(
    analyzer.lastRunChecks <= full * edits.rerunShare,
    `${analyzer.lastRunChecks} checks re-run of ${full}`,
  );
  return { rerun: analyzer.lastRunChecks, full };
}
