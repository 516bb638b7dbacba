import type { AnyControl, Severity } from '../engine/control';
import type { Finding } from '../engine/result';
import { FAIRWINDS_STAGES } from '../engine/verdict';
import type { WorkspaceResult } from '../engine/workspace';
import { jsonText, LazyList, type Piece, PreparedList } from './jsonText';
import type { PreparedFindings } from './prepared';

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

function artifactUri(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/**
 * SARIF 2.1.0, its text in pieces: one result per non-exempt finding, each made and written in its turn;
 * file problems become tool execution notifications.
 */
export function sarifReportText(
  result: WorkspaceResult,
  controls: readonly AnyControl[],
  toolVersion: string,
  helpUriBase?: string,
  prepared?: PreparedFindings,
): Iterable<Piece> {
  return (function* () {
    yield* jsonText(sarifReportOf(result, controls, toolVersion, helpUriBase, prepared));
    yield '\n';
  })();
}

/** Each rule's position in the run's rules: the controls' catalog order. */
export function sarifRuleIndex(controls: readonly AnyControl[]): Map<string, number> {
  return new Map(controls.map((control, index) => [control.meta.id, index]));
}

/** The SARIF results of findings: one per finding not exempt. */
export function* sarifResultsOf(
  findings: Iterable<Finding>,
  ruleIndex: ReadonlyMap<string, number>,
): Generator<ReturnType<typeof sarifResult>> {
  for (const finding of findings) if (!finding.exempt) yield sarifResult(finding, ruleIndex);
}

function sarifReportOf(
  result: WorkspaceResult,
  controls: readonly AnyControl[],
  toolVersion: string,
  helpUriBase?: string,
  prepared?: PreparedFindings,
) {
  const ruleIndex = sarifRuleIndex(controls);
  const rules = controls.map(({ meta }) => ({
    id: meta.id,
    name: meta.id
      .split('-')
      .map((word) => word[0].toUpperCase() + word.slice(1))
      .join(''),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: {
      text: `${meta.description}\n\nHow to fix: ${meta.remediation}\n\nMaturity stage ${meta.stage} (${FAIRWINDS_STAGES[meta.stage]}).`,
      markdown: `${meta.description}\n\n**How to fix:** ${meta.remediation}\n\n**Maturity stage:** ${meta.stage} · ${FAIRWINDS_STAGES[meta.stage]}`,
    },
    ...(helpUriBase ? { helpUri: `${helpUriBase}${meta.id}.md` } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[meta.severity] },
    properties: {
      stage: meta.stage,
      stageName: FAIRWINDS_STAGES[meta.stage],
      category: meta.category,
      fix: meta.fix,
      tags: [meta.category, `stage-${meta.stage}`],
    },
  }));

  const { analysis } = result;
  const results = prepared
    ? new PreparedList((depth) => prepared.items('sarif', depth))
    : new LazyList(() => sarifResultsOf(analysis.eachFinding(), ruleIndex));

  const notifications = result.analysis.problems.map((problem) => ({
    level: 'error' as const,
    message: { text: problem.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(problem.file), uriBaseId: '%SRCROOT%' },
          ...(problem.range
            ? {
                region: {
                  startLine: problem.range.start.line + 1,
                  startColumn: problem.range.start.character + 1,
                },
              }
            : {}),
        },
      },
    ],
  }));

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kube-maturity',
            version: toolVersion,
            semanticVersion: toolVersion,
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: './' } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...notifications,
              ...result.analysis.skipped.map((skipped) => ({
                level: 'note' as const,
                message: { text: `skipped: ${skipped.reason}` },
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: artifactUri(skipped.file), uriBaseId: '%SRCROOT%' },
                    },
                  },
                ],
              })),
            ],
          },
        ],
        results,
        properties: {
          stage: result.verdict.stage,
          stageName: result.verdict.name,
          model: result.verdict.model,
          score: result.score,
        },
      },
    ],
  };
}

function sarifResult(finding: Finding, ruleIndex: ReadonlyMap<string, number>) {
  return {
    ruleId: finding.control,
    ruleIndex: ruleIndex.get(finding.control) ?? -1,
    level: SARIF_LEVEL[finding.severity],
    message: { text: finding.message },
    ...(finding.file && finding.range
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(finding.file), uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: finding.range.start.line + 1,
                  startColumn: finding.range.start.character + 1,
                  endLine: finding.range.end.line + 1,
                  endColumn: finding.range.end.character + 1,
                },
              },
            },
          ],
        }
      : {}),
    properties: {
      stage: finding.stage,
      category: finding.category,
      ...(finding.object ? { object: finding.object } : {}),
      ...(finding.container ? { container: finding.container } : {}),
    },
  };
}
