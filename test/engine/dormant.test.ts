/**
 * The language server holds the files that are not open as text (dormantFiles.ts): an analyzer doing so
 * reports, fixes and re-runs exactly what one holding every parse does, reads the findings of such files
 * without parsing them, and lets their parse go once the run that checked them is done.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setImmediate } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generateUnhardenedWorkspace, generateWorkspace } from '../../bench/generate';
import { allControls } from '../../server/src/controls';
import { type AnalysisResult, Analyzer, type Finding } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/config';
import { DormantFile, dormantOf } from '../../server/src/engine/dormantFiles';
import { parseFile } from '../../server/src/engine/parse';
import { type SourceFile, summarize } from '../../server/src/engine/workspace';
import { buildJsonReport } from '../../server/src/report/json';
import { renderText } from '../../server/src/report/text';
import { PROJECT_ROOT } from '../support/paths';
import { generated, sourcesUnder } from '../support/workspaceSources';

const settings = defaultSettings();

/** What a user sees of an analysis: the JSON and text reports, and every finding's fix or why none. */
function seen(analyzer: Analyzer, result: AnalysisResult = analyzer.run()): unknown {
  const summary = summarize(result, { settings, controls: allControls });
  const findings: Finding[] = [...result.findings];
  return {
    json: buildJsonReport(summary, '0.0.0'),
    text: renderText(summary, { color: false, showExempt: true }),
    fixes: findings.map((finding) => analyzer.fixOf(finding)),
  };
}

function analyzerOf(files: ReadonlyMap<string, string>, keepParsed?: (path: string) => boolean): Analyzer {
  const analyzer = new Analyzer(settings, allControls, { lazyFixes: true, keepParsed });
  for (const [path, text] of files) analyzer.setFile(parseFile(path, text));
  return analyzer;
}

/** Counts the parses dormant files make while `read` runs. */
function parsesDuring(read: () => void): number {
  const original = DormantFile.prototype.parse;
  let parses = 0;
  DormantFile.prototype.parse = function (this: DormantFile) {
    parses++;
    return original.call(this);
  };
  try {
    read();
  } finally {
    DormantFile.prototype.parse = original;
  }
  return parses;
}

const workspaces: Array<[string, () => SourceFile[]]> = [
  [
    'every test fixture as one workspace',
    () => sourcesUnder(join(PROJECT_ROOT, 'test/fixtures'), 'fixtures'),
  ],
  ['a generated hardened workspace', () => generated(generateWorkspace, 200, 'ws')],
  ['a generated unhardened workspace', () => generated(generateUnhardenedWorkspace, 120, 'ws')],
];

