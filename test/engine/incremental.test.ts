import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allControls } from '../../server/src/controls';
import { Analyzer, analyze } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/config';
import { defineControl } from '../../server/src/engine/control';
import { parseFile } from '../../server/src/engine/parse';
import { checkWorkspace } from '../../server/src/engine/workspace';
import { jsonReportText } from '../../server/src/report/json';
import { FIXTURE_REPOS } from '../support/paths';
import { assertWorkspaceEditsAreFreshAnalysis, readManifests, summary } from './support/onRepositories';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: cart}
  template:
    metadata:
      labels: {app: cart}
    spec:
      containers:
        - name: cart
          image: cart:1.0
`;
const PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: cart
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: cart}
`;

describe('Analyzer (incremental)', () => {
  it('a PodDisruptionBudget added in another file clears missing-pdb, re-running only what depends on it', () => {
    const analyzer = new Analyzer(defaultSettings(), allControls);
    analyzer.setFile(parseFile('deploy.yaml', DEPLOYMENT));
    analyzer.setFile(
      parseFile(
        'other.yaml',
        DEPLOYMENT.replace(/cart/g, 'web').replace('namespace: shop', 'namespace: blog'),
      ),
    );
    const first = analyzer.run();
    assert.ok(first.findings.some((f) => f.control === 'missing-pdb' && f.file === 'deploy.yaml'));
    const fullChecks = analyzer.lastRunChecks;

    analyzer.setFile(parseFile('pdb.yaml', PDB));
    const second = analyzer.run();
    assert.ok(!second.findings.some((f) => f.control === 'missing-pdb' && f.file === 'deploy.yaml'));
    assert.ok(
      second.findings.some((f) => f.control === 'missing-pdb' && f.file === 'other.yaml'),
      'the other namespace is untouched',
    );
    assert.ok(
      analyzer.lastRunChecks < fullChecks,
      `${analyzer.lastRunChecks} checks re-run of ${fullChecks}`,
    );
    assert.deepEqual(
      summary(second),
      summary(
        analyze(
          [
            parseFile('deploy.yaml', DEPLOYMENT),
            parseFile(
              'other.yaml',
              DEPLOYMENT.replace(/cart/g, 'web').replace('namespace: shop', 'namespace: blog'),
            ),
            parseFile('pdb.yaml', PDB),
          ],
          defaultSettings(),
          allControls,
        ),
      ),
    );

    analyzer.removeFile('pdb.yaml');
    assert.ok(analyzer.run().findings.some((f) => f.control === 'missing-pdb' && f.file === 'deploy.yaml'));
  });

  it('a check that did not apply runs again when what it read changes (a Service now serves the workload)', () => {
    const analyzer = new Analyzer(defaultSettings(), allControls);
    analyzer.setFile(parseFile('deploy.yaml', DEPLOYMENT.replace('  replicas: 2\n', '')));
    assert.ok(
      !analyzer.run().findings.some((f) => f.control === 'missing-autoscaler'),
      'not served: not applicable',
    );
    analyzer.setFile(
      parseFile(
        'svc.yaml',
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: cart\n  namespace: shop\nspec:\n  selector: {app: cart}\n',
      ),
    );
    assert.ok(
      analyzer.run().findings.some((f) => f.control === 'missing-autoscaler' && f.file === 'deploy.yaml'),
    );
  });

  it("after edits across the project's fixtures, equals a fresh analysis of the same files, with far fewer checks", () => {
    const { rerun, full } = assertWorkspaceEditsAreFreshAnalysis(FIXTURE_REPOS, {
      changes: [
        ['bookshop-release/release.yaml', (text) => text.replace('replicas: 1', 'replicas: 3')],
        [
          'storefront/deploy/catalog.yaml',
          (text) =>
            text.replace(/app.kubernetes.io\/instance: catalog/g, 'app.kubernetes.io/instance: catalog-2'),
        ],
        [
          'storefront/deploy/checkout.yaml',
          (text) => `${text}---\n${PDB.replace(/cart/g, 'checkout').replace('shop', 'storefront')}`,
        ],
        ['legacy-apis/apps/billing.yaml', () => 'apiVersion: v1\nkind: Pod\nmetadata: [broken\n'],
      ],
      removed: 'storefront/deploy/frontend.yaml',
      // Five changes are a larger share of 60 files than of the corpus (test/corpus/engine.test.ts: 0.2).
      rerunShare: 0.4,
    });
    console.log(`incremental: ${rerun} of ${full} checks re-run after 5 file changes`);
  });
});

