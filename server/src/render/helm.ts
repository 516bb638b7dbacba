/**
 * Helm charts rendered with `helm template`: the arguments (never a post-renderer, a repository, a
 * dependency update or anything else that reaches the network or runs plugins), the dependencies a chart
 * needs vendored, the rendered documents by their `# Source:` template, and render errors at the
 * template position Helm names.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import { runTool, type ToolResult } from './runTool';

export interface ChartRender {
  /** The chart's folder (holding Chart.yaml). */
  chartDir: string;
  release: string;
  namespace?: string;
  /** Values files, in order (later ones win), as paths Helm can read. */
  valuesFiles: readonly string[];
  /** `--set` values: key path → value. */
  set: Readonly<Record<string, string>>;
  /** `--kube-version`, for charts that test `.Capabilities.KubeVersion`. */
  kubeVersion?: string;
}

export interface RenderLimits {
  timeoutMs: number;
  maxOutputBytes: number;
  signal?: AbortSignal;
  /** The render starts once this settles (see ToolRun). */
  startAfter?: Promise<void>;
}

export function helmTemplateArgs(chart: ChartRender): string[] {
  const args = ['template', chart.release, chart.chartDir];
  if (chart.namespace) args.push('--namespace', chart.namespace);
  for (const file of chart.valuesFiles) args.push('--values', file);
  // Helm splits --set at commas; a backslash makes the next character literal.
  const literal = (text: string) => text.replace(/[\\,]/g, (character) => `\\${character}`);
  for (const [key, value] of Object.entries(chart.set)) args.push('--set', `${key}=${literal(value)}`);
  if (chart.kubeVersion) args.push('--kube-version', chart.kubeVersion);
  return args;
}

/**
 * The dependencies Chart.yaml (or a v1 chart's requirements.yaml) declares that are not vendored in
 * `charts/` (a folder of that name, or a `<name>-<version>.tgz`): rendering would need the network.
 */
export function missingDependencies(
  chartDir: string,
  chartYaml: string,
  requirementsYaml?: string,
): string[] {
  const declared = [
    ...dependencyNames(chartYaml),
    ...(requirementsYaml ? dependencyNames(requirementsYaml) : []),
  ];
  if (declared.length === 0) return [];
  let vendored: string[] = [];
  try {
    vendored = readdirSync(join(chartDir, 'charts')).filter((entry) => {
      const stat = lstatSync(join(chartDir, 'charts', entry));
      return stat.isDirectory() || (stat.isFile() && entry.endsWith('.tgz'));
    });
  } catch {
    // No charts/ folder: nothing is vendored.
  }
  return declared.filter(
    (name) =>
      !vendored.some((entry) => entry === name || (entry.startsWith(`${name}-`) && entry.endsWith('.tgz'))),
  );
}

function dependencyNames(text: string): string[] {
  const document = parseDocument(text, { uniqueKeys: false });
  const dependencies = isMap(document.contents) ? document.contents.get('dependencies') : undefined;
  if (!isSeq(dependencies)) return [];
  const names: string[] = [];
  for (const item of dependencies.items) {
    const name = isMap(item) ? item.get('name') : undefined;
    if (typeof name === 'string' && name !== '') names.push(name);
  }
  return names;
}

/** One document of `helm template`'s output. */
export interface RenderedDocument {
  /** The template it came from, as Helm names it: `<chart>/templates/<file>`. */
  source: string;
  /** Its place among that template's documents (Helm sorts its output by kind). */
  indexInSource: number;
  text: string;
  /** Its offset in the whole output. */
  start: number;
}

const SOURCE = /^# Source: (.+)$/m;

/** Splits the output at its document markers; each document is named by its `# Source:` comment. */
export function splitRendered(output: string): RenderedDocument[] {
  const documents: RenderedDocument[] = [];
  const seen = new Map<string, number>();
  let start = 0;
  for (const part of output.split(/^---[ \t]*$/m)) {
    const partStart = start;
    start += part.length + 3;
    const source = SOURCE.exec(part)?.[1]?.trim();
    if (!source || part.trim() === `# Source: ${source}`) continue;
    const indexInSource = seen.get(source) ?? 0;
    seen.set(source, indexInSource + 1);
    documents.push({
      source,
      indexInSource,
      text: part.replace(/^\n/, ''),
      start: partStart + (part.startsWith('\n') ? 1 : 0),
    });
  }
  return documents;
}

/** A render error where Helm says it is (1-based line and column, as Helm prints them). */
export interface RenderError {
  template?: string;
  line?: number;
  column?: number;
  message: string;
}

const ERROR_AT = [
  // execution error at (chart/templates/x.yaml:9:15): message; parse error at (chart/templates/x.yaml:4): message
  /(?:execution|parse) error at \(([^():\n]+):(\d+)(?::(\d+))?\): ([^\n]*)/,
  // template: chart/templates/x.yaml:12:20: executing "…" at <.Values.x>: message
  /template: ([^:\n]+):(\d+):(\d+): ([^\n]*)/,
];
const YAML_ERROR = /YAML parse error on ([^:\n]+): [^\n]*?yaml: line (\d+): ([^\n]*)/;

export function parseHelmError(stderr: string): RenderError {
  const text = stderr.replace(/^Error: /m, '').trim();
  for (const pattern of ERROR_AT) {
    const match = pattern.exec(text);
    if (match)
      return {
        template: match[1],
        line: Number(match[2]),
        column: match[3] ? Number(match[3]) : undefined,
        message: match[4].trim(),
      };
  }
  const yaml = YAML_ERROR.exec(text);
  // The line is of the rendered template, not of its source: kept in the message.
  if (yaml)
    return {
      template: yaml[1],
      message: `the rendered template is not valid YAML (its line ${yaml[2]}: ${yaml[3]})`,
    };
  return { message: text.split('\n')[0] || 'helm template failed' };
}

export type ChartOutcome =
  | { kind: 'rendered'; documents: RenderedDocument[]; output: string }
  | { kind: 'error'; error: RenderError }
  | { kind: 'unavailable'; reason: string };

export async function renderChart(
  helm: string,
  chart: ChartRender,
  limits: RenderLimits,
): Promise<ChartOutcome> {
  const result: ToolResult = await runTool({ binary: helm, args: helmTemplateArgs(chart), ...limits });
  switch (result.kind) {
    case 'ok':
      return { kind: 'rendered', documents: splitRendered(result.stdout), output: result.stdout };
    case 'failed':
      return { kind: 'error', error: parseHelmError(result.stderr) };
    case 'missing':
      return { kind: 'unavailable', reason: result.message };
    case 'timeout':
      return { kind: 'unavailable', reason: `helm template took longer than ${limits.timeoutMs / 1000} s` };
    case 'too-large':
      return { kind: 'unavailable', reason: `helm template wrote more than ${limits.maxOutputBytes} bytes` };
    case 'cancelled':
      return { kind: 'unavailable', reason: 'cancelled by a newer render' };
  }
}
