/**
 * How often the Kustomize mapping puts a built field, and a finding on a built object, on the line that
 * wrote it, measured against an instrumented build (test/support/instrumentedBuild.ts) with the real
 * kustomize: the root is built and checked as `check --render` does, its findings mapped with
 * mapBuiltFindings, and each compared with the marker of the deepest marked field on its path, or with
 * the kustomization field that set it (test/support/transformerWriters.ts).
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isPair, isScalar, parseAllDocuments, visit } from 'yaml';
import { allControls } from '../../server/src/controls';
import { defaultSettings } from '../../server/src/engine/config';
import type { Finding } from '../../server/src/engine/result';
import { checkWorkspace, type SourceFile } from '../../server/src/engine/workspace';
import type { RenderLimits } from '../../server/src/render/helm';
import { buildKustomizeRoots, locateBuilt, mapBuiltFindings } from '../../server/src/render/kustomizations';
import { buildKustomization, type KustomizeTool } from '../../server/src/render/kustomize';
import { FindingPlacer } from '../../server/src/render/placement';
import { type RenderedStep, renderedPathAt } from '../../server/src/render/templateMap';
import {
  instrumentKustomization,
  planKustomization,
  type Truth,
  truthAt,
  withoutMarkers,
} from './instrumentedBuild';
import { transformerWriters } from './transformerWriters';

export interface Tally {
  measured: number;
  exact: number;
  /** For the report: what, where the markers say, where the mapping said. */
  misses: string[];
  /** Not measured, and why (a generated object, a field a transformer adds, a list marked in part). */
  unknown: string[];
}

export interface KustomizeAccuracy {
  root: string;
  keys: Tally;
  findings: Tally;
  /** Mapped findings on a file's first line. */
  onFirstLine: string[];
}

function describePath(path: readonly RenderedStep[]): string {
  return path.map((step) => ('key' in step ? step.key : `[${step.index}]`)).join('.');
}

function count(
  tally: Tally,
  what: string,
  truth: Truth,
  mapped: { file: string; line: number },
  tallyUnknown = true,
): void {
  if ('unknowable' in truth || 'untagged' in truth) {
    if (tallyUnknown)
      tally.unknown.push(`${what}: ${'unknowable' in truth ? truth.unknowable : 'not marked'}`);
    return;
  }
  tally.measured++;
  if (truth.writers.some((writer) => writer.file === mapped.file && writer.line === mapped.line))
    tally.exact++;
  else
    tally.misses.push(
      `${what}: written at ${truth.writers.map((writer) => `${writer.file}:${writer.line + 1}`).join(' or ')}, mapped to ${mapped.file}:${mapped.line + 1}`,
    );
}

/**
 * Builds `rootFolder` and its instrumented copy, and compares the mapping with the markers; `notBuilt`
 * when kustomize cannot build the root itself (the instrumented copy failing where it builds throws).
 */
export async function kustomizeAccuracy(
  tool: KustomizeTool,
  rootFolder: string,
  limits: RenderLimits,
): Promise<KustomizeAccuracy | { root: string; notBuilt: string }> {
  const plan = planKustomization(rootFolder);
  const read = (file: string) => readFileSync(join(plan.tree, file), 'utf8');
  const sources: SourceFile[] = [...plan.kustomizations, ...plan.resources, ...plan.patches].map((path) => ({
    path,
    text: read(path),
  }));
  const renders = await buildKustomizeRoots(sources, { tool, limits }, plan.tree);
  if (renders.roots !== 1)
    return { root: plan.root, notBuilt: renders.problems.map((problem) => problem.message).join('; ') };
  const instrumented = instrumentKustomization(plan);
  const outcome = await buildKustomization(tool, instrumented.root, limits);
  rmSync(dirname(instrumented.copy), { recursive: true, force: true });
  if (outcome.kind !== 'built') throw new Error(`${plan.root}, instrumented: ${JSON.stringify(outcome)}`);
  const built = [...renders.built.values()];
  if (outcome.objects.length !== built.length)
    throw new Error(`${plan.root}: ${outcome.objects.length} objects instrumented, ${built.length} built`);

  const result = checkWorkspace(renders.sources, {
    settings: defaultSettings(),
    controls: allControls,
    model: 'fairwinds',
  });
  const parsed = new Map(result.analysis.objects.map((object) => [object.file.path, object.file]));
  const texts = new Map<string, string | undefined>();
  const placer = new FindingPlacer(
    (path) => parsed.get(path),
    (path) => {
      if (!texts.has(path))
        try {
          texts.set(path, read(path));
        } catch {
          texts.set(path, undefined);
        }
      return texts.get(path);
    },
  );

  const accuracy: KustomizeAccuracy = {
    root: plan.root,
    keys: { measured: 0, exact: 0, misses: [], unknown: [] },
    findings: { measured: 0, exact: 0, misses: [], unknown: [] },
    onFirstLine: [],
  };
  const marked = new Map<string, unknown>();
  built.forEach((object, position) => {
    const markedObject = parseAllDocuments(outcome.objects[position].text)[0]?.toJS();
    const real = parseAllDocuments(object.text)[0]?.toJS();
    // The markers must not change what kustomize builds: else nothing of this object is measured.
    marked.set(
      object.virtualPath,
      isDeepStrictEqual(withoutMarkers(markedObject), real) ? markedObject : undefined,
    );
  });
  const setByKustomizations = await transformerWriters(tool, plan, built, limits);
  const truthFor = (virtualPath: string, path: readonly RenderedStep[]): Truth => {
    const object = renders.built.get(virtualPath)!;
    const set = setByKustomizations.get(`${built.indexOf(object)}|${describePath(path)}`);
    if (set) return { writers: set, depth: path.length };
    const markedObject = marked.get(virtualPath);
    if (markedObject === undefined) return { unknowable: 'the instrumented build differs from the real one' };
    return truthAt(markedObject, path, object.originFile);
  };

  for (const object of built) {
    const { contents } = placer.rendered(object.virtualPath, object.text);
    const [document] = parseAllDocuments(object.text);
    if (!document) continue;
    visit(document, {
      Pair(_key, pair) {
        if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) return;
        const path = renderedPathAt(contents, pair.key.range[0]);
        const { file, position } = locateBuilt(object, contents, path, placer);
        count(
          accuracy.keys,
          `${object.virtualPath} ${describePath(path)}`,
          truthFor(object.virtualPath, path),
          { file, line: position.line },
        );
      },
    });
  }

  const onBuilt: Array<{ finding: Finding; virtualPath: string; path: RenderedStep[] }> = [];
  // Made when read: the findings mapped are the ones measured.
  const findings = result.analysis.findings;
  for (const finding of findings) {
    const object = finding.file ? renders.built.get(finding.file) : undefined;
    if (!object || !finding.range) continue;
    const { contents, lines } = placer.rendered(object.virtualPath, object.text);
    onBuilt.push({
      finding,
      virtualPath: object.virtualPath,
      path: renderedPathAt(contents, lines.offset(finding.range.start)),
    });
  }
  mapBuiltFindings(findings, renders, placer);
  for (const { finding, virtualPath, path } of onBuilt) {
    const where = { file: finding.file ?? '', line: finding.range?.start.line ?? 0 };
    const what = `${finding.control} at ${virtualPath} ${describePath(path)}`;
    if (where.line === 0) accuracy.onFirstLine.push(`${what}: ${where.file}:1`);
    count(accuracy.findings, what, truthFor(virtualPath, path), where);
  }
  return accuracy;
}
