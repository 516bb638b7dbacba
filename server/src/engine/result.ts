/** What an analysis gives: findings with their fixes, the tally of every control, the files' problems. */
import type { Category, FixClass, Severity, Stage } from './control';
import type { KubeObject, ObjectRef } from './model';
import type { FileProblem, ParsedFile } from './parse';
import type { Breakdown } from './tallies';
import type { Range, TextEdit } from './text';

export interface FindingFix {
  /** What the fix does to the running workload: the control's class, or stricter for this finding. */
  class: FixClass;
  /** What the fix does ("Set securityContext.runAsNonRoot: true"), and which explicit values it overrides. */
  title: string;
  edits: FixEdit[];
}

export interface FixEdit extends TextEdit {
  /**
   * The file the edit is in when it is not the finding's (a rendered chart's fix edits its values file,
   * or creates a template: a file that does not exist yet is created with the edit's text).
   */
  file?: string;
}

/** A finding's fix, or why its control's fix is not offered for it. */
export interface FixOutcome {
  fix?: FindingFix;
  withheld?: string;
}

export interface Finding {
  control: string;
  stage: Stage;
  category: Category;
  severity: Severity;
  message: string;
  /** What the message names before the problem (the object, and its container): `message` begins with it and ': '. */
  subject?: string;
  /** Absent for workspace-wide findings, which belong to no file. */
  file?: string;
  range?: Range;
  object?: ObjectRef;
  container?: string;
  exempt?: { reason: string; source: string };
  /** Set with the finding unless the analyzer computes fixes when asked (`Analyzer.fixOf`). */
  fix?: FindingFix;
  /** Why the control's fix is not offered for this finding; set with `fix`. */
  fixWithheld?: string;
  /**
   * For a finding of a rendered chart or a built kustomization, put back on the file that wrote it:
   * where it is in the rendered document (named `template#rendered-N.yaml`, `kustomization#built-N.yaml`).
   */
  rendered?: { file: string; range?: Range };
}

export interface CheckTally {
  control: string;
  stage: Stage;
  passed: number;
  failed: number;
  exempt: number;
  /** Failed checks by their most severe finding. */
  failedErrors: number;
  failedWarnings: number;
  failedInfos: number;
}

export interface ReportedProblem {
  file: string;
  kind: FileProblem['kind'];
  message: string;
  range?: Range;
}

export interface ControlFailure {
  control: string;
  message: string;
}

export interface AnalysisResult {
  readonly objects: KubeObject[];
  /** Every finding, in report order: file by file in path order, the workspace's last. */
  readonly findings: Finding[];
  /**
   * The same findings in the same order, for a reader that reads each once (a report): a CLI analysis
   * makes each file's when it is reached and keeps none of them.
   */
  eachFinding(): Iterable<Finding>;
  readonly tallies: CheckTally[];
  /** The checks by namespace and by folder, for the report's breakdown. */
  readonly breakdown: Breakdown;
  readonly problems: ReportedProblem[];
  readonly skipped: Array<{ file: string; reason: string }>;
  /** Files of the workspace analysed (rendered documents not counted). */
  readonly analyzedFiles: number;
  /** Documents a chart's render or a kustomization's build gave, analysed in place of their files. */
  readonly renderedDocuments: number;
  /** Controls that threw: each is reported once, the others still ran. */
  readonly controlFailures: ControlFailure[];
}

export const RENDERED_DOCUMENT_SUFFIX = /#(?:rendered|built)-\d+\.yaml$/;

/** The path a rendered or built document is analysed under (`template#rendered-N.yaml`, `kustomization#built-N.yaml`). */
export function isRenderedDocumentPath(path: string): boolean {
  return RENDERED_DOCUMENT_SUFFIX.test(path);
}

export function reportedProblem(file: ParsedFile, problem: FileProblem): ReportedProblem {
  return {
    file: file.path,
    kind: problem.kind,
    message: problem.message,
    range: problem.span ? file.lines.range(problem.span[0], problem.span[1]) : undefined,
  };
}

