import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allControls } from '../../server/src/controls';
import { type AnalysisResult, Analyzer, analyze } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/config';
import { extractObjects } from '../../server/src/engine/model';
import { ObjectIndex } from '../../server/src/engine/objectIndex';
import { parseFile } from '../../server/src/engine/parse';

const deployment = (labels: string) => `apiVersion: apps/v1
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
      labels: {${labels}}
    spec:
      containers:
        - name: cart
          image: cart:1.0
          ports: [{name: http, containerPort: 8080}]
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  selector: {app: cart, tier: backend}
  ports: [{port: 80, targetPort: http}]
`;
const BACKEND = deployment('app: cart, tier: backend');
const FRONTEND = deployment('app: cart, tier: frontend');

function summary(result: AnalysisResult): string[] {
  return [
    ...result.findings.map(
      (f) =>
        `${f.file}:${f.range?.start.line}:${f.range?.start.character} ${f.control} ${f.exempt ? 'exempt' : ''} ${f.message}`,
    ),
    ...result.tallies.map((t) => JSON.stringify(t)),
  ];
}

/** Applies changes to an incremental analyzer and checks it against a fresh analysis of the same files. */
class Workspace {
  readonly files = new Map<string, string>();
  readonly analyzer = new Analyzer(defaultSettings(), allControls);

  set(path: string, text: string): this {
    this.files.set(path, text);
    this.analyzer.setFile(parseFile(path, text));
    return this;
  }

  remove(path: string): this {
    this.files.delete(path);
    this.analyzer.removeFile(path);
    return this;
  }

  check(label: string): AnalysisResult {
    const incremental = this.analyzer.run();
    const fresh = analyze(
      [...this.files].map(([path, text]) => parseFile(path, text)),
      defaultSettings(),
      allControls,
    );
    assert.deepEqual(summary(incremental), summary(fresh), label);
    return incremental;
  }
}

const selectsNothing = (result: AnalysisResult) =>
  result.findings.filter((finding) => finding.control === 'service-selects-nothing').length;
const duplicates = (result: AnalysisResult) =>
  result.findings.filter((finding) => finding.control === 'duplicate-object').map((finding) => finding.file);

describe('objects declared more than once', () => {
  it('the index shows the first declaration only (by file path, then position); declarationsOf lists them all', () => {
    const later = extractObjects(parseFile('b.yaml', FRONTEND))[0];
    const first = extractObjects(parseFile('a.yaml', BACKEND))[0];
    const index = ObjectIndex.of([later, first]);
    assert.deepEqual(index.ofKind('Deployment'), [first]);
    assert.deepEqual(index.inNamespace('Deployment', 'shop'), [first]);
    assert.deepEqual(index.workloads('shop'), [first]);
    assert.deepEqual(index.podTemplates(), [first]);
    assert.deepEqual(index.objects, [first]);
    assert.deepEqual(index.declarationsOf(later), [first, later]);
    assert.ok(index.hasCopies(later));

    // In different kustomizations they are different objects: both are seen.
    const layered = ObjectIndex.of(
      [
        extractObjects(parseFile('base/cart.yaml', BACKEND))[0],
        extractObjects(parseFile('overlays/prod/cart.yaml', FRONTEND))[0],
      ],
      new Set(['base', 'overlays/prod']),
    );
    assert.equal(layered.ofKind('Deployment').length, 2);
  });

  it('cross-resource controls do not count a copy twice (a message names the selected workload once)', () => {
    const portControl = allControls.find((control) => control.meta.id === 'service-target-port-not-found')!;
    const service = SERVICE.replace('targetPort: http', 'targetPort: metrics');
    const result = analyze(
      [parseFile('svc.yaml', service), parseFile('a.yaml', BACKEND), parseFile('b.yaml', BACKEND)],
      defaultSettings(),
      [portControl],
    );
    assert.deepEqual(
      result.findings.map((finding) => finding.message),
      [
        'Service shop/cart: targetPort "metrics" matches no container port name of the selected pods (Deployment shop/cart)',
      ],
    );
  });

  it('incrementally: a copy added before the first, moved, removed, or set apart by a kustomization, as a fresh analysis', () => {
    const workspace = new Workspace().set('svc.yaml', SERVICE).set('m/cart.yaml', BACKEND);
    assert.equal(selectsNothing(workspace.check('start')), 0);

    // A copy in a file that sorts first: the index now shows it, and its labels do not match.
    let result = workspace.set('a/cart.yaml', FRONTEND).check('copy added first');
    assert.equal(selectsNothing(result), 1);
    assert.deepEqual(duplicates(result), ['m/cart.yaml']);

    // Both copies in one file, then swapped: the first one is the one the index shows.
    workspace.remove('a/cart.yaml').set('m/cart.yaml', `${FRONTEND}---\n${BACKEND}`);
    assert.equal(selectsNothing(workspace.check('two in one file')), 1);
    workspace.set('m/cart.yaml', `${BACKEND}---\n${FRONTEND}`);
    assert.equal(selectsNothing(workspace.check('swapped')), 0);

    // A kustomization in a folder of its own sets its declarations apart from the others.
    workspace
      .set('m/cart.yaml', BACKEND)
      .set('k/cart.yaml', FRONTEND)
      .set(
        'a/svc.yaml',
        SERVICE.replace('name: cart', 'name: cart-frontend').replace('tier: backend', 'tier: frontend'),
      );
    result = workspace.check('a copy in k/');
    assert.deepEqual(duplicates(result), ['m/cart.yaml']);
    assert.equal(selectsNothing(result), 1);
    result = workspace
      .set('k/kustomization.yaml', 'resources:\n  - cart.yaml\n')
      .check('k/ is a kustomization');
    assert.deepEqual(duplicates(result), []);
    assert.equal(selectsNothing(result), 0);
    result = workspace.remove('k/kustomization.yaml').check('k/ is a plain folder again');
    assert.deepEqual(duplicates(result), ['m/cart.yaml']);

    // The first declaration removed: the other one is shown, and is no longer a copy.
    result = workspace.remove('k/cart.yaml').check('first removed');
    assert.deepEqual(duplicates(result), []);
    assert.equal(selectsNothing(result), 1);
  });
});
