import { type AnalysisResult, Analyzer, type Finding, type FindingFix } from './analyze';
import type { Settings } from './config';
import type { AnyControl, FixClass } from './control';
import { byPath } from './fileSet';
import { hasPodSpec } from './objectSummary';
import { type ParsedFile, parseFile } from './parse';
import { applyOffsetEdits, type LineIndex, type OffsetEdit, type Range, restoreBom } from './text';
import { computeScore, computeVerdict, type MaturityModel, type Verdict } from './verdict';

export interface SourceFile {
  /** Path as the caller names it (relative or absolute, forward or back slashes). */
  path: string;
  text: string;
}

export interface WorkspaceResult {
  analysis: AnalysisResult;
  verdict: Verdict;
  score: number;
}

export interface WorkspaceOptions {
  settings: Settings;
  controls: readonly AnyControl[];
  model?: MaturityModel;
}

/** The verdict and score of an analysis: the same numbers for the CLI, the server and the tree. */
export function summarize(analysis: AnalysisResult, options: WorkspaceOptions): WorkspaceResult {
  const verdict = computeVerdict(analysis.tallies, options.controls, {
    threshold: options.settings.stageThreshold,
    hasObjects: analysis.objects.length > 0,
    // A pod template counts, with or without a spec yet, and so do the pods an operator's resource describes.
    hasWorkloads: analysis.objects.some((object) => hasPodSpec(object) || object.podTemplate !== undefined),
    model: options.model ?? 'fairwinds',
  });
  return { analysis, verdict, score: computeScore(analysis.tallies) };
}

export function analyzerFor(sources: readonly SourceFile[], options: WorkspaceOptions): Analyzer {
  const analyzer = new Analyzer(options.settings, options.controls);
  for (const source of sources) analyzer.setFile(parseFile(source.path, source.text));
  return analyzer;
}

/** Text in, findings and the maturity verdict out: the CLI's and the tests' entry point. */
export function checkWorkspace(sources: readonly SourceFile[], options: WorkspaceOptions): WorkspaceResult {
  // One run: nothing is kept for a next one, and each finding is made when it is read.
  const analyzer = new Analyzer(options.settings, options.controls, {
    incremental: false,
    findingsOnDemand: true,
  });
  for (const source of sources) analyzer.setFile(parseFile(source.path, source.text));
  return summarize(analyzer.run(), options);
}

export interface FixOptions {
  /** Only fixes of these classes are applied (default: safe, the only class applied unattended). */
  classes?: ReadonlyArray<FixClass>;
  /** Only fixes of these controls are applied (default: all). */
  controlIds?: ReadonlySet<string>;
  /** Only these files are edited (default: all). */
  paths?: ReadonlySet<string>;
  /** Only findings this accepts are fixed, asked in every round (one object or container: a light bulb's). */
  only?: (finding: Finding) => boolean;
  maxRounds?: number;
}

export interface FixResult {
  /** New text of every changed file, by path (with its byte-order mark when it had one). */
  changed: Map<string, string>;
  applied: Finding[];
  /** Fixes not applied because the result would not have parsed (a fixer bug, reported rather than written). */
  rejected: Finding[];
  rounds: number;
  /**
   * Where each applied finding was in the files as they were read (undefined when it only appeared after an
   * earlier fix, e.g. a hostPort once hostNetwork is gone): later rounds see shifted lines.
   */
  originalRanges: Map<Finding, Range | undefined>;
  /** Findings left with a fix of a class that was not asked for, by class (after the last round). */
  notApplied: Record<FixClass, number>;
  /**
   * Files left as they were though fixes of the classes asked for were found in them, because the engine
   * could not read them whole (a syntax or structure problem): the number of such fixes, by path.
   */
  unreadFiles: Map<string, number>;
}

/** A finding's identity across rounds, whatever lines earlier fixes added above it. */
function findingIdentity(finding: Finding): string {
  const object = finding.object;
  return [
    finding.control,
    finding.file,
    object?.namespace,
    object?.kind,
    object?.name,
    finding.container,
    finding.message,
  ].join('|');
}

function syntaxProblems(file: ParsedFile): number {
  return file.problems.filter((problem) => problem.kind === 'syntax').length;
}

function editOffsets(file: ParsedFile, fix: FindingFix): OffsetEdit[] {
  const lines: LineIndex = file.lines;
  return fix.edits.map((edit) => ({
    start: lines.offset(edit.range.start),
    end: lines.offset(edit.range.end),
    newText: edit.newText,
  }));
}

/** The span a fix's edits cover together: a fix is applied whole or not at all in a round. */
function footprint(edits: readonly OffsetEdit[]): [number, number] {
  return [Math.min(...edits.map((edit) => edit.start)), Math.max(...edits.map((edit) => edit.end))];
}

function touches(a: [number, number], b: [number, number]): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

