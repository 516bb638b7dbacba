import type { Severity } from '../engine/control';
import { byPath } from '../engine/fileSet';
import { byPosition, type Finding, type ReportedProblem } from '../engine/result';
import type { StageReport } from '../engine/verdict';
import type { WorkspaceResult } from '../engine/workspace';
import { percentOf } from './coverage';
import type { Piece } from './jsonText';
import type { PreparedFindings } from './prepared';

export interface TextOptions {
  color: boolean;
  /** List exempt findings too (greyed, with their reason). */
  showExempt?: boolean;
}

type Paint = (code: string, text: string) => string;

const SEVERITY_COLOR: Record<Severity, string> = { error: '31', warning: '33', info: '36' };

function stageStatus(report: StageReport): string {
  if (!report.evidenced) return 'not evidenced';
  return report.met ? 'met' : 'not met';
}

/** The human report: findings grouped by file with 1-based file:line:col, then the maturity summary. */
export function renderText(result: WorkspaceResult, options: TextOptions): string {
  return [...textReportLines(result, options)].join('\n');
}

/** What the text report counts of the findings, listed or not. */
export interface TextCounts {
  error: number;
  warning: number;
  info: number;
  exempt: number;
}

export function noCounts(): TextCounts {
  return { error: 0, warning: 0, info: 0, exempt: 0 };
}

function painter(options: TextOptions): Paint {
  return options.color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
}

/**
 * The report's file sections: each file's problems and findings under its name, in path order; the
 * findings come in report order (each file's together, the workspace's last), the problems in any order
 * (a file with problems and no finding gets its section in its place). Adds every finding to `counts`.
 */
export function* fileSections(
  findings: Iterable<Finding>,
  problems: readonly ReportedProblem[],
  options: TextOptions,
  counts: TextCounts,
): Generator<string> {
  const paint = painter(options);
  const problemsByFile = new Map<string, ReportedProblem[]>();
  for (const problem of problems) {
    const list = problemsByFile.get(problem.file) ?? [];
    list.push(problem);
    problemsByFile.set(problem.file, list);
  }
  const problemFiles = [...problemsByFile.keys()].sort(byPath);
  let nextProblemFile = 0;

  function* section(file: string, shown: Finding[]): Generator<string> {
    yield paint('1;4', file === '' ? '(workspace)' : file);
    for (const problem of problemsByFile.get(file) ?? []) {
      const where = problem.range
        ? `${file}:${problem.range.start.line + 1}:${problem.range.start.character + 1}`
        : file;
      yield `  ${where}  ${paint('31', 'error')}  ${problem.kind}  ${problem.message}`;
    }
    for (const finding of shown.sort(byPosition)) {
      const where = finding.range
        ? `${file}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`
        : '-';
      const fix = finding.fix
        ? paint('2', ` [${finding.fix.class} fix]`)
        : finding.fixWithheld
          ? paint('2', ` [no fix: ${finding.fixWithheld}]`)
          : '';
      const line = `  ${where}  ${paint(SEVERITY_COLOR[finding.severity], finding.severity)}  ${finding.control}  ${finding.message}${fix}`;
      yield finding.exempt ? paint('2', `${line}  (exempt: ${finding.exempt.reason})`) : line;
    }
    yield '';
  }
  /** The files with problems and no findings that come before `file` (all that are left, before the workspace's). */
  function* problemsOnlyBefore(file: string): Generator<string> {
    while (nextProblemFile < problemFiles.length && (file === '' || problemFiles[nextProblemFile] < file))
      yield* section(problemFiles[nextProblemFile++], []);
    if (problemFiles[nextProblemFile] === file) nextProblemFile++;
  }

  let file: string | undefined;
  let shown: Finding[] = [];
  for (const finding of findings) {
    if (finding.exempt) counts.exempt++;
    else counts[finding.severity]++;
    if (finding.exempt && !options.showExempt) continue;
    const key = finding.file ?? '';
    if (key !== file) {
      if (file !== undefined) yield* section(file, shown);
      yield* problemsOnlyBefore(key);
      file = key;
      shown = [];
    }
    shown.push(finding);
  }
  if (file !== undefined) yield* section(file, shown);
  for (const remaining of problemFiles.slice(nextProblemFile)) yield* section(remaining, []);
}

