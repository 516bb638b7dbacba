/**
 * `check --render` as the CLI runs it, in process, on a folder: the charts rendered with a tool set's
 * helm, the findings put back on their templates, each rendered fix turned into a verified chart fix;
 * and a fix applied to a folder, the charts rendered again and checked.
 */

import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { allControls } from '../../server/src/controls';
import { defaultSettings, parseConfig, type Settings } from '../../server/src/engine/config';
import type { Finding } from '../../server/src/engine/result';
import { applyTextEdits } from '../../server/src/engine/text';
import { checkWorkspace, type SourceFile } from '../../server/src/engine/workspace';
import { type ChartRenders, mapRenderedFindings, renderCharts } from '../../server/src/render/charts';
import { FindingPlacer } from '../../server/src/render/placement';
import { type ChartFixCounts, offerChartFixes } from '../../server/src/render/templateFixes';
import { SCHEMA_CONTROLS } from './upstreamInvalid';

export const RENDER_LIMITS = { timeoutMs: 60_000, maxOutputBytes: 64 * 1024 * 1024 };

/** A copy of `source` in a new temporary folder, as `name`; the folder. */
export function copyToTemp(source: string, name: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-chart-fixes-test-'));
  cpSync(source, join(directory, name), { recursive: true });
  return directory;
}

/** The YAML and helper files under a folder, by their paths relative to it. */
export function readFolder(directory: string): SourceFile[] {
  const sources: SourceFile[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(directory, folder), { withFileTypes: true })) {
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory() && entry.name !== '.git') walk(path);
      else if (entry.isFile() && /\.(ya?ml|tpl|json)$/.test(entry.name))
        sources.push({ path, text: readFileSync(join(directory, path), 'utf8') });
    }
  };
  walk('');
  return sources;
}

export function readIn(directory: string): (path: string) => string | undefined {
  return (path) => {
    try {
      return readFileSync(join(directory, path), 'utf8');
    } catch {
      return undefined;
    }
  };
}

export interface ChartCheck {
  findings: Finding[];
  renders: ChartRenders;
  counts: ChartFixCounts;
}

/** The settings of the folder's .kube-maturity.yaml, or the defaults. */
function settingsIn(directory: string): Settings {
  const text = readIn(directory)('.kube-maturity.yaml');
  return text === undefined ? defaultSettings() : parseConfig(text, '.kube-maturity.yaml', new Set());
}

/** `offer: false`: the findings only, their fixes not turned into chart fixes (nothing re-rendered). */
export async function checkCharts(directory: string, helm: string, offer = true): Promise<ChartCheck> {
  const settings = settingsIn(directory);
  const read = readIn(directory);
  const renders = await renderCharts(
    readFolder(directory),
    { helm, limits: RENDER_LIMITS, charts: settings.render.charts, configRoot: directory },
    directory,
  );
  const result = checkWorkspace(renders.sources, { settings, controls: allControls });
  const parsed = new Map(result.analysis.objects.map((object) => [object.file.path, object.file]));
  const findings = result.analysis.findings;
  mapRenderedFindings(findings, renders, new FindingPlacer((path) => parsed.get(path), read));
  const none = { offered: 0, withheld: 0, unverified: 0 };
  const counts = !offer
    ? none
    : await offerChartFixes(renders, {
        helm,
        limits: RENDER_LIMITS,
        settings,
        controls: allControls,
        sources: renders.sources,
        read,
        cwd: directory,
      });
  return { findings: [...findings, ...renders.problems.map(problemAsFinding)], renders, counts };
}

/** A render problem, so that a test sees it beside the findings. */
function problemAsFinding(problem: { file: string; message: string }): Finding {
  return {
    control: 'render-problem',
    stage: 1 as Finding['stage'],
    category: 'reliability',
    severity: 'error',
    message: problem.message,
    file: problem.file,
  };
}

/** Writes a finding's fix into the folder: each edit in its file, a file that is not there created. */
export function applyChartFix(directory: string, finding: Finding): void {
  const byFile = new Map<string, Array<{ range: NonNullable<Finding['range']>; newText: string }>>();
  for (const edit of finding.fix!.edits) {
    const file = edit.file ?? finding.file!;
    byFile.set(file, [...(byFile.get(file) ?? []), edit]);
  }
  for (const [file, edits] of byFile) {
    const path = join(directory, file);
    const text = readIn(directory)(file) ?? '';
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, applyTextEdits(text, edits));
  }
}

/** The same rendered finding: its control, object and container. */
export function sameFinding(a: Finding, b: Finding): boolean {
  return (
    a.control === b.control &&
    a.container === b.container &&
    a.object?.kind === b.object?.kind &&
    a.object?.name === b.object?.name &&
    a.message.split(':')[0] === b.message.split(':')[0] &&
    // The schema controls report each field of an object apart: the field is in the message.
    (!SCHEMA_CONTROLS.has(a.control) || withoutValuesNote(a.message) === withoutValuesNote(b.message))
  );
}

function withoutValuesNote(message: string): string {
  return message.replace(/ \(from [^()]*\)$/, '');
}