/** The findings fixes may be applied to: those of the given files only (they are made when read). */
function findingsToFix(analyzer: Analyzer, paths: ReadonlySet<string> | undefined): Finding[] {
  if (!paths) return analyzer.run().findings;
  analyzer.run();
  return [...paths].sort(byPath).flatMap((path) => analyzer.findingsOf(path));
}

/**
 * Applies fixes until none is left: each round applies the fixes whose edits do not touch each other's,
 * then re-analyses (incrementally), so that two fixes creating the same missing parent never collide and
 * every fix sees the whole workspace. The analyzer is left holding the fixed texts.
 */
export function applyFixes(analyzer: Analyzer, options: FixOptions): FixResult {
  const classes = new Set(options.classes ?? ['safe']);
  const originals = new Map<string, ParsedFile>();
  const applied: Finding[] = [];
  const rejected: Finding[] = [];
  const seen = new Set<string>();
  let rounds = 0;
  const initialRanges = new Map<string, Range | undefined>();
  const unreadFiles = new Map<string, number>();
  for (; rounds < (options.maxRounds ?? 40); rounds++) {
    const perFile = new Map<string, Array<{ finding: Finding; fix: FindingFix }>>();
    const findings = findingsToFix(analyzer, options.paths);
    if (rounds === 0)
      for (const finding of findings)
        if (finding.file) initialRanges.set(findingIdentity(finding), finding.range);
    for (const finding of findings) {
      if (finding.exempt || !finding.file) continue;
      if (options.controlIds && !options.controlIds.has(finding.control)) continue;
      if (options.paths && !options.paths.has(finding.file)) continue;
      if (options.only && !options.only(finding)) continue;
      // A file the engine could not fully read (a syntax or structure problem) is left as it is: its
      // fixes are only counted, in the first round, to say so.
      const unread = (analyzer.getFile(finding.file)?.problems.length ?? 0) > 0;
      if (unread && rounds > 0) continue;
      const { fix } = analyzer.fixOf(finding);
      if (!fix || !classes.has(fix.class)) continue;
      if (unread) {
        unreadFiles.set(finding.file, (unreadFiles.get(finding.file) ?? 0) + 1);
        continue;
      }
      const list = perFile.get(finding.file) ?? [];
      list.push({ finding, fix });
      perFile.set(finding.file, list);
    }
    if (perFile.size === 0) break;
    const triedBefore = applied.length + rejected.length;
    for (const [path, candidates] of perFile) {
      const file = analyzer.getFile(path)!;
      if (!originals.has(path)) originals.set(path, file);
      const edits: OffsetEdit[] = [];
      const footprints: Array<[number, number]> = [];
      const accepted: Finding[] = [];
      for (const { finding, fix } of candidates) {
        const findingEdits = editOffsets(file, fix);
        // The same fix of the same finding again: it did not clear it (a draft's placeholder never does).
        const applying = `${findingIdentity(finding)}|${findingEdits.map((edit) => `${file.text.slice(edit.start, edit.end)}→${edit.newText}`).join('|')}`;
        if (seen.has(applying)) continue;
        const span = footprint(findingEdits);
        if (footprints.some((other) => touches(span, other))) continue;
        footprints.push(span);
        edits.push(...findingEdits);
        accepted.push(finding);
        seen.add(applying);
      }
      if (accepted.length === 0) continue;
      const fixed = parseFile(path, restoreBom(applyOffsetEdits(file.text, edits), file.bom));
      if (syntaxProblems(fixed) > syntaxProblems(file)) {
        rejected.push(...accepted);
        continue;
      }
      applied.push(...accepted);
      analyzer.setFile(fixed);
    }
    if (applied.length + rejected.length === triedBefore) break;
  }
  const notApplied: Record<FixClass, number> = { safe: 0, review: 0, draft: 0 };
  for (const finding of findingsToFix(analyzer, options.paths)) {
    if (finding.exempt || !finding.file) continue;
    if (options.controlIds && !options.controlIds.has(finding.control)) continue;
    if (options.paths && !options.paths.has(finding.file)) continue;
    const { fix } = analyzer.fixOf(finding);
    if (fix && !classes.has(fix.class)) notApplied[fix.class]++;
  }
  const changed = new Map<string, string>();
  for (const [path, original] of originals) {
    const now = analyzer.getFile(path)!;
    if (now.text !== original.text) changed.set(path, restoreBom(now.text, now.bom));
  }
  const originalRanges = new Map<Finding, Range | undefined>(
    applied.map((finding) => [finding, initialRanges.get(findingIdentity(finding))]),
  );
  return { changed, applied, rejected, rounds, notApplied, originalRanges, unreadFiles };
}

/** Applies the fixes to a set of files: the CLI's `fix`. */
export function fixWorkspace(
  sources: readonly SourceFile[],
  options: WorkspaceOptions & FixOptions,
): FixResult {
  return applyFixes(analyzerFor(sources, options), options);
}
