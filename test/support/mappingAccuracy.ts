/**
 * How often the template mapping puts a rendered key on the line that wrote it, measured against an
 * instrumented render (test/support/instrumentedRender.ts) of a chart with the real Helm.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type ChartRender, renderChart } from '../../server/src/render/helm';
import {
  chooseDocument,
  locate,
  readDefines,
  readTemplate,
  type Skeleton,
} from '../../server/src/render/templateMap';
import { instrumentChart, keyTruths } from './instrumentedRender';

export interface MappingAccuracy {
  keys: number;
  exact: number;
  /** Misses, for the report: rendered path, where the tag says, where the mapping said. */
  misses: string[];
}

function chartTemplates(chartDir: string): Map<string, string> {
  const texts = new Map<string, string>();
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory)) {
      const path = join(directory, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ya?ml|tpl)$/.test(entry)) texts.set(relative(chartDir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(join(chartDir, 'templates'));
  return texts;
}

export async function mappingAccuracy(
  helm: string,
  chart: ChartRender,
  limits: { timeoutMs: number; maxOutputBytes: number },
): Promise<MappingAccuracy> {
  const texts = chartTemplates(chart.chartDir);
  const defines = new Map<string, Skeleton>();
  for (const [file, text] of texts)
    if (file.endsWith('.tpl') || /(^|\/)_/.test(file))
      for (const [name, body] of readDefines(file, text)) defines.set(name, body);
  const templates = new Map<string, Skeleton[]>();
  const documentsOf = (file: string) => {
    let skeletons = templates.get(file);
    if (!skeletons) {
      skeletons = readTemplate(file, texts.get(file) ?? '');
      templates.set(file, skeletons);
    }
    return skeletons;
  };
  const tagged = instrumentChart(chart.chartDir);
  const outcome = await renderChart(helm, { ...chart, chartDir: tagged }, limits);
  if (outcome.kind !== 'rendered') throw new Error(`render failed: ${JSON.stringify(outcome)}`);
  const accuracy: MappingAccuracy = { keys: 0, exact: 0, misses: [] };
  const kindsSeen = new Map<string, number>();
  for (const document of outcome.documents) {
    const template = document.source.slice(document.source.indexOf('/') + 1);
    if (!texts.has(template)) continue;
    const [rendered] = parseAllDocuments(document.text);
    const kindKey = `${template}|${String(rendered?.get('kind'))}`;
    const sameKindIndex = kindsSeen.get(kindKey) ?? 0;
    kindsSeen.set(kindKey, sameKindIndex + 1);
    const skeleton = chooseDocument(documentsOf(template), rendered?.contents, sameKindIndex);
    if (!skeleton) continue;
    for (const truth of keyTruths(document.text)) {
      accuracy.keys++;
      const found = locate(skeleton, truth.path, defines);
      if (found.file === truth.file && found.line === truth.line) accuracy.exact++;
      else
        accuracy.misses.push(
          `${template} ${truth.path.map((step) => ('key' in step ? step.key : `[${step.index}]`)).join('.')}: written at ${truth.file}:${truth.line + 1}, mapped to ${found.file}:${found.line + 1}`,
        );
    }
  }
  return accuracy;
}