/** Report order within a file: by position. */
export function byPosition(a: Finding, b: Finding): number {
  return (
    (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) ||
    (a.range?.start.character ?? 0) - (b.range?.start.character ?? 0)
  );
}

export interface SnapshotParts {
  objects: KubeObject[];
  files: readonly ParsedFile[];
  /** Why files are skipped beyond what they say themselves: Kustomize patches, files a render stands for. */
  skipReasons: ReadonlyMap<string, string>;
  /** The findings of `files[index]`, in report order. */
  findingsOfFile(index: number): Finding[];
  workspaceFindings: Finding[];
  tallies: AnalysisResult['tallies'];
  breakdown: Breakdown;
  /** As they are when read: a fix that throws while findings are made on demand is one more. */
  controlFailures(): ControlFailure[];
}

/**
 * One run's result: its findings are made each time they are read (the language server reads them per
 * file), the file summary when first read. A fix asked of it after a later parse of the finding's file
 * moved its document is withheld: the analysis to ask is the current one.
 */
export class AnalysisSnapshot implements AnalysisResult {
  readonly objects: KubeObject[];
  readonly tallies: AnalysisResult['tallies'];
  readonly breakdown: Breakdown;
  private summary?: {
    problems: ReportedProblem[];
    skipped: AnalysisResult['skipped'];
    analyzedFiles: number;
    renderedDocuments: number;
  };

  constructor(private readonly parts: SnapshotParts) {
    this.objects = parts.objects;
    this.tallies = parts.tallies;
    this.breakdown = parts.breakdown;
  }

  get controlFailures(): ControlFailure[] {
    return this.parts.controlFailures();
  }

  /** Every finding, made when read (kept by nobody: reading twice makes them twice). */
  get findings(): Finding[] {
    return [...this.eachFinding()];
  }

  *eachFinding(): Generator<Finding> {
    for (let index = 0; index < this.parts.files.length; index++) yield* this.parts.findingsOfFile(index);
    yield* this.parts.workspaceFindings;
  }

  get problems(): ReportedProblem[] {
    return this.fileSummary().problems;
  }

  get skipped(): AnalysisResult['skipped'] {
    return this.fileSummary().skipped;
  }

  get analyzedFiles(): number {
    return this.fileSummary().analyzedFiles;
  }

  get renderedDocuments(): number {
    return this.fileSummary().renderedDocuments;
  }

  private fileSummary(): NonNullable<AnalysisSnapshot['summary']> {
    if (this.summary) return this.summary;
    const problems: ReportedProblem[] = [];
    const skipped: AnalysisResult['skipped'] = [];
    let analyzedFiles = 0;
    let renderedDocuments = 0;
    for (const file of this.parts.files) {
      const reason = this.parts.skipReasons.get(file.path) ?? file.skipped;
      if (reason) {
        skipped.push({ file: file.path, reason });
        continue;
      }
      if (isRenderedDocumentPath(file.path)) renderedDocuments++;
      else analyzedFiles++;
      for (const problem of file.problems) problems.push(reportedProblem(file, problem));
    }
    this.summary = { problems, skipped, analyzedFiles, renderedDocuments };
    return this.summary;
  }
}

/** An analysis with other findings (rendered ones put back on the files that wrote them); the rest is its. */
export class WithFindings implements AnalysisResult {
  constructor(
    private readonly base: AnalysisResult,
    readonly findings: Finding[],
  ) {}

  eachFinding(): Iterable<Finding> {
    return this.findings;
  }

  get objects(): KubeObject[] {
    return this.base.objects;
  }

  get tallies(): AnalysisResult['tallies'] {
    return this.base.tallies;
  }

  get breakdown(): AnalysisResult['breakdown'] {
    return this.base.breakdown;
  }

  get problems(): ReportedProblem[] {
    return this.base.problems;
  }

  get skipped(): AnalysisResult['skipped'] {
    return this.base.skipped;
  }

  get analyzedFiles(): number {
    return this.base.analyzedFiles;
  }

  get renderedDocuments(): number {
    return this.base.renderedDocuments;
  }

  get controlFailures(): ControlFailure[] {
    return this.base.controlFailures;
  }
}
