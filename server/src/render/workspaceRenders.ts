/**
 * The workspace as it would be deployed, for the CLI (`check --render`) and the language server alike:
 * charts rendered, then Kustomize roots built; and the findings of what they rendered put back on the
 * files that wrote them (templates, helpers, values, bases, patches).
 */
import type { Finding } from '../engine/result';
import type { SourceFile } from '../engine/workspace';
import { type ChartRenderOptions, type ChartRenders, mapRenderedFindings, renderCharts } from './charts';
import type { RenderLimits } from './helm';
import { buildKustomizeRoots, type KustomizeRenders, mapBuiltFindings } from './kustomizations';
import type { FindingPlacer } from './placement';
import type { RenderTools } from './tools';

export interface WorkspaceRenders {
  /** What to analyse: the plain files, the rendered documents and built objects. */
  sources: SourceFile[];
  /** The binaries that rendered them. */
  tools: RenderTools;
  charts?: ChartRenders;
  kustomizations?: KustomizeRenders;
}

/** Renders the charts (with helm) and builds the Kustomize roots (with kustomize) among `sources`. */
export async function renderWorkspace(
  sources: SourceFile[],
  tools: RenderTools,
  configured: Pick<ChartRenderOptions, 'charts' | 'configRoot' | 'configFile'> & { limits: RenderLimits },
  cwd = process.cwd(),
): Promise<WorkspaceRenders> {
  const renders: WorkspaceRenders = { sources, tools };
  if (tools.helm) {
    renders.charts = await renderCharts(renders.sources, { helm: tools.helm, ...configured }, cwd);
    renders.sources = renders.charts.sources;
  }
  if (tools.kustomize) {
    renders.kustomizations = await buildKustomizeRoots(
      renders.sources,
      { tool: tools.kustomize, limits: configured.limits },
      cwd,
    );
    renders.sources = renders.kustomizations.sources;
  }
  return renders;
}

/**
 * The findings with those of rendered documents put back on the files that wrote them, in file order
 * (a place two overlays share, or a template line a `range` writes for several items, reported once).
 */
export function placeRenderedFindings(
  findings: Finding[],
  renders: Omit<WorkspaceRenders, 'sources' | 'tools'>,
  placer: FindingPlacer,
): Finding[] {
  let charted = findings;
  if (renders.charts) {
    mapRenderedFindings(findings, renders.charts, placer);
    charted = onceEach(findings);
  }
  const placed = renders.kustomizations ? mapBuiltFindings(charted, renders.kustomizations, placer) : charted;
  const byFile = (finding: Finding) => finding.file ?? '\uffff';
  return placed.sort(
    (a, b) =>
      (byFile(a) < byFile(b) ? -1 : byFile(a) > byFile(b) ? 1 : 0) ||
      (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0),
  );
}

/**
 * A template line a `range` writes once per item: the same problem of several items there is listed once
 * (the verdict still counts each rendered object's).
 */
function onceEach(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    if (!finding.rendered) return true;
    const { start } = finding.range ?? { start: { line: -1, character: -1 } };
    const key = `${finding.control}|${finding.file}|${start.line}:${start.character}|${finding.exempt ? 1 : 0}|${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