/**
 * The human report's lines (without their line ends), each made in its turn. With `prepared`, the file
 * sections come from the workers that made them (each promised piece whole lines, '' for none), the
 * workspace's findings from here.
 */
export function* textReportLines(
  result: WorkspaceResult,
  options: TextOptions,
  prepared?: PreparedFindings,
): Generator<Piece> {
  const paint = painter(options);
  const { analysis, verdict } = result;

  const counts = noCounts();
  let sectionsWritten: Promise<unknown> = Promise.resolve();
  if (prepared) {
    for (const piece of prepared.sections(options)) {
      const lines = piece.then((made) => {
        for (const key of ['error', 'warning', 'info', 'exempt'] as const) counts[key] += made.counts[key];
        return made.lines;
      });
      sectionsWritten = lines;
      yield lines;
    }
    yield* fileSections(prepared.workspaceFindings, [], options, counts);
  } else {
    yield* fileSections(analysis.eachFinding(), analysis.problems, options, counts);
  }

  if (analysis.skipped.length > 0) {
    yield paint('1', `Skipped ${analysis.skipped.length} file(s):`);
    for (const skipped of analysis.skipped) yield `  ${skipped.file}: ${skipped.reason}`;
    yield '';
  }
  for (const failure of analysis.controlFailures) yield paint('31', `internal: ${failure.message}`);

  const summary = () =>
    `${analysis.analyzedFiles} file(s)${analysis.renderedDocuments > 0 ? ` and ${analysis.renderedDocuments} rendered document(s)` : ''} analysed, ${analysis.objects.length} object(s): ` +
    `${paint('31', `${counts.error} error(s)`)}, ${paint('33', `${counts.warning} warning(s)`)}, ` +
    `${paint('36', `${counts.info} info`)}, ${counts.exempt} exempt, ${analysis.problems.length} file problem(s)`;
  // Counted once every section is made.
  yield prepared ? sectionsWritten.then(summary) : summary();
  yield '';

  if (verdict.stage === null) {
    yield paint('1', 'Maturity: no Kubernetes manifests found');
    return;
  }
  yield `${paint('1', `Maturity: ${verdict.summary}`)}   score ${result.score}/100   (threshold ${verdict.threshold}%)`;
  if (verdict.reason) yield `  Why not higher: ${verdict.reason}`;
  const width = Math.max(...verdict.stages.map((s) => s.name.length)) + 4;
  for (const stage of verdict.stages) {
    const marker = stage.met ? paint('32', '✔') : stage.evidenced ? paint('31', '✖') : paint('2', '·');
    const counts =
      stage.stage === 1 && verdict.model === 'fairwinds'
        ? `${analysis.objects.length} Kubernetes object(s)`
        : stage.evidenced
          ? `${stage.passed} passed, ${stage.failed} failed, ${stage.exempt} exempt${stage.errors ? `, ${stage.errors} error(s)` : ''}`
          : '';
    yield `  ${marker} ${`${stage.stage} ${stage.name}`.padEnd(width)} ${stageStatus(stage).padEnd(14)} ${percentOf(stage.coverage, verdict.threshold).padStart(4)}  ${counts}`;
  }
  if (verdict.metAhead.length > 0)
    yield `  Already met above the current ${verdict.model === 'cncf' ? 'level' : 'stage'}: ${verdict.metAhead.join(', ')}`;
  if (verdict.blockingStage !== null && verdict.nextSteps.length > 0) {
    const blocking = verdict.stages.find((stage) => stage.stage === verdict.blockingStage);
    const need = verdict.toMeetBlockingStage;
    yield '';
    yield paint(
      '1',
      `Next steps to meet ${verdict.model === 'cncf' ? 'level' : 'stage'} ${verdict.blockingStage} (${blocking?.name})`,
    ) +
      (need
        ? `: fix at least ${need.checks} failed check(s)${need.errors ? `, including all ${need.errors} error(s)` : ''}`
        : '');
    for (const step of verdict.nextSteps.slice(0, 10)) {
      yield `  ${paint(SEVERITY_COLOR[step.severity], step.severity.padEnd(7))} ${step.control} (${step.failed}): ${step.title}`;
    }
    if (verdict.nextSteps.length > 10) yield `  … and ${verdict.nextSteps.length - 10} more control(s)`;
  }
}
