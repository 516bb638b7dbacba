/**
 * The charts of a workspace checked as they would be deployed: each folder holding a Chart.yaml among the
 * checked files is rendered with `helm template`; its rendered documents are analysed in place of its
 * templates, and every finding is put back on the template (or helper) line that wrote it.
 */
import { lstatSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { type Document, isScalar, parseAllDocuments } from 'yaml';
import type { ChartRenderSetting } from '../engine/config';
import type { Finding, FindingFix, ReportedProblem } from '../engine/result';
import type { SourceFile } from '../engine/workspace';
import { ChartTemplates, type TemplateCache } from './chartTemplates';
import { missingDependencies, type RenderLimits, renderChart } from './helm';
import { placeOutside } from './outsideTemplates';
import { type FindingPlacer, lineHolding, wholeLineWhere } from './placement';
import type { RenderedChart } from './templateFixes';
import { locate, renderedPathAt, renderedValueAt, type Skeleton } from './templateMap';
import { valuesDefining, valuesNote } from './valuesOrigin';

export interface ChartRenderOptions {
  helm: string;
  limits: RenderLimits;
  /** The configuration's `render.charts`, with paths relative to `configRoot`. */
  charts: readonly ChartRenderSetting[];
  configRoot: string;
  /** Parses a rendered document (the editor reuses the documents of its last render that did not change). */
  parseRendered?: (virtualPath: string, text: string) => Document.Parsed | undefined;
  /** Parsed templates kept from the chart's last render (the editor's). */
  templateCache?: TemplateCache;
  /** The chart's files by their path in the chart, when the caller holds them (the editor): not read again. */
  chartFiles?: (chartPath: string) => ReadonlyMap<string, string> | undefined;
  /** The configuration file that names `charts` (as the checked paths name it): where a missing values file is reported. */
  configFile?: { path: string; read(): string | undefined };
  /** Whether a `charts` entry whose folder holds no Chart.yaml is reported (once per run: the CLI's). */
  reportUnknownCharts?: boolean;
}

function displayPathOf(cwd: string, absolute: string): string {
  return relative(cwd, absolute).split('\\').join('/') || '.';
}

/** A rendered document analysed in place of its template, and how to put its findings back. */
export interface RenderedFile {
  /** The path it is analysed under (never a real file's). */
  virtualPath: string;
  templatePath: string;
  text: string;
  skeleton?: Skeleton;
  defines: ReadonlyMap<string, Skeleton>;
  /** The chart folder as the checked paths name it, to name helper files. */
  chartPath: string;
  /** The chart and how it was rendered, to turn a fix of this document into one of the chart. */
  chart: RenderedChart;
}

export interface ChartRenders {
  /** What to analyse: the sources without the rendered charts' templates, plus their rendered documents. */
  sources: SourceFile[];
  skipped: Array<{ file: string; reason: string }>;
  problems: ReportedProblem[];
  rendered: Map<string, RenderedFile>;
  charts: number;
  /** The fixes of the rendered findings, as the engine computed them on the rendered documents. */
  fixes: Array<{ finding: Finding; fix: FindingFix; rendered: RenderedFile }>;
}

const RENDERED_REASON = 'rendered with helm template: its findings are shown on its lines';
/** A chart's paths as the checked paths name them: '' when the chart is the checked folder. */
function chartPrefix(chartPath: string): string {
  return chartPath === '.' ? '' : `${chartPath}/`;
}

/** A template of the chart, or of a chart vendored in its charts/ folder. */
function isTemplateOf(path: string, chartPath: string): boolean {
  const prefix = chartPrefix(chartPath);
  return (
    path.startsWith(`${prefix}templates/`) ||
    (path.startsWith(`${prefix}charts/`) && /\/templates\//.test(path))
  );
}

/**
 * The folders holding a Chart.yaml among `sources`, as their paths name them: the charts to render (a chart
 * vendored in another's charts/ folder is rendered with its parent).
 */
export function chartFolders(sources: readonly SourceFile[]): string[] {
  return sources
    .filter((source) => basename(source.path) === 'Chart.yaml')
    .map((source) => dirname(source.path))
    .filter(
      (chart, _index, all) =>
        !all.some((other) => other !== chart && chart.startsWith(`${chartPrefix(other)}charts/`)),
    );
}

export function emptyChartRenders(): ChartRenders {
  return { sources: [], skipped: [], problems: [], rendered: new Map(), charts: 0, fixes: [] };
}

/** Renders the charts among `sources` (paths as the checked paths name them, relative to `cwd`). */
export async function renderCharts(
  sources: readonly SourceFile[],
  options: ChartRenderOptions,
  cwd = process.cwd(),
): Promise<ChartRenders> {
  const chartPaths = chartFolders(sources);
  const renders = emptyChartRenders();
  // Every chart's templates are checked through its render, or not at all: why, by chart.
  const chartReasons = new Map<string, string>();
  for (const chartPath of chartPaths) {
    const chartDir = resolve(cwd, chartPath);
    const prefix = chartPrefix(chartPath);
    const chartYaml = sources.find((source) => source.path === `${prefix}Chart.yaml`)!.text;
    const requirements = sources.find((source) => source.path === `${prefix}requirements.yaml`)?.text;
    const missing = missingDependencies(chartDir, chartYaml, requirements);
    if (missing.length > 0) {
      renders.problems.push({
        file: `${prefix}Chart.yaml`,
        kind: 'render',
        message: `needs the network: the dependencies ${missing.join(', ')} are not vendored in charts/; vendor them or render the chart yourself (helm template … | kube-maturity check -)`,
        range: dependencyRange(chartYaml, missing[0]),
      });
      chartReasons.set(
        chartPath,
        `not rendered: its dependencies are not vendored (see ${prefix}Chart.yaml)`,
      );
      continue;
    }
    const setting = options.charts.find((chart) => resolve(options.configRoot, chart.path) === chartDir);
    const render = {
      chartDir,
      release: setting?.release ?? 'release',
      namespace: setting?.namespace,
      valuesFiles: (setting?.values ?? []).map((file) => resolve(options.configRoot, file)),
      set: setting?.set ?? {},
      kubeVersion: setting?.kubeVersion,
    };
    const missingValues = render.valuesFiles.findIndex(
      (file) => !lstatSync(file, { throwIfNoEntry: false })?.isFile(),
    );
    if (missingValues >= 0) {
      const named = setting!.values[missingValues];
      const configText = options.configFile?.read();
      renders.problems.push({
        file: options.configFile?.path ?? `${prefix}Chart.yaml`,
        kind: 'render',
        message: `not rendered: the values file ${named} that render.charts names for ${chartPath} is not a file (paths are relative to the configuration file)`,
        range: configText === undefined ? undefined : lineHolding(configText, named),
      });
      chartReasons.set(chartPath, `not rendered: its configured values file ${named} is missing`);
      continue;
    }
    const rendering = renderChart(options.helm, render, options.limits);
    // The templates are read and parsed while helm runs (most come from the cache between two renders).
    const templates = new ChartTemplates(
      chartDir,
      `${prefix}`,
      options.templateCache,
      options.chartFiles?.(chartPath),
    );
    templates.parseAll();
    const outcome = await rendering;
    if (outcome.kind === 'unavailable') {
      renders.problems.push({
        file: `${prefix}Chart.yaml`,
        kind: 'render',
        message: `not rendered: ${outcome.reason}`,
      });
      chartReasons.set(chartPath, `not rendered: ${outcome.reason}`);
      continue;
    }
    if (outcome.kind === 'error') {
      const { error } = outcome;
      const file = error.template
        ? `${prefix}${error.template.slice(error.template.indexOf('/') + 1)}`
        : `${prefix}Chart.yaml`;
      const line = Math.max(0, (error.line ?? 1) - 1);
      const character = Math.max(0, (error.column ?? 1) - 1);
      renders.problems.push({
        file,
        kind: 'render',
        message: `helm template: ${error.message}`,
        range: error.line ? { start: { line, character }, end: { line, character } } : undefined,
      });
      chartReasons.set(chartPath, `not rendered: helm template failed (see the problem in ${file})`);
      continue;
    }
    renders.charts++;
    chartReasons.set(chartPath, RENDERED_REASON);
    const chart: RenderedChart = {
      path: chartPath,
      dir: chartDir,
      render,
      valuesFiles: [
        `${prefix}values.yaml`,
        ...render.valuesFiles.map((file) => relative(cwd, file).split('\\').join('/')),
      ],
    };
    outcome.documents.forEach((document, position) => {
      const templatePath = `${prefix}${ChartTemplates.templateOf(document)}`;
      const virtualPath = `${templatePath}#rendered-${position + 1}.yaml`;
      const parsed = options.parseRendered
        ? options.parseRendered(virtualPath, document.text)
        : firstDocument(document.text);
      renders.rendered.set(virtualPath, {
        virtualPath,
        templatePath,
        text: document.text,
        skeleton: templates.documentFor(document, parsed?.contents, parsed?.get('kind')),
        defines: templates.defines,
        chartPath,
        chart,
      });
      renders.sources.push({ path: virtualPath, text: document.text });
    });
  }
  for (const setting of options.reportUnknownCharts === false ? [] : options.charts) {
    const folder = resolve(options.configRoot, setting.path);
    if (lstatSync(join(folder, 'Chart.yaml'), { throwIfNoEntry: false })?.isFile()) continue;
    const configText = options.configFile?.read();
    renders.problems.push({
      file: options.configFile?.path ?? displayPathOf(cwd, folder),
      kind: 'render',
      message: `render.charts names ${setting.path}, which is not a chart folder (it holds no Chart.yaml)`,
      range:
        configText === undefined
          ? undefined
          : wholeLineWhere(
              configText,
              (line) =>
                /\bpath\s*:/.test(line) &&
                line
                  .slice(line.indexOf(':') + 1)
                  .replace(/\s#.*$/, '')
                  .trim()
                  .replace(/^(["'])(.*)\1$/, '$2') === setting.path,
            ),
    });
  }
  for (const source of sources) {
    const chart = chartPaths.find((chartPath) => isTemplateOf(source.path, chartPath));
    if (chart)
      renders.skipped.push({ file: source.path, reason: chartReasons.get(chart) ?? RENDERED_REASON });
    else renders.sources.push(source);
  }
  return renders;
}

function firstDocument(text: string): Document.Parsed | undefined {
  return parseAllDocuments(text)[0] as Document.Parsed | undefined;
}

/** The `name:` line of a dependency in Chart.yaml (below its `dependencies:` key). */
function dependencyRange(chartYaml: string, name: string): ReportedProblem['range'] {
  const from = chartYaml.split(/\r?\n/).findIndex((text) => /^dependencies\s*:/.test(text));
  if (from < 0) return undefined;
  return wholeLineWhere(
    chartYaml,
    (text, index) =>
      index > from &&
      /name:/.test(text) &&
      text
        .replace(/^[\s-]*name:\s*/, '')
        .replace(/["']/g, '')
        .trim() === name,
  );
}

/**
 * Puts the findings of rendered documents back on their templates: the file, the range of the line
 * that wrote the field (to its end), and the values path when the field comes from values. Their fixes
 * are withheld there, and kept in `renders.fixes` for templateFixes.ts to turn into fixes of the chart.
 */
export function mapRenderedFindings(findings: Finding[], renders: ChartRenders, placer: FindingPlacer): void {
  for (const finding of findings) {
    const rendered = finding.file ? renders.rendered.get(finding.file) : undefined;
    if (!rendered) continue;
    let file = rendered.templatePath;
    let start = { line: 0, character: 0 };
    let valuesPath: string | undefined;
    let renderedScalar: string | undefined;
    if (!rendered.skeleton && placer.readText(rendered.templatePath) === undefined) {
      const prefix = chartPrefix(rendered.chartPath);
      const outside = placeOutside(
        rendered.templatePath.slice(prefix.length),
        rendered.chart.dir,
        prefix,
        placer.readText,
      );
      placer.place(
        finding,
        outside.file,
        outside.start,
        finding.fix ? outside.withheld : (finding.fixWithheld ?? 'its control offers no fix for it'),
      );
      finding.message += outside.note;
      continue;
    }
    if (rendered.skeleton && finding.range) {
      const { contents, lines } = placer.rendered(rendered.virtualPath, rendered.text);
      const path = renderedPathAt(contents, lines.offset(finding.range.start));
      const found = locate(rendered.skeleton, path, rendered.defines);
      const value = renderedValueAt(contents, path);
      if (isScalar(value) && value.value !== null) renderedScalar = String(value.value);
      file = found.file;
      start = { line: found.line, character: found.column };
      valuesPath = found.valuesPath;
    }
    if (finding.fix && !finding.exempt) renders.fixes.push({ finding, fix: finding.fix, rendered });
    placer.place(finding, file, start, finding.fixWithheld ?? 'its control offers no fix for it');
    if (valuesPath) {
      const prefix = chartPrefix(rendered.chartPath);
      const defining = valuesDefining(
        rendered.templatePath,
        valuesPath,
        {
          prefix,
          files: rendered.chart.valuesFiles,
          documentsOf: (path) => placer.documentsOf(path),
        },
        renderedScalar,
      );
      finding.message += valuesNote(defining, prefix);
    }
  }
}
