import {
  type CodeAction,
  type CodeActionContext,
  CodeActionKind,
  type Diagnostic,
} from 'vscode-languageserver/node';
import type { Finding, FixOutcome } from '../engine/analyze';
import { FIX_CLASSES, type FixClass } from '../engine/control';
import type { ParsedFile } from '../engine/parse';
import type { TextEdit } from '../engine/text';
import { type DiagnosticData, SHOW_DOCUMENTATION_COMMAND } from '../protocol';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { ignoreByAnnotationEdits, ignoreByCommentEdit, objectOfFinding, sameRange } from './edits';
import type { FixAllScope } from './fixes';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kubeMaturity`;
/** Quick fixes carry their class in their kind: quickfix.kubeMaturity.safe, .review, .draft. */
export const quickFixKind = (fixClass: FixClass) => `${CodeActionKind.QuickFix}.kubeMaturity.${fixClass}`;
/** Every kind of action the server offers, for its capabilities. */
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, ...FIX_CLASSES.map(quickFixKind), FIX_ALL_KIND];
export const FIX_CLASS_LABEL: Record<FixClass, string> = { safe: '', review: ' (review)', draft: ' (draft)' };

/** What the code actions of a document are computed from. */
export interface CodeActionInput {
  /** The document's URI: the edits are keyed by it. */
  uri: string;
  /** The document as the engine analysed it. */
  file: ParsedFile;
  /** The engine's findings of the document. */
  findings: readonly Finding[];
  /** A finding's fix, or why none is offered (the analyzer computes it when asked: `Analyzer.fixOf`). */
  fixOf: (finding: Finding) => FixOutcome;
  context: CodeActionContext;
  /** True when the analysis is of the version the editor holds: fix-all on save applies to nothing else. */
  analysisIsCurrent: boolean;
  /** The fixes of a scope in the document as one edit, computed without touching the analysis (FixPreview). */
  fixAllEdit: (scope: FixAllScope) => TextEdit | undefined;
}

/**
 * The code actions of a document: with `only` asking for fix-all, the safe fixes in one edit (the editor
 * asks on save); otherwise, for each kube-maturity diagnostic in the context, the finding's fix, the fix of
 * all its control's findings in the file, the ignore edits and its documentation.
 */
export function codeActions(input: CodeActionInput): CodeAction[] {
  const only = input.context.only;
  const wants = (kind: string) => asksFor(input.context, kind);
  if (only && wants(FIX_ALL_KIND)) return input.analysisIsCurrent ? fixAllActions(input) : [];
  if (!wants(CodeActionKind.QuickFix)) return [];
  return input.context.diagnostics.flatMap((diagnostic) => diagnosticActions(input, diagnostic));
}

function fixAllActions({ uri, fixAllEdit }: CodeActionInput): CodeAction[] {
  const edit = fixAllEdit({ classes: ['safe'] });
  if (!edit) return [];
  return [
    {
      title: 'kube-maturity: apply all safe fixes',
      kind: FIX_ALL_KIND,
      edit: { changes: { [uri]: [edit] } },
    },
  ];
}

/** True when the context asks for actions of `kind` (no `only` asks for every kind). */
export function asksFor(context: CodeActionContext, kind: string): boolean {
  return (
    !context.only || context.only.some((requested) => kind === requested || kind.startsWith(`${requested}.`))
  );
}

/** The finding a diagnostic was published for, by its control and range (never by its message). */
export function findingOf(findings: readonly Finding[], diagnostic: Diagnostic): Finding | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const control = (diagnostic.data as DiagnosticData | undefined)?.control;
  if (!control) return undefined;
  return findings.find(
    (candidate) =>
      candidate.control === control && !candidate.exempt && sameRange(candidate.range, diagnostic.range),
  );
}

function diagnosticActions(input: CodeActionInput, diagnostic: Diagnostic): CodeAction[] {
  const { uri, file, findings } = input;
  const finding = findingOf(findings, diagnostic);
  if (!finding) return [];
  const actions: CodeAction[] = [];
  const { fix } = input.fixOf(finding);
  if (fix) {
    actions.push({
      title: `${fix.title}${FIX_CLASS_LABEL[fix.class]}`,
      kind: quickFixKind(fix.class),
      diagnostics: [diagnostic],
      isPreferred: fix.class === 'safe',
      edit: { changes: { [uri]: fix.edits } },
    });
    const fixAll = fixAllOfControlAction(input, finding.control, fix.class);
    if (fixAll) actions.push(fixAll);
  }
  const object = objectOfFinding(file, finding);
  if (object) {
    const annotation = ignoreByAnnotationEdits(file, object, finding.control);
    if (annotation) {
      actions.push({
        title: `Ignore ${finding.control} for ${object.kind} ${object.name}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [uri]: annotation } },
      });
    }
    const comment = ignoreByCommentEdit(file, object, finding);
    if (comment) {
      actions.push({
        title: `Ignore ${finding.control} with a comment`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [uri]: [comment] } },
      });
    }
  }
  actions.push({
    title: `Show documentation for ${finding.control}`,
    kind: CodeActionKind.QuickFix,
    command: {
      title: 'Show documentation',
      command: SHOW_DOCUMENTATION_COMMAND,
      arguments: [finding.control],
    },
  });
  return actions;
}

/** "Fix all <control> problems in this file", when the control has more than one such fix in the file. */
function fixAllOfControlAction(
  { uri, findings, fixOf, fixAllEdit }: CodeActionInput,
  control: string,
  fixClass: FixClass,
): CodeAction | undefined {
  const sameControl = findings.filter(
    (candidate) =>
      candidate.control === control && !candidate.exempt && fixOf(candidate).fix?.class === fixClass,
  );
  if (sameControl.length <= 1) return undefined;
  const edit = fixAllEdit({ classes: [fixClass], controlIds: new Set([control]) });
  if (!edit) return undefined;
  return {
    title: `Fix all ${control} problems in this file (${sameControl.length})${FIX_CLASS_LABEL[fixClass]}`,
    kind: quickFixKind(fixClass),
    edit: { changes: { [uri]: [edit] } },
  };
}
