/**
 * A folder's analysis as the editor shows it once charts and kustomizations are rendered: the findings
 * of rendered documents put back on the template, helper, base or patch lines that wrote them (each
 * remembering where it is in the rendered document), render problems on their files, and the rendered
 * documents themselves out of the views. The verdict's tallies are the analysis's own: they count what
 * would be deployed.
 */
import { join, relative, sep } from 'node:path';
import type { AnalysisResult, Finding, ReportedProblem } from '../engine/analyze';
import { byPath } from '../engine/fileSet';
import { byPosition } from '../engine/result';
import { emptyChartRenders, type RenderedFile } from '../render/charts';
import { type BuiltFile, emptyKustomizeRenders } from '../render/kustomizations';
import { FindingPlacer } from '../render/placement';
import { placeRenderedFindings } from '../render/workspaceRenders';
import { readRegularFileSync } from '../workspaceFiles';
import type { Folder } from './folders';
import type { RenderUnit } from './renders';

const NO_FINDINGS: Finding[] = [];
const NO_PROBLEMS: ReportedProblem[] = [];

/** Where a finding put on a template or values line came from: the analyzer's finding of a rendered document. */
export interface RenderedOrigin {
  /** The analyzer's own finding (on the virtual path): `Analyzer.fixOf` knows it. */
  finding: Finding;
  /** The rendered document and its chart, in paths relative to the folder. */
  rendered: RenderedFile;
  unit: RenderUnit;
}

/** Where a finding put on a base or patch line came from: the analyzer's finding of each build that shows it. */
export interface BuiltOrigin {
  builds: Array<{ finding: Finding; built: BuiltFile; unit: RenderUnit }>;
}

export class RenderedAnalysis implements AnalysisResult {
  readonly objects: AnalysisResult['objects'];
  readonly tallies: AnalysisResult['tallies'];
  readonly breakdown: AnalysisResult['breakdown'];
  readonly controlFailures: AnalysisResult['controlFailures'];
  /** Findings put back on workspace files, by file (absolute), in position order. */
  private placed = new Map<string, Finding[]>();
  private renderProblems = new Map<string, ReportedProblem[]>();
  private notices = new Map<string, string[]>();
  /** What the placement was computed from, to reuse it for the next analysis when none of it changed. */
  private placement!: {
    units: readonly RenderUnit[];
    findingsKey: string;
    /** Texts of open or analysed files read while placing (disk reads change only with a new render). */
    texts: Map<string, string>;
    /** The clones placed, in order, and where each came from (for `originOf`). */
    clones: Array<{ placed: Finding; origin?: Omit<RenderedOrigin, 'finding'> }>;
    /** Each finding a build placed, and the clones (by index) of the builds that show it (for `builtOriginOf`). */
    built: Array<{ placed: Finding; builds: Array<{ clone: number; built: BuiltFile; unit: RenderUnit }> }>;
  };
  /** Each placed finding of a rendered chart document, to the finding it was placed from. */
  private readonly origins = new WeakMap<Finding, RenderedOrigin>();
  private readonly builtOrigins = new WeakMap<Finding, BuiltOrigin>();

  constructor(
    private readonly base: AnalysisResult,
    private readonly folder: Folder,
    private readonly isRendered: (path: string) => boolean,
    units: readonly RenderUnit[],
    openText: (path: string) => string | undefined,
    /** The folder's previous result: its placement is reused when the rendered findings and texts are the same. */
    previous?: RenderedAnalysis,
  ) {
    this.objects = base.objects;
    this.tallies = base.tallies;
    this.breakdown = base.breakdown;
    this.controlFailures = base.controlFailures;
    const originals: Finding[] = [];
    for (const unit of units)
      for (const path of unit.documents.keys())
        for (const finding of folder.analyzer.findingsOf(path)) originals.push(finding);
    const findingsKey = originals
      .map(
        (finding) =>
          `${finding.control}|${finding.file}|${finding.range?.start.line}:${finding.range?.start.character}|${finding.exempt ? 1 : 0}|${finding.message}`,
      )
      .join('\n');
    const currentText = (path: string) => openText(path) ?? folder.analyzer.getFile(path)?.text;
    const last = previous?.placement;
    if (
      last &&
      last.units.length === units.length &&
      last.units.every((unit, index) => unit === units[index]) &&
      last.findingsKey === findingsKey &&
      [...last.texts].every(([path, text]) => currentText(path) === text)
    ) {
      // Typing elsewhere changed nothing a render put anywhere: the placement stands, with today's findings as origins.
      ({ placed: this.placed, renderProblems: this.renderProblems, notices: this.notices } = previous!);
      this.placement = last;
      last.clones.forEach(({ placed, origin }, index) => {
        if (origin) this.origins.set(placed, { ...origin, finding: originals[index] });
      });
      this.setBuiltOrigins(originals);
      return;
    }
    this.placement = { units, findingsKey, texts: new Map(), clones: [], built: [] };
    const clones = new Map<Finding, { index: number; unit: RenderUnit }>();
    const toRelative = (path: string) => relative(folder.path, path).split(sep).join('/');
    const toAbsolute = (path: string) => join(folder.path, path);
    const charts = emptyChartRenders();
    const kustomizations = emptyKustomizeRenders();
    const renderedFindings: Finding[] = [];
    for (const unit of units) {
      for (const [path, rendered] of unit.charts?.rendered ?? []) charts.rendered.set(path, rendered);
      for (const [path, built] of unit.kustomizations?.built ?? []) kustomizations.built.set(path, built);
      for (const path of unit.documents.keys()) {
        const rendered = unit.charts?.rendered.get(toRelative(path));
        for (const finding of folder.analyzer.findingsOf(path)) {
          const placed = { ...finding, file: toRelative(path) };
          const origin = rendered && !finding.exempt ? { rendered, unit } : undefined;
          if (origin) this.origins.set(placed, { finding, ...origin });
          clones.set(placed, { index: this.placement.clones.length, unit });
          this.placement.clones.push({ placed, origin });
          renderedFindings.push(placed);
        }
      }
      for (const problem of unit.problems) this.add(this.renderProblems, problem.file, problem);
      if (unit.notice) this.add(this.notices, unit.notice.file, unit.notice.message);
      // A rendered document that is not valid YAML: on the template (or kustomization) it came from.
      for (const path of unit.documents.keys())
        for (const problem of folder.analyzer.problemsOf(path)) {
          const from = unit.charts?.rendered.get(toRelative(path))?.templatePath ?? unit.root;
          this.add(this.renderProblems, toAbsolute(from), {
            file: toAbsolute(from),
            kind: 'render',
            message: `the rendered output is not valid: ${problem.message}`,
          });
        }
    }
    const texts = new Map<string, string | undefined>();
    const placer = new FindingPlacer(
      (path) => folder.analyzer.getFile(toAbsolute(path)),
      (path) => {
        if (texts.has(path)) return texts.get(path);
        const absolute = toAbsolute(path);
        let text = currentText(absolute);
        if (text !== undefined) this.placement.texts.set(absolute, text);
        else
          try {
            text = readRegularFileSync(absolute, folder.editor.maxFileSize);
          } catch {
            text = undefined;
          }
        texts.set(path, text);
        return text;
      },
    );
    const placedFindings = placeRenderedFindings(renderedFindings, { charts, kustomizations }, placer);
    for (const { finding, builds } of kustomizations.fixes)
      this.placement.built.push({
        placed: finding,
        builds: builds.map((build) => {
          const clone = clones.get(build.finding)!;
          return { clone: clone.index, built: build.built, unit: clone.unit };
        }),
      });
    this.setBuiltOrigins(originals);
    for (const finding of placedFindings) {
      if (!finding.file) continue;
      finding.file = toAbsolute(finding.file);
      if (finding.rendered)
        finding.rendered = { ...finding.rendered, file: toAbsolute(finding.rendered.file) };
      this.add(this.placed, finding.file, finding);
    }
    for (const list of this.placed.values()) list.sort(byPosition);
  }

