import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allControls } from '../../server/src/controls';
import { type AnalysisResult, Analyzer, analyze } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/config';
import { kustomizationRootOf } from '../../server/src/engine/kustomize';
import { parseFile } from '../../server/src/engine/parse';

function summary(result: AnalysisResult): { findings: string[]; tallies: string[]; skipped: string[] } {
  return {
    findings: result.findings.map(
      (f) =>
        `${f.file}:${f.range?.start.line}:${f.range?.start.character} ${f.control} ${f.exempt ? 'exempt' : ''} ${f.message}`,
    ),
    tallies: result.tallies.map((t) => JSON.stringify(t)),
    skipped: result.skipped.map((s) => `${s.file}: ${s.reason}`),
  };
}

function fresh(files: Record<string, string>): AnalysisResult {
  return analyze(
    Object.entries(files).map(([path, text]) => parseFile(path, text)),
    defaultSettings(),
    allControls,
  );
}

/** A chart template that is valid YAML: its braces sit in quoted strings. */
const CHART_TEMPLATE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  greeting: '{{ include "greeting" . }}'
`;
const CHART = 'apiVersion: v2\nname: demo\nversion: 0.1.0\n';

describe('Helm chart templates, known by their Chart.yaml', () => {
  it('a valid-YAML template in the templates/ folder of a chart is skipped; the same file in a plain folder is analysed', () => {
    const inChart = fresh({ 'demo/Chart.yaml': CHART, 'demo/templates/settings.yaml': CHART_TEMPLATE });
    assert.deepEqual(inChart.skipped, [
      {
        file: 'demo/templates/settings.yaml',
        reason:
          'Helm chart template ({{ }}) of demo/Chart.yaml: check the rendered output instead (helm template … | kube-maturity check -)',
      },
    ]);
    assert.equal(inChart.objects.length, 0);
    const notAChart = fresh({ 'tools/templates/settings.yaml': CHART_TEMPLATE });
    assert.deepEqual(notAChart.skipped, []);
    assert.deepEqual(
      notAChart.objects.map((object) => object.name),
      ['settings'],
    );
  });

  it('a subchart is a chart: its templates/ folder counts under its own Chart.yaml', () => {
    const result = fresh({
      'app/Chart.yaml': CHART,
      'app/charts/db/Chart.yaml': CHART,
      'app/charts/db/templates/settings.yaml': CHART_TEMPLATE,
    });
    assert.match(result.skipped[0]?.reason ?? '', /of app\/charts\/db\/Chart\.yaml/);
  });

  it('adding, then removing, the Chart.yaml skips, then analyses the template again, as a fresh analysis would', () => {
    const analyzer = new Analyzer(defaultSettings(), allControls);
    analyzer.setFile(parseFile('demo/templates/settings.yaml', CHART_TEMPLATE));
    assert.equal(analyzer.run().objects.length, 1);

    analyzer.setFile(parseFile('demo/Chart.yaml', CHART));
    const skipped = analyzer.run();
    assert.deepEqual(
      summary(skipped),
      summary(fresh({ 'demo/templates/settings.yaml': CHART_TEMPLATE, 'demo/Chart.yaml': CHART })),
    );
    assert.equal(skipped.objects.length, 0);

    analyzer.removeFile('demo/Chart.yaml');
    const again = analyzer.run();
    assert.equal(again.objects.length, 1);
    assert.deepEqual(summary(again), summary(fresh({ 'demo/templates/settings.yaml': CHART_TEMPLATE })));

    // An edit that removes the last braces makes the file a plain manifest even inside the chart.
    analyzer.setFile(parseFile('demo/Chart.yaml', CHART));
    analyzer.run();
    const plain = CHART_TEMPLATE.replace(`'{{ include "greeting" . }}'`, 'hello');
    analyzer.setFile(parseFile('demo/templates/settings.yaml', plain));
    assert.deepEqual(
      summary(analyzer.run()),
      summary(fresh({ 'demo/Chart.yaml': CHART, 'demo/templates/settings.yaml': plain })),
    );
  });
});

describe('kustomizations', () => {
  it('a file belongs to the nearest folder at or above it that holds a kustomization', () => {
    const dirs = new Set(['base', 'overlays/prod', '.']);
    assert.equal(kustomizationRootOf('base/deploy/web.yaml', dirs), 'base');
    assert.equal(kustomizationRootOf('overlays/prod/web.yaml', dirs), 'overlays/prod');
    assert.equal(kustomizationRootOf('overlays/dev/web.yaml', dirs), '.');
    assert.equal(kustomizationRootOf('overlays\\prod\\web.yaml', dirs), 'overlays/prod');
    assert.equal(kustomizationRootOf('/abs/web.yaml', new Set(['/abs'])), '/abs');
    assert.equal(kustomizationRootOf('web.yaml', new Set(['base'])), undefined);
  });
});
