/**
 * How often the template mapping puts a rendered key on the line that wrote it, measured against an
 * instrumented render (test/support/instrumentedRender.ts) of a chart with the real Helm.
 */
import { parseAllDocuments } from 'yaml';
import { ChartTemplates } from '../../server/src/render/chartTemplates';
import { type ChartRender, renderChart } from '../../server/src/render/helm';
import { locate } from '../../server/src/render/templateMap';
import { instrumentChart, keyTruths } from './instrumentedRender';

export interface MappingAccuracy {
  keys: number;
  exact: number;
  /** Misses, for the report: rendered path, where the tag says, where the mapping said. */
  misses: string[];
}

export async function mappingAccuracy(
  helm: string,
  chart: ChartRender,
  limits: { timeoutMs: number; maxOutputBytes: number },
): Promise<MappingAccuracy> {
  const templates = new ChartTemplates(chart.chartDir);
  const tagged = instrumentChart(chart.chartDir);
  const outcome = await renderChart(helm, { ...chart, chartDir: tagged }, limits);
  if (outcome.kind !== 'rendered') throw new Error(`render failed: ${JSON.stringify(outcome)}`);
  const accuracy: MappingAccuracy = { keys: 0, exact: 0, misses: [] };
  for (const document of outcome.documents) {
    const template = ChartTemplates.templateOf(document);
    const [rendered] = parseAllDocuments(document.text);
    const skeleton = templates.documentFor(document, rendered?.contents, rendered?.get('kind'));
    if (!skeleton) continue;
    for (const truth of keyTruths(document.text)) {
      accuracy.keys++;
      const found = locate(skeleton, truth.path, templates.defines);
      if (found.file === truth.file && found.line === truth.line) accuracy.exact++;
      else
        accuracy.misses.push(
          `${template} ${truth.path.map((step) => ('key' in step ? step.key : `[${step.index}]`)).join('.')}: written at ${truth.file}:${truth.line + 1}, mapped to ${found.file}:${found.line + 1}`,
        );
    }
  }
  return accuracy;
}
