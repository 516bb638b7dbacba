import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allControls } from '../../server/src/controls';
import { analyze } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/config';
import { extractObjects, keysOf } from '../../server/src/engine/model';
import { entries, get, getIn, getPair, stringRecord, toPlain } from '../../server/src/engine/nodes';
import { parseFile } from '../../server/src/engine/parse';

function root(text: string, pastTheBound = false) {
  const file = parseFile('merge.yaml', text);
  assert.deepEqual(
    file.problems.map((problem) => problem.kind),
    pastTheBound ? ['schema'] : [],
  );
  return file.documents[0].doc.contents;
}

const selectorMismatch = allControls.find((control) => control.meta.id === 'selector-mismatch')!;

describe('merge keys', () => {
  it('every reader of mappings sees merged keys; own keys override merged ones, wherever they are written', () => {
    const doc = root(`common: &common {app: web, tier: backend, team: shop}
flow: {<<: *common}
block:
  tier: frontend
  <<: *common
  version: "2"
`);
    assert.deepEqual(stringRecord(get(doc, 'flow')), { app: 'web', tier: 'backend', team: 'shop' });
    assert.deepEqual(stringRecord(get(doc, 'block')), {
      tier: 'frontend',
      version: '2',
      app: 'web',
      team: 'shop',
    });
    assert.deepEqual(
      entries(get(doc, 'block')).map(([key]) => key),
      ['tier', 'version', 'app', 'team'],
    );
    assert.deepEqual(keysOf(get(doc, 'flow') as never), ['app', 'tier', 'team']);
    assert.deepEqual(toPlain(get(doc, 'block')), {
      tier: 'frontend',
      version: '2',
      app: 'web',
      team: 'shop',
    });
  });

  it('a list of aliases merges in order (earlier mappings win), and merged mappings merge in turn', () => {
    const doc = root(`a: &a {x: from-a}
b: &b {x: from-b, y: from-b}
c: &c {<<: *b, z: from-c}
m:
  <<: [*a, *c]
`);
    const m = get(doc, 'm');
    assert.deepEqual(stringRecord(m), { x: 'from-a', z: 'from-c', y: 'from-b' });
    assert.equal(getIn(doc, ['m', 'y'])?.toString(), 'from-b');
  });

  it('a quoted "<<" is an ordinary key', () => {
    const doc = root(`a: &a {x: 1}\nm: {"<<": *a, y: 2}\n`);
    assert.deepEqual(Object.keys(stringRecord(get(doc, 'm'))), ['y']);
    assert.ok(getPair(get(doc, 'm') as never, '<<'));
    assert.equal(get(get(doc, 'm'), 'x'), undefined);
  });

  it('object labels and annotations, and pod template labels, honour merge keys', () => {
    const [deployment] = extractObjects(
      parseFile(
        'deploy.yaml',
        `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &labels
    app.kubernetes.io/name: web
    app.kubernetes.io/part-of: shop
  annotations: {<<: *labels, owner: team-a}
spec:
  selector:
    matchLabels: &selector {app: web}
  template:
    metadata:
      labels:
        <<: [*selector, *labels]
        tier: frontend
    spec:
      containers:
        - name: web
          image: web:1.0
`,
      ),
    );
    assert.deepEqual(deployment.labels, {
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/part-of': 'shop',
    });
    assert.equal(deployment.annotations.owner, 'team-a');
    assert.equal(deployment.annotations['app.kubernetes.io/part-of'], 'shop');
    assert.deepEqual(deployment.podSpec?.templateLabels, {
      tier: 'frontend',
      app: 'web',
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/part-of': 'shop',
    });
    assert.equal(deployment.podTemplate?.labels, deployment.podSpec?.templateLabels);
  });

  it('selector-mismatch sees template labels a merge key brings in (no finding, so no fix that duplicates them)', () => {
    for (const labels of ['{<<: *common}', '\n        <<: *common\n        tier: web']) {
      const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &common
    app: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels: ${labels}
    spec:
      containers:
        - name: web
          image: web:1.0
`;
      const result = analyze([parseFile('web.yaml', text)], defaultSettings(), [selectorMismatch]);
      assert.deepEqual(
        result.findings.map((finding) => finding.message),
        [],
        labels,
      );
    }
  });

  it('a hostile chain of merges is bounded: each mapping merges once, reads stay fast and never throw', () => {
    // Ten levels, each merging the previous one ten times: expanded naively, 10^10 mappings.
    const lines = ['l0: &l0 {k0: v0}'];
    for (let i = 1; i <= 10; i++)
      lines.push(
        `l${i}: &l${i} {<<: [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}], k${i}: v${i}}`,
      );
    lines.push('top: {<<: *l10}');
    const started = Date.now();
    const doc = root(`${lines.join('\n')}\n`, true);
    const top = get(doc, 'top');
    assert.equal(get(top, 'missing'), undefined);
    const record = stringRecord(top);
    assert.equal(record.k10, 'v10');
    // Merge keys are followed eight levels deep (l10 … l3): k2 and below sit deeper than that.
    assert.equal(record.k3, 'v3');
    assert.equal(record.k2, undefined);
    assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);

    // As many merged mappings as there are aliases, in one list: at most MAX_MERGED_MAPS of them are read.
    const wide = [`${Array.from({ length: 500 }, (_, i) => `m${i}: &m${i} {k${i}: v}`).join('\n')}`];
    wide.push(`all: {<<: [${Array.from({ length: 500 }, (_, i) => `*m${i}`).join(', ')}]}`);
    const many = stringRecord(get(root(`${wide.join('\n')}\n`, true), 'all'));
    assert.equal(Object.keys(many).length, 64);
    assert.equal(many.k0, 'v');
  });
});

describe('merge keys past the bounds', () => {
  it('a chain of merges deeper than the bound is read up to it, quickly, and reported as a file problem', () => {
    const lines = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: chain',
      'data:',
      '  a: b',
      'merges:',
    ];
    lines.push('  m0: &m0 {a: 1, b: 2}');
    for (let level = 1; level <= 24; level++)
      lines.push(`  m${level}: &m${level} {<<: [*m${level - 1}, *m${level - 1}], k${level}: ${level}}`);
    const started = performance.now();
    const file = parseFile('chain.yaml', `${lines.join('\n')}\n`);
    const problem = file.problems.find((candidate) => candidate.kind === 'schema');
    assert.ok(problem, 'no problem reported');
    assert.match(
      problem.message,
      /merge keys \(<<\) here merge more than 64 mappings or nest deeper than 8 levels/,
    );
    // m9 is the first mapping whose merges reach past eight levels (line 17).
    assert.equal(file.lines.position(problem.span![0]).line, 16, 'on the first mapping past the bound');
    assert.ok(performance.now() - started < 5_000);
  });
});
