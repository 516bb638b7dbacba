import type { Finding } from '../engine/result';
import type { Verdict } from '../engine/verdict';
import type { WorkspaceResult } from '../engine/workspace';

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
  findings: JsonFinding[];
  problems: JsonProblem[];
  files: { analyzed: number; skipped: Array<{ file: string; reason: string }> };
  controlFailures: Array<{ control: string; message: string }>;
}

export function withLineColumn(finding: Finding): JsonFinding {
  if (!finding.range) return { ...finding };
  return { ...finding, line: finding.range.start.line + 1, column: finding.range.start.character + 1 };
}

/** The report the CLI prints with --format json (schema: schemas/report.schema.json). */
export function buildJsonReport(result: WorkspaceResult, toolVersion: string): JsonReport {
  const { analysis } = result;
  return {
    version: REPORT_FORMAT_VERSION,
    tool: { name: 'kube-maturity', version: toolVersion },
    stage: result.verdict,
    score: result.score,
    findings: analysis.findings.map(withLineColumn),
    problems: analysis.problems.map((problem) => ({
      file: problem.file,
      kind: problem.kind,
      message: problem.message,
      ...(problem.range
        ? { line: problem.range.start.line + 1, column: problem.range.start.character + 1 }
        : {}),
    })),
    files: {
      analyzed: analysis.analyzedFiles,
      ...(analysis.renderedDocuments > 0 ? { rendered: analysis.renderedDocuments } : {}),
      skipped: analysis.skipped,
    },
    controlFailures: analysis.controlFailures,
  };
}

/**
 * Writes the report as `JSON.stringify(report, null, 2)` would, finding by finding: a large workspace's
 * report is never held as one string (33 MB for 28,000 findings).
 */
export function writeJsonReport(report: JsonReport, write: (text: string) => void): void {
  if (report.findings.length === 0) {
    write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const placeholder = '\u0000findings\u0000';
  const [head, tail] = JSON.stringify({ ...report, findings: [placeholder] }, null, 2).split(
    JSON.stringify(placeholder),
  );
  write(head);
  report.findings.forEach((finding, index) => {
    write((index > 0 ? ',\n    ' : '') + JSON.stringify(finding, null, 2).replace(/\n/g, '\n    '));
  });
  write(`${tail}\n`);
}
