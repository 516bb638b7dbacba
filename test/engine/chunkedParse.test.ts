import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
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
import { allControls } from '../../server/src/controls';
import { type AnalysisResult, Analyzer, analyze } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/config';
import { isManifestPath, type ParsedFile, parseFile } from '../../server/src/engine/parse';
import { CORPUS } from '../support/paths';

/**
 * parseFile parses multi-document text chunk by chunk, and reuses the documents of unchanged chunks from
 * the previous version of a file: both must give exactly what parsing the whole text gives.
 */

const OPTIONS = { prettyErrors: false, uniqueKeys: true, merge: true, strict: false, stringKeys: false };

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

function listManifests(directory: string, found: string[] = []): string[] {
  for (const entry of readdirSync(directory).sort()) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) listManifests(path, found);
    else if (isManifestPath(path)) found.push(path);
  }
  return found;
}

const EDGE_CASES: Record<string, string> = {
  'comment before the first marker': '# header\n# more\n\n---\napiVersion: v1\nkind: A\n---\nkind: B\n',
  'content before the first marker': 'kind: A\n---\nkind: B\n',
  'starts with a marker': '---\nkind: A\n---\nkind: B\n',
  'empty documents': '---\n---\n# only a comment\n---\nkind: B\n---\n',
  'comments between documents': 'kind: A\n# trailing\n\n# more\n---\n# leading\nkind: B # end\n# last\n',
  'marker with content on its line': '--- {kind: A}\n--- !!map\nkind: B\n--- |\n  text\n---\n- a\n',
  'block scalar at the top level': '--- |\nline\n---\nkind: B\n',
  'block scalar cut by a marker': 'a: |\n  one\n---\nkind: B\n',
  'markers that are not markers': 'a: ---\nb: "---"\nc:\n  ---x: 1\n---x: 2\n',
  'CRLF line endings': 'kind: A\r\n---\r\nkind: B\r\n# c\r\n---\r\n',
  'anchors and aliases': 'base: &b {x: 1}\nuse: *b\n---\nother: &o [1]\nagain: *o\nmerge:\n  <<: *o\n',
  'a directive': '%YAML 1.2\n---\nkind: A\n...\n---\nkind: B\n',
  'an end marker': 'kind: A\n...\n# after\n---\nkind: B\n',
  'a syntax error in one document': 'kind: A\n---\nkind: [B\n---\nkind: C\n',
  'a quoted string cut by a marker': 'a: "one\n---\ntwo"\n---\nkind: C\n',
  'a flow map cut by a marker': 'a: {x: 1,\n---\n  y: 2}\n',
  'duplicate keys': 'a: 1\na: 2\n---\nb: 1\n',
  'tabs and spaces after markers': '---\t\nkind: A\n--- \nkind: B\n---',
  'a byte-order mark': '\uFEFFkind: A\n---\nkind: B\n',
  'lone carriage returns': 'kind: A\r---\rkind: B\r',
  'nothing but comments': '# one\n---\n# two\n',
};

describe('parseFile by chunks', () => {
  it('gives the documents a whole parse gives, for the corpus and edge cases', () => {
    const texts = new Map<string, string>(Object.entries(EDGE_CASES));
    for (const path of listManifests(CORPUS)) texts.set(path, readFileSync(path, 'utf8'));
    for (const [name, text] of texts) {
      const file = parseFile(name.endsWith('.json') ? name : `${name}.yaml`, text);
      if (file.skipped) continue;
      assert.deepEqual(
        file.documents.map((document) => describeDocument(document.doc)),
        wholeParse(text),
        name,
      );
    }
  });

  it('reuses unchanged chunks of the previous version and gives what a fresh parse gives', () => {
    const base = readFileSync(join(CORPUS, 'microservices-demo/release/kubernetes-manifests.yaml'), 'utf8');
    const edits: Array<(text: string) => string> = [
      (text) => text.replace('replicas: 1', 'replicas: 12'), // a keystroke in one document
      (text) => `# a comment on top\n${text}`, // everything moves
      (text) => text.replace(/\n---\n/, '\n---\nkind: Inserted\n---\n'), // a document added
      (text) => text.replace('kind: Service', 'kind: [Service'), // a syntax error
      (text) => text.replace('kind: [Service', 'kind: Service'), // fixed again
      (text) => text.replace(/---\n/g, '---\r\n'), // every chunk changes
      (text) => text.slice(0, Math.floor(text.length / 2)), // cut in the middle
      (text) => `${text}\n---\n`,
    ];
    let text = base;
    let previous = parseFile('m.yaml', text);
    for (const [step, edit] of edits.entries()) {
      text = edit(text);
      const incremental = parseFile('m.yaml', text, previous);
      assert.deepEqual(describeFile(incremental), describeFile(parseFile('m.yaml', text)), `edit ${step}`);
      previous = incremental;
    }
  });

  it('keeps the analysis of an edited buffer equal to a fresh analysis, re-running only the edited document', () => {
    const path = 'microservices-demo/release/kubernetes-manifests.yaml';
    let text = readFileSync(join(CORPUS, path), 'utf8');
    const analyzer = new Analyzer(defaultSettings(), allControls, { lazyFixes: true });
    let file = parseFile(path, text);
    analyzer.setFile(file);
    analyzer.run();
    const full = analyzer.lastRunChecks;
    const comparable = (result: AnalysisResult) =>
      result.findings.map((finding) => ({ ...finding, fix: finding.fix }));
    const edits: Array<(text: string) => string> = [
      (t) => t.replace('replicas: 1', 'replicas: 3'),
      (t) => `# kube-maturity-ignore run-as-root: moved everything down a line\n${t}`,
      (t) => t.replace(/cpu: 100m/, 'cpu: 200m'),
      (t) => t.replace('# kube-maturity-ignore run-as-root: moved everything down a line\n', ''),
    ];
    for (const [step, edit] of edits.entries()) {
      text = edit(text);
      file = parseFile(path, text, file);
      analyzer.setFile(file);
      const incremental = analyzer.run();
      if (step !== 1 && step !== 3)
        assert.ok(analyzer.lastRunChecks * 5 < full, `edit ${step}: ${analyzer.lastRunChecks} of ${full}`);
      const fresh = analyze([parseFile(path, text)], defaultSettings(), allControls);
      assert.deepEqual(comparable(incremental), comparable(fresh), `edit ${step}`);
      assert.deepEqual(incremental.tallies, fresh.tallies, `edit ${step}`);
      assert.deepEqual(incremental.problems, fresh.problems, `edit ${step}`);
    }
  });
});