describe('an analyzer holding the files that are not open as text', () => {
  for (const [name, sourcesOf] of workspaces) {
    it(`reports, fixes and re-runs what an analyzer holding every parse does: ${name}`, () => {
      const files = new Map(sourcesOf().map((source) => [source.path, source.text]));
      const paths = [...files.keys()].sort();
      const open = new Set(paths.filter((_, position) => position % 7 === 0));
      const dormant = analyzerOf(files, (path) => open.has(path));
      const expected = () => seen(analyzerOf(files));

      const first = dormant.run();
      const textOnly = paths.filter((path) => dormantOf(dormant.getFile(path)!));
      assert.ok(textOnly.length > paths.length / 2, `${textOnly.length} of ${paths.length} held as text`);
      assert.ok(
        [...open].every((path) => !dormantOf(dormant.getFile(path)!)),
        'an open file stays parsed',
      );
      // Its findings (and the reports) are made from what the checks kept: no file is parsed for them.
      let findings: Finding[] = [];
      assert.equal(
        parsesDuring(() => {
          findings = [...first.findings];
          renderText(summarize(first, { settings, controls: allControls }), { color: false });
        }),
        0,
      );
      assert.ok(findings.some((finding) => finding.file && textOnly.includes(finding.file)));
      assert.deepEqual(seen(dormant, first), expected());

      // Edits: a closed file changed on disk, a file opened (typed in), closed again, a file removed, a
      // PodDisruptionBudget added beside workloads held as text.
      const edits: Array<[string, () => void]> = [];
      const closed = textOnly.find((path) => /replicas: \d/.test(files.get(path)!));
      if (closed)
        edits.push([
          `${closed} changed on disk`,
          () => {
            files.set(closed, files.get(closed)!.replace(/replicas: \d+/, 'replicas: 1'));
            dormant.setFile(parseFile(closed, files.get(closed)!));
          },
        ]);
      const typedIn = textOnly.find((path) => /kind: Deployment/.test(files.get(path)!)) ?? textOnly[0];
      edits.push(
        [
          `${typedIn} opened and typed in`,
          () => {
            open.add(typedIn);
            files.set(typedIn, `${files.get(typedIn)!}\n`);
            dormant.setFile(parseFile(typedIn, files.get(typedIn)!, dormant.getFile(typedIn)));
            assert.ok(!dormantOf(dormant.getFile(typedIn)!));
          },
        ],
        [
          `${typedIn} typed in again`,
          () => {
            files.set(typedIn, files.get(typedIn)!.replace(/image: ([^\s:]+):?\S*/, 'image: $1:latest'));
            dormant.setFile(parseFile(typedIn, files.get(typedIn)!, dormant.getFile(typedIn)));
          },
        ],
        [
          `${typedIn} closed`,
          () => {
            open.delete(typedIn);
            dormant.setFile(parseFile(typedIn, files.get(typedIn)!));
            assert.ok(dormantOf(dormant.getFile(typedIn)!));
          },
        ],
        [
          `${textOnly[1]} removed`,
          () => {
            files.delete(textOnly[1]);
            dormant.removeFile(textOnly[1]);
          },
        ],
        [
          'a PodDisruptionBudget for every app of a namespace added',
          () => {
            const namespace = /namespace: (\S+)/.exec(files.get(typedIn)!)?.[1] ?? 'default';
            const text = `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: everything\n  namespace: ${namespace}\nspec:\n  maxUnavailable: 1\n  selector: {}\n`;
            files.set('ws/zz-pdb.yaml', text);
            dormant.setFile(parseFile('ws/zz-pdb.yaml', text));
          },
        ],
      );
      for (const [edit, apply] of edits) {
        apply();
        assert.deepEqual(seen(dormant), expected(), `after ${edit}`);
      }
    });
  }

  it('lets go of the parse of a closed file once the run that checked it is done', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\n  namespace: shop\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: cart}}\n  template:\n    metadata: {labels: {app: cart}}\n    spec:\n      containers:\n        - name: cart\n          image: cart:1.0\n';
    const open = new Set(['open.yaml']);
    const analyzer = new Analyzer(settings, allControls, {
      lazyFixes: true,
      keepParsed: (path) => open.has(path),
    });
    // The open file in a namespace of its own; the closed ones in another, one of them declaring its
    // Deployment twice.
    const textOf = (path: string) => {
      const one = text.replace('name: cart', `name: cart-${path.length}`);
      if (path === 'open.yaml') return one.replace('namespace: shop', 'namespace: blog');
      return path === 'twice.yaml' ? `${one}---\n${one}` : one;
    };
    const parses = ['open.yaml', 'closed.yaml', 'twice.yaml'].map((path) => {
      const parsed = parseFile(path, textOf(path));
      analyzer.setFile(parsed);
      return new WeakRef(parsed.documents[0].doc);
    });
    const result = analyzer.run();
    assert.ok(result.findings.some((finding) => finding.file === 'closed.yaml' && !finding.exempt));
    // What a job made or read through a WeakRef lives until the job ends.
    await setImmediate();
    gc();
    assert.ok(parses[0].deref(), 'the open file stays parsed');
    assert.equal(parses[1].deref(), undefined, 'the closed file is held as text');
    // What it held is still there: its text, its findings, and a fix made from a new parse of it.
    const finding = result.findings.find(
      (found) => found.file === 'closed.yaml' && analyzer.fixOf(found).fix,
    );
    assert.ok(finding, 'a fix of the closed file');
    assert.equal(analyzer.getFile('closed.yaml')!.text.includes('-11'), true);
    // Typing in the open file after the closed files' parses are gone: the run reads none of their nodes
    // (a namespace's anchor, the order of an object declared twice: from the summaries).
    await setImmediate();
    gc();
    const typed = analyzer.getFile('open.yaml')!;
    const next = parseFile('open.yaml', typed.text.replace('replicas: 2', 'replicas: 3'), typed);
    let typedResult: AnalysisResult | undefined;
    assert.equal(
      parsesDuring(() => {
        analyzer.setFile(next);
        typedResult = analyzer.run();
      }),
      0,
    );
    assert.ok(typedResult!.findings.some((found) => found.control === 'duplicate-object'));
  });
});