describe('an analysis result', () => {
  it('read after later runs, holds the findings of its own run (each run changed, moved, re-ran, dropped checks)', () => {
    const texts = readManifests(FIXTURE_REPOS);
    const analyzer = new Analyzer(defaultSettings(), allControls, { lazyFixes: true });
    for (const [path, text] of texts) analyzer.setFile(parseFile(path, text, undefined));
    const steps: Array<[string, (text: string | undefined) => string | undefined]> = [
      // Its second document moves down a line, unchanged: its parse and checks are taken over, the
      // nodes the earlier results' objects share move with it.
      ['storefront/deploy/workers.yaml', (text) => `# moved\n${text}`],
      // A file ending in `...` is parsed whole again.
      ['storefront/deploy/catalog.yaml', (text) => `# moved\n${text}`],
      // A PodDisruptionBudget in another file: checks of the Deployment that read it run again.
      [
        'storefront/deploy/checkout.yaml',
        (text) => `${text}---\n${PDB.replace(/cart/g, 'checkout').replace('shop', 'storefront')}`,
      ],
      ['bookshop-release/release.yaml', (text) => text?.replace('replicas: 1', 'replicas: 3')],
      ['legacy-apis/apps/billing.yaml', () => 'apiVersion: v1\nkind: Pod\nmetadata: [broken\n'],
      ['storefront/deploy/frontend.yaml', () => undefined],
      ['storefront/deploy/catalog.yaml', (text) => text?.replace('# moved\n', '')],
    ];
    const runs = [{ result: analyzer.run(), files: new Map(texts) }];
    const fixable = (control: string) =>
      allControls.some((candidate) => candidate.meta.id === control && candidate.meta.fix !== 'none');
    const movedFinding = runs[0].result.findings.find(
      (finding) =>
        finding.file === 'storefront/deploy/workers.yaml' &&
        (finding.range?.start.line ?? 0) > 32 &&
        !finding.exempt &&
        fixable(finding.control),
    );
    assert.ok(movedFinding, 'a finding with a fix in the second document of workers.yaml');
    let takenOver = 0;
    for (const [path, change] of steps) {
      const after = change(texts.get(path));
      assert.notEqual(after, texts.get(path), `${path}: the change changes nothing`);
      if (after === undefined) {
        texts.delete(path);
        analyzer.removeFile(path);
      } else {
        texts.set(path, after);
        const previous = analyzer.getFile(path);
        const parsed = parseFile(path, after, previous);
        for (const document of parsed.documents)
          if (previous?.documents.some((old) => old.doc === document.doc && old.start !== document.start))
            takenOver++;
        analyzer.setFile(parsed);
      }
      runs.push({ result: analyzer.run(), files: new Map(texts) });
    }
    assert.ok(takenOver > 0, 'a document was moved and taken over');
    // Read last first: every earlier result is read after every later run.
    for (const { result, files } of runs.reverse()) {
      const fresh = analyze(
        [...files].map(([path, text]) => parseFile(path, text)),
        defaultSettings(),
        allControls,
      );
      assert.deepEqual(summary(result), summary(fresh));
    }
    const [last] = runs;
    // The first result's text is gone: its fix is withheld rather than made at the moved nodes.
    const firstAgain = runs[runs.length - 1].result.findings.find(
      (finding) =>
        finding.control === movedFinding.control &&
        finding.file === movedFinding.file &&
        finding.range?.start.line === movedFinding.range?.start.line,
    )!;
    assert.match(analyzer.fixOf(firstAgain).withheld ?? '', /changed since this analysis/);
    assert.notEqual(
      last.result.findings[0],
      last.result.findings[0],
      'made anew on each read, kept by nobody',
    );
    assert.deepEqual(last.result.findings[0], last.result.findings[0]);
  });
});

describe('a control that throws', () => {
  it('costs only that control: reported once with its id, the others still report', () => {
    const broken = defineControl({
      meta: { ...allControls[0].meta, id: 'broken-control', scope: 'container' as const, kinds: undefined },
      check() {
        throw new Error('boom');
      },
    });
    const cpu = allControls.find((control) => control.meta.id === 'missing-cpu-request')!;
    const analyzer = new Analyzer(defaultSettings(), [broken as never, cpu]);
    analyzer.setFile(parseFile('deploy.yaml', DEPLOYMENT));
    analyzer.setFile(parseFile('other.yaml', DEPLOYMENT.replace(/cart/g, 'web')));
    const result = analyzer.run();
    assert.deepEqual(result.controlFailures, [
      { control: 'broken-control', message: 'control broken-control failed: boom' },
    ]);
    assert.equal(result.findings.filter((f) => f.control === 'missing-cpu-request').length, 2);
  });
  it('a fix that throws while a one-run report makes its findings is reported after them', () => {
    const cpu = allControls.find((control) => control.meta.id === 'missing-cpu-request')!;
    const brokenFix = defineControl({
      ...cpu,
      meta: { ...cpu.meta, id: 'broken-fix' },
      fix() {
        throw new Error('bad edit');
      },
    } as never);
    const result = checkWorkspace([{ path: 'deploy.yaml', text: DEPLOYMENT }], {
      settings: defaultSettings(),
      controls: [brokenFix as never, cpu],
    });
    const report = JSON.parse([...jsonReportText(result, '0.0.0')].join(''));
    const broken = report.findings.filter((finding: { control: string }) => finding.control === 'broken-fix');
    assert.equal(broken.length, 1);
    assert.equal(broken[0].fix, undefined);
    assert.deepEqual(report.controlFailures, [
      { control: 'broken-fix', message: 'fix of broken-fix failed: bad edit' },
    ]);
  });
});