  /** A workspace file's findings: its own (when it is analysed itself) and those rendered documents put on it. */
  findingsOf(path: string): Finding[] {
    if (this.isRendered(path)) return NO_FINDINGS;
    const own = this.folder.analyzer.findingsOf(path);
    const placed = this.placed.get(path);
    if (!placed) return own;
    return own.length === 0 ? placed : [...own, ...placed].sort(byPosition);
  }

  /** The rendered finding a finding on a template or values line was placed from (charts only). */
  originOf(finding: Finding): RenderedOrigin | undefined {
    return this.origins.get(finding);
  }

  /** The findings of the builds a finding on a base or patch line was placed from (kustomizations only). */
  builtOriginOf(finding: Finding): BuiltOrigin | undefined {
    return this.builtOrigins.get(finding);
  }

  private setBuiltOrigins(originals: readonly Finding[]): void {
    for (const { placed, builds } of this.placement.built)
      this.builtOrigins.set(placed, {
        builds: builds.map(({ clone, built, unit }) => ({ finding: originals[clone], built, unit })),
      });
  }

  /** A workspace file's problems: its own, and the render problems on it. */
  problemsOf(path: string): ReportedProblem[] {
    const own = this.folder.analyzer.problemsOf(path);
    const rendered = this.renderProblems.get(path);
    return rendered ? [...own, ...rendered] : own.length > 0 ? own : NO_PROBLEMS;
  }

  /** Why a chart or kustomization of this file was not rendered (shown as information). */
  noticesOf(path: string): readonly string[] {
    return this.notices.get(path) ?? [];
  }

  /** Every notice, for the views. */
  allNotices(): string[] {
    return [...this.notices].flatMap(([file, messages]) =>
      messages.map((message) => `${relative(this.folder.path, file).split(sep).join('/')}: ${message}`),
    );
  }

  /** Made when read, kept by nobody (the placed ones are this result's). */
  get findings(): Finding[] {
    const byFile = new Map<string, Finding[]>();
    const workspace: Finding[] = [];
    for (const finding of this.base.findings) {
      if (!finding.file) workspace.push(finding);
      else if (!this.isRendered(finding.file)) this.add(byFile, finding.file, finding);
    }
    for (const [file, placed] of this.placed) {
      const own = byFile.get(file);
      byFile.set(file, own ? [...own, ...placed].sort(byPosition) : placed);
    }
    const files = [...byFile.keys()].sort(byPath);
    return [...files.flatMap((file) => byFile.get(file)!), ...workspace];
  }

  eachFinding(): Iterable<Finding> {
    return this.findings;
  }

  get problems(): ReportedProblem[] {
    return [
      ...this.base.problems.filter((problem) => !this.isRendered(problem.file)),
      ...[...this.renderProblems.values()].flat(),
    ];
  }

  get skipped(): AnalysisResult['skipped'] {
    return this.base.skipped.filter((skipped) => !this.isRendered(skipped.file));
  }

  get analyzedFiles(): number {
    return this.base.analyzedFiles;
  }

  get renderedDocuments(): number {
    return this.base.renderedDocuments;
  }

  private add<T>(map: Map<string, T[]>, key: string, value: T): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }
}
