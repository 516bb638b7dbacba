import {
  type Diagnostic,
  DiagnosticSeverity,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import type { Finding, ReportedProblem } from '../engine/analyze';
import type { Range } from '../engine/text';
import { type MaturityModel, stageLabel } from '../engine/verdict';
import type { DiagnosticData } from '../protocol';
import { docsUri } from './controlCatalog';

export const DIAGNOSTIC_SOURCE = 'kube-maturity';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};
const START_OF_FILE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** A problem of a file's configuration, at its position when it has one. */
export interface ConfigProblem {
  message: string;
  range?: Range;
}

/**
 * The diagnostics of one analysed version of a document: the file's problems (syntax, types), then its
 * findings that are not exempt, each carrying its control and the version for the code actions.
 */
export function documentDiagnostics(
  problems: readonly ReportedProblem[],
  findings: readonly Finding[],
  version: number,
  lens: MaturityModel,
  /** The URI of a rendered document, for a finding of a chart or kustomization put back on its file. */
  renderedUri?: (path: string) => string,
  /** Why a chart or kustomization of this file was not rendered. */
  notices: readonly string[] = [],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = problems.map((problem) => ({
    range: problem.range ?? START_OF_FILE,
    severity: DiagnosticSeverity.Error,
    source: DIAGNOSTIC_SOURCE,
    code: problem.kind,
    message: problem.message,
  }));
  for (const notice of notices)
    diagnostics.push({
      range: START_OF_FILE,
      severity: DiagnosticSeverity.Information,
      source: DIAGNOSTIC_SOURCE,
      code: 'render',
      message: notice,
    });
  for (const finding of findings) {
    if (finding.exempt || !finding.range) continue;
    const href = docsUri(finding.control);
    const data: DiagnosticData = { control: finding.control, version };
    diagnostics.push({
      range: finding.range,
      severity: SEVERITY[finding.severity],
      code: finding.control,
      ...(href ? { codeDescription: { href } } : {}),
      source: DIAGNOSTIC_SOURCE,
      message: `${problemFirst(finding)} [${stageLabel(lens, finding.stage)}]`,
      data,
      ...(finding.rendered?.range && renderedUri
        ? {
            relatedInformation: [
              {
                location: { uri: renderedUri(finding.rendered.file), range: finding.rendered.range },
                message: renderedMessage(finding),
              },
            ],
          }
        : {}),
    });
  }
  return diagnostics;
}

/**
 * The message as the Problems panel shows it: the problem first, then what it is about
 * (`no livenessProbe: Deployment shop/cart, container cart`), so that its cut-off column says what is wrong.
 */
export function problemFirst(finding: Pick<Finding, 'message' | 'subject'>): string {
  const problem = problemOf(finding);
  return problem === finding.message ? problem : `${problem}: ${finding.subject}`;
}

/** The message without what it is about (`no livenessProbe`). */
export function problemOf({ message, subject }: Pick<Finding, 'message' | 'subject'>): string {
  return subject && message.startsWith(`${subject}: `) ? message.slice(subject.length + 2) : message;
}

function renderedMessage(finding: Finding): string {
  const how = /#built-\d+\.yaml$/.test(finding.rendered?.file ?? '') ? 'kustomize build' : 'helm template';
  const object = finding.object
    ? ` ${finding.object.kind} ${finding.object.namespace ? `${finding.object.namespace}/` : ''}${finding.object.name}`
    : '';
  return `as rendered by ${how}:${object}`;
}

/** The diagnostics of a `.kube-maturity.yaml`: its problem, or none to clear the last one. */
export function configDiagnostics(problem: ConfigProblem | undefined): Diagnostic[] {
  return problem
    ? [
        {
          range: problem.range ?? START_OF_FILE,
          severity: DiagnosticSeverity.Error,
          source: DIAGNOSTIC_SOURCE,
          message: problem.message,
        },
      ]
    : [];
}

/** Sends the diagnostics of open documents, remembering which version each was last analysed at. */
export class DiagnosticsPublisher {
  /** The analysed version of each open document, for code actions on stale diagnostics. */
  private readonly analyzedVersions = new Map<string, number>();
  /** What was last published for each document, so that unchanged diagnostics are not sent again. */
  private readonly published = new Map<
    string,
    { version: number; diagnostics: Diagnostic[]; json?: string }
  >();

  constructor(private readonly send: (params: PublishDiagnosticsParams) => void) {}

  analyzedVersionOf(uri: string): number | undefined {
    return this.analyzedVersions.get(uri);
  }

  /** A new version is always published; the same version only when its diagnostics changed. */
  publish(uri: string, version: number, diagnostics: Diagnostic[]): void {
    this.analyzedVersions.set(uri, version);
    const last = this.published.get(uri);
    if (last && last.version === version) {
      const json = JSON.stringify(diagnostics);
      last.json ??= JSON.stringify(last.diagnostics);
      if (json === last.json) return;
      this.published.set(uri, { version, diagnostics, json });
    } else {
      this.published.set(uri, { version, diagnostics });
    }
    this.send({ uri, version, diagnostics });
  }

  /** A closed document: forgotten, and its diagnostics cleared. */
  close(uri: string): void {
    this.analyzedVersions.delete(uri);
    this.published.delete(uri);
    this.send({ uri, diagnostics: [] });
  }
}
