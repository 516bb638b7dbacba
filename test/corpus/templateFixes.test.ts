/**
 * Chart fixes on the real-world corpus, with the real Helm: for podinfo's and microservices-demo's charts,
 * copied to a temporary folder (the corpus is never written), every chart fix offered is applied alone to
 * a fresh copy, which renders again without a problem and no longer has the finding.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { it } from 'node:test';
import { applyChartFix, checkCharts, copyToTemp, sameFinding } from '../support/chartFixes';
import { CORPUS } from '../support/paths';
import { describeWithRenderTools } from '../support/renderTools';

const CHARTS = [
  { name: 'podinfo', folder: 'podinfo/charts/podinfo', minimum: 20 },
  { name: 'microservices-demo', folder: 'microservices-demo/helm-chart', minimum: 20 },
];

describeWithRenderTools('chart fixes on the corpus', (tools) => {
  for (const chart of CHARTS)
    it(`${tools.name}: ${chart.name}: every chart fix offered, applied alone, re-renders and removes its finding`, {
      timeout: 600_000,
    }, async () => {
      const source = join(CORPUS, chart.folder);
      const first = await checkCharts(copyToTemp(source, chart.name), tools.helm);
      const offered = first.findings.filter((finding) => finding.fix);
      for (const finding of offered) {
        assert.ok(finding.fix!.class !== 'safe', `${finding.control}: a chart fix is review at least`);
        const directory = copyToTemp(source, chart.name);
        applyChartFix(directory, finding);
        const again = await checkCharts(directory, tools.helm, false);
        const problems = again.findings.filter((other) => other.control === 'render-problem');
        assert.deepEqual(problems, [], `${finding.control} ${finding.file}: ${finding.fix!.title}`);
        assert.equal(
          again.findings.some((other) => sameFinding(other, finding)),
          false,
          `${finding.control} ${finding.file} is still there after: ${finding.fix!.title}`,
        );
      }
      const reasons = new Map<string, number>();
      for (const finding of first.findings)
        if (!finding.fix && finding.fixWithheld) {
          const reason = finding.fixWithheld.replace(/"[^"]*"/g, '"…"').replace(/line \d+/g, 'line N');
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        }
      console.log(
        `chart fixes (${tools.name}, ${chart.name}): ${first.counts.offered} offered, ${first.counts.withheld} withheld, ${first.counts.unverified} dropped by the re-render; ${[
          ...reasons,
        ]
          .map(([reason, count]) => `${count}× ${reason}`)
          .join('; ')}`,
      );
      assert.equal(first.counts.offered, offered.length);
      assert.ok(offered.length >= chart.minimum, `${offered.length} chart fixes offered`);
    });
});
