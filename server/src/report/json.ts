import type { Finding } from '../engine/result';
import type { Breakdown, StageCounts } from '../engine/tallies';
import type { Verdict } from '../engine/verdict';
import type { WorkspaceResult } from '../engine/workspace';
import { jsonText, LazyList, type Piece, PreparedList } from './jsonText';
import type { PreparedFindings } from './prepared';

export const REPORT_FORMAT_VERSION = 1;

export interface JsonFinding extends Finding {
  /** 1-based line and column of the range start, as editors and CI logs show them. */
  line?: number;
  column?: number;
}

export interface JsonProblem {
  file: string;
  kind: string;
  message: string;
  line?: number;
  column?: number;
}

export interface JsonReport {
  version: number;
  tool: { name: 'kube-maturity'; version: string };
  stage: Verdict;
  score: number;
  breakdown: {
    namespaces: Array<{ namespace: string; stages: JsonStageCounts[] }>;
    folders: Array<{ folder: string; stages: JsonStageCounts[] }>;
  };
  findings: JsonFinding[];
  problems: JsonProblem[];
  files: { analyzed: number; skipped: Array<{ file: string; reason: string }> };
  controlFailures: Array<{ control: string; message: string }>;
}

export interface JsonStageCounts {
  stage: number;
  passed: number;
  failed: number;
  exempt: number;
  errors: number;
}

function stagesOf(counts: StageCounts): JsonStageCounts[] {
  return Array.from({ length: 7 }, (_, index) => ({
    stage: index + 1,
    passed: counts[index * 4],
    failed: counts[index * 4 + 1],
    exempt: counts[index * 4 + 2],
    errors: counts[index * 4 + 3],
  }));
}

/** The breakdown as the JSON report writes it. */
export function jsonBreakdown(breakdown: Breakdown): JsonReport['breakdown'] {
  return {
    namespaces: breakdown.namespaces.map(([namespace, counts]) => ({ namespace, stages: stagesOf(counts) })),
    folders: breakdown.folders.map(([folder, counts]) => ({ folder, stages: stagesOf(counts) })),
  };
}

export function withLineColumn(finding: Finding): JsonFinding {
  // Not a spread: V8 makes a spread copy of a finding in the old generation, where 200,000 of them wait
  // for a full collection (150 MB at 10,000 files).
  if (!finding.range) return Object.assign({}, finding);
  return Object.assign({}, finding, {
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
  });
}

/** The report the CLI prints with --format json (schema: schemas/report.schema.json). */
export function buildJsonReport(result: WorkspaceResult, toolVersion: string): JsonReport {
  const report = jsonReportOf(result, toolVersion);
  const findings = [...report.findings.items()];
  const problems = [...report.problems.items()];
  return { ...report, findings, problems, controlFailures: [...report.controlFailures.items()] };
}

/**
 * The JSON report's text, in pieces: each finding is made and written in its turn (a large workspace's
 * report is never held whole: 33 MB for 28,000 findings).
 */
export function jsonReportText(
  result: WorkspaceResult,
  toolVersion: string,
  prepared?: PreparedFindings,
): Iterable<Piece> {
  return (function* () {
    const report = jsonReportOf(result, toolVersion);
    yield* jsonText(
      prepared ? { ...report, findings: new PreparedList((depth) => prepared.items('json', depth)) } : report,
    );
    yield '\n';
  })();
}

type LazyReport = Omit<JsonReport, 'findings' | 'problems' | 'controlFailures'> & {
  findings: LazyList<JsonFinding>;
  problems: LazyList<JsonProblem>;
  controlFailures: LazyList<JsonReport['controlFailures'][number]>;
};

function jsonReportOf(result: WorkspaceResult, toolVersion: string): LazyReport {
  const { analysis } = result;
  return {
    version: REPORT_FORMAT_VERSION,
    tool: { name: 'kube-maturity', version: toolVersion },
    stage: result.verdict,
    score: result.score,
    breakdown: jsonBreakdown(analysis.breakdown),
    findings: new LazyList(function* () {
      for (const finding of analysis.eachFinding()) yield withLineColumn(finding);
    }),
    problems: new LazyList(function* () {
      for (const problem of analysis.problems)
        yield {
          file: problem.file,
          kind: problem.kind,
          message: problem.message,
          ...(problem.range
            ? { line: problem.range.start.line + 1, column: problem.range.start.character + 1 }
            : {}),
        };
    }),
    files: {
      analyzed: analysis.analyzedFiles,
      ...(analysis.renderedDocuments > 0 ? { rendered: analysis.renderedDocuments } : {}),
      skipped: analysis.skipped,
    },
    // Read once the findings are written: a fix that throws while they are made is among them.
    controlFailures: new LazyList(() => analysis.controlFailures),
  };
}
