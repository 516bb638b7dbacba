/**
 * Text shapes that made per-fix work super-linear (issue 10): many flow-style documents in one file (as
 * `jsonnet -y` writes them), and a comment line of many `#` before a lone CR. Each is analysed with every
 * fix computed, under a bound far above its linear cost and far below the quadratic one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { allControls } from '../../server/src/controls';
import { analyze } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/config';
import { parseFile } from '../../server/src/engine/parse';
import { locate, readSkeleton, renderedPathAt } from '../../server/src/render/templateMap';

const BOUND_MS = 5_000;

function timed(what: string, run: () => void): void {
  const started = performance.now();
  run();
  const ms = performance.now() - started;
  assert.ok(ms < BOUND_MS, `${what}: ${Math.round(ms)} ms`);
}

describe('adversarial text stays linear', () => {
  it('flow-style documents in one file, every fix computed: ten times the documents, about ten times the time', () => {
    const fileOf = (count: number) =>
      parseFile(
        'generated.yaml',
        Array.from(
          { length: count },
          (_, index) =>
            `{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "app-${index}"}, "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "a${index}"}}, "template": {"metadata": {"labels": {"app": "a${index}"}}, "spec": {"hostNetwork": true, "containers": [{"name": "c", "image": "nginx:1.27"}]}}}}`,
        ).join('\n---\n'),
      );
    const measure = (count: number) => {
      const file = fileOf(count);
      const started = performance.now();
      const result = analyze([file], defaultSettings(), allControls);
      assert.ok(result.findings.filter((finding) => finding.fix).length > count * 5);
      return performance.now() - started;
    };
    measure(50);
    const small = Math.min(measure(100), measure(100));
    const large = measure(1000);
    // Linear: about 10×; the per-fix layout walk made it about 100×.
    assert.ok(
      large / small < 35,
      `100 documents ${Math.round(small)} ms, 1,000 documents ${Math.round(large)} ms`,
    );
  });

  it('a removed line whose comment is 100,000 "#" before a lone CR', () => {
    const comment = ` #${' #'.repeat(50_000)}\r x`;
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true${comment}\n  containers:\n    - name: c\n      image: nginx:1.27\n`;
    timed('long comment', () => {
      const result = analyze([parseFile('pod.yaml', text)], defaultSettings(), allControls);
      assert.ok(result.findings.some((finding) => finding.control === 'host-network' && finding.fix));
    });
  });
});

describe('template mapping stays linear', () => {
  it('a template line of 200,000 spaces between two words and no colon; a rendered list of 20,000 items, a finding in each', () => {
    const template = `spec:\n  containers:\n    - name: web\n      a${' '.repeat(200_000)}x\n      image: {{ .Values.image }}\n`;
    timed('long template line', () => {
      const skeleton = readSkeleton('templates/deployment.yaml', template.split('\n'));
      assert.equal(
        locate(skeleton, [{ key: 'spec' }, { key: 'containers' }, { index: 0 }, { key: 'image' }]).line,
        4,
      );
    });
    const rendered = `spec:\n  env:\n${Array.from({ length: 20_000 }, (_, index) => `    - name: V${index}\n      value: "${index}"\n`).join('')}`;
    const [document] = parseAllDocuments(rendered);
    timed('a path in each of 20,000 list items', () => {
      // Each item is searched from the last one's place: the test's own lookups stay linear too.
      let offset = 0;
      for (let index = 0; index < 20_000; index += 1) {
        offset = rendered.indexOf(`V${index}\n`, offset);
        const path = renderedPathAt(document.contents, offset);
        assert.deepEqual(path.slice(0, 2), [{ key: 'spec' }, { key: 'env' }]);
        assert.equal((path[2] as { index: number }).index, index);
      }
    });
  });
});

describe('configuration work stays linear', () => {
  it('50,000 exemptions over 500 workloads: each check looks up its own prefixes, not every rule', () => {
    const settings = defaultSettings();
    for (let index = 0; index < 50_000; index++)
      settings.exemptions.push({ controls: ['*'], names: [`service-${index}-`], reason: `r${index}` });
    settings.exemptions.push({ controls: ['run-as-root'], names: ['web-7'], reason: 'the last rule' });
    const text = Array.from(
      { length: 500 },
      (_, index) =>
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${index}\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: nginx:1.27\n`,
    ).join('---\n');
    timed('50,000 exemptions', () => {
      const result = analyze([parseFile('many.yaml', text)], settings, allControls);
      const exempt = result.findings.filter((finding) => finding.exempt && finding.control === 'run-as-root');
      // web-7 and web-70…79, web-700… (prefix match): 11 of 500.
      assert.equal(exempt.length, 11);
      assert.equal(exempt[0].exempt?.reason, 'the last rule');
    });
  });
});
