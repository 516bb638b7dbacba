import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { allControls } from '../../server/src/controls';
import { type AnalysisResult, Analyzer, analyze } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/config';
import { defineControl } from '../../server/src/engine/control';
import { isManifestPath, parseFile } from '../../server/src/engine/parse';
import { CORPUS } from '../support/paths';

function listManifests(directory: string, found: string[] = []): string[] {
  for (const entry of readdirSync(directory).sort()) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) listManifests(path, found);
    else if (isManifestPath(path)) found.push(path);
  }
  return found;
}

/** Findings and tallies as comparable text. */
function summary(result: AnalysisResult): { findings: string[]; tallies: string[] } {
  return {
    findings: result.findings.map(
      (f) =>
        `${f.file}:${f.range?.start.line}:${f.range?.start.character} ${f.control} ${f.severity} ${f.exempt ? 'exempt' : ''} ${f.message}`,
    ),
    tallies: result.tallies.map((t) => JSON.stringify(t)),
  };
}

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

  it('after edits across the corpus, equals a fresh analysis of the same files, with far fewer checks', () => {
    const paths = listManifests(CORPUS);
    const texts = new Map(paths.map((path) => [relative(CORPUS, path), readFileSync(path, 'utf8')]));
    const analyzer = new Analyzer(defaultSettings(), allControls);
    for (const [path, text] of texts) analyzer.setFile(parseFile(path, text));
    analyzer.run();
    const fullChecks = analyzer.lastRunChecks;

    const edits: Array<[string, (text: string) => string]> = [
      [
        'microservices-demo/release/kubernetes-manifests.yaml',
        (text) => text.replace('replicas: 1', 'replicas: 3'),
      ],
      [
        'microservices-demo/kubernetes-manifests/cartservice.yaml',
        (text) => text.replace(/app: redis-cart/g, 'app: redis-basket'),
      ],
      [
        'argocd-example-apps/guestbook/guestbook-ui-svc.yaml',
        (text) => `${text}---\n${PDB.replace(/cart/g, 'guestbook-ui').replace('namespace: shop\n', '')}`,
      ],
      [
        'examples/web/guestbook/frontend-deployment.yaml',
        () => 'apiVersion: v1\nkind: Pod\nmetadata: [broken\n',
      ],
    ];
    for (const [path, change] of edits) {
      assert.ok(texts.has(path), path);
      texts.set(path, change(texts.get(path)!));
      analyzer.setFile(parseFile(path, texts.get(path)!));
    }
    analyzer.removeFile('argocd-example-apps/guestbook/guestbook-ui-deployment.yaml');
    texts.delete('argocd-example-apps/guestbook/guestbook-ui-deployment.yaml');
    const incremental = analyzer.run();
    const fresh = analyze(
      [...texts].map(([path, text]) => parseFile(path, text)),
      defaultSettings(),
      allControls,
    );
    assert.deepEqual(summary(incremental), summary(fresh));
    assert.ok(
      analyzer.lastRunChecks * 5 < fullChecks,
      `${analyzer.lastRunChecks} checks re-run of ${fullChecks}`,
    );
    console.log(`incremental: ${analyzer.lastRunChecks} of ${fullChecks} checks re-run after 5 file changes`);
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
});
