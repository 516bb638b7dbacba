/**
 * The template mapping on the corpus charts, against an instrumented render with the real Helm 3 and
 * Helm 4: at least 98% of rendered keys on the line that wrote them, for every chart and its
 * `ci/*-values.yaml` variants.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { mappingAccuracy } from '../support/mappingAccuracy';
import { CORPUS } from '../support/paths';
import { describeWithRenderTools } from '../support/renderTools';

const CHARTS = [
  'argocd-example-apps/helm-guestbook',
  'argocd-example-apps/blue-green',
  'microservices-demo/helm-chart',
  'podinfo/charts/podinfo',
  'ingress-nginx/charts/ingress-nginx',
];

describeWithRenderTools('template mapping on the corpus charts (instrumented render)', (tools) => {
  for (const chart of CHARTS) {
    it(`${tools.name}: ${chart}, every values variant: at least 98% of keys exact`, {
      timeout: 300_000,
    }, async () => {
      const chartDir = join(CORPUS, chart);
      const ci = join(chartDir, 'ci');
      const variants: string[][] = [[]];
      if (existsSync(ci)) for (const file of readdirSync(ci).sort()) variants.push([join(ci, file)]);
      let keys = 0;
      let exact = 0;
      const misses = new Set<string>();
      for (const valuesFiles of variants) {
        const accuracy = await mappingAccuracy(
          tools.helm,
          { chartDir, release: 'demo', namespace: 'demo', valuesFiles, set: {} },
          { timeoutMs: 120_000, maxOutputBytes: 64 * 1024 * 1024 },
        );
        keys += accuracy.keys;
        exact += accuracy.exact;
        for (const miss of accuracy.misses) misses.add(miss);
      }
      const share = exact / keys;
      console.log(
        `mapping (${tools.name}, ${chart}, ${variants.length} variant(s)): ${exact} of ${keys} keys exact (${(share * 100).toFixed(1)}%)`,
      );
      assert.ok(keys > 40, `${keys} keys`);
      assert.ok(
        share >= 0.98,
        `${(share * 100).toFixed(1)}% exact; misses:\n${[...misses].slice(0, 10).join('\n')}`,
      );
    });
  }
});
