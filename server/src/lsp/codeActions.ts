import {
  type CodeAction,
  type CodeActionContext,
  CodeActionKind,
  type Diagnostic,
} from 'vscode-languageserver/node';
import type { Finding, FixOutcome } from '../engine/analyze';
import { FIX_CLASSES, type FixClass, SEVERITY_RANK } from '../engine/control';
import type { ParsedFile } from '../engine/parse';
import type { Range, TextEdit } from '../engine/text';
import { type DiagnosticData, SHOW_DOCUMENTATION_COMMAND } from '../protocol';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import {
  ignoreByAnnotationEdits,
  ignoreByCommentEdit,
  objectOfFinding,
  REASON_MARK,
  sameRange,
} from './edits';
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
  /** The document's version, for edits that name it (snippet edits). */
  version?: number;
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
  /** The client applies snippet edits (LSP 3.18): the ignore actions put the cursor on the reason. */
  snippetEdits?: boolean;
}

/** The light bulb holds no more than this many entries, however many findings share a place. */
export const MAX_LIGHT_BULB_ACTIONS = 12;

/**
 * The code actions of a document: with `only` asking for fix-all, the safe fixes in one edit (the editor
 * asks on save); otherwise the light bulb of the diagnostics at the cursor (`lightBulb`).
 */
export function codeActions(input: CodeActionInput): CodeAction[] {
  const only = input.context.only;
  const wants = (kind: string) => asksFor(input.context, kind);
  if (only && wants(FIX_ALL_KIND)) return input.analysisIsCurrent ? fixAllActions(input) : [];
  if (!wants(CodeActionKind.QuickFix)) return [];
  return lightBulb(input);
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

interface AtCursor {
  diagnostic: Diagnostic;
  finding: Finding;
}

/** The lines and characters a range spans, to prefer the most specific of the findings at the cursor. */
function extent(range: Range | undefined): number {
  if (!range) return Number.MAX_SAFE_INTEGER;
  return (range.end.line - range.start.line) * 100_000 + (range.end.character - range.start.character);
}

/**
 * The findings at the cursor, the one the cursor is on first: the most specific range, then the most
 * severe, then the report order (the catalog's).
 */
export function rankAtCursor<T extends { finding: Pick<Finding, 'range' | 'severity'> }>(
  entries: readonly T[],
): T[] {
  return entries
    .map((entry, order) => ({ entry, order }))
    .sort(
      (a, b) =>
        extent(a.entry.finding.range) - extent(b.entry.finding.range) ||
        SEVERITY_RANK[b.entry.finding.severity] - SEVERITY_RANK[a.entry.finding.severity] ||
        a.order - b.order,
    )
    .map(({ entry }) => entry);
}

/**
 * The light bulb, in this order: the fix of the finding the cursor is on, "fix all safe problems" of its
 * container (or object), "fix all" of its control in the file, the fixes of the other findings there,
 * the ignore actions for its control, its documentation; never more than MAX_LIGHT_BULB_ACTIONS. Every
 * action names the diagnostic, so that the editor keeps this order (it puts actions without one last).
 */
function lightBulb(input: CodeActionInput): CodeAction[] {
  const atCursor: AtCursor[] = [];
  for (const diagnostic of input.context.diagnostics) {
    const finding = findingOf(input.findings, diagnostic);
    if (finding && !atCursor.some((entry) => entry.finding === finding))
      atCursor.push({ diagnostic, finding });
  }
  if (atCursor.length === 0) return [];
  const [primary, ...others] = rankAtCursor(atCursor);
  const { finding, diagnostic } = primary;
  const diagnostics = [diagnostic];
  const head: CodeAction[] = [];
  const { fix } = input.fixOf(finding);
  if (fix) head.push(fixAction(input, primary, fix, true));
  const scopeAll = fixAllSafeOfScopeAction(input, finding, diagnostics);
  if (scopeAll) head.push(scopeAll);
  if (fix) {
    const controlAll = fixAllOfControlAction(input, finding.control, fix.class, diagnostics);
    if (controlAll) head.push(controlAll);
  }
  const tail = [
    ...ignoreActions(input, finding, diagnostics),
    documentationAction(finding.control, diagnostics),
  ];
  const room = MAX_LIGHT_BULB_ACTIONS - head.length - tail.length;
  const otherFixes: CodeAction[] = [];
  for (const other of others) {
    if (otherFixes.length >= room) break;
    const otherFix = input.fixOf(other.finding).fix;
    if (otherFix) otherFixes.push(fixAction(input, other, otherFix, false));
  }
  return [...head, ...otherFixes, ...tail];
}

function fixAction(
  { uri }: CodeActionInput,
  { diagnostic }: AtCursor,
  fix: NonNullable<FixOutcome['fix']>,
  underCursor: boolean,
): CodeAction {
  return {
    title: `${fix.title}${FIX_CLASS_LABEL[fix.class]}`,
    kind: quickFixKind(fix.class),
    diagnostics: [diagnostic],
    isPreferred: underCursor && fix.class === 'safe',
    edit: { changes: { [uri]: fix.edits } },
  };
}

/** "Fix all safe problems in container web (3)": the safe fixes of the finding's container, or its object. */
function fixAllSafeOfScopeAction(
  { uri, findings, fixOf, fixAllEdit }: CodeActionInput,
  finding: Finding,
  diagnostics: Diagnostic[],
): CodeAction | undefined {
  const object = finding.object;
  if (!object) return undefined;
  const sameObject = (candidate: Finding) =>
    candidate.object?.kind === object.kind &&
    candidate.object.name === object.name &&
    candidate.object.namespace === object.namespace;
  const inScope = (candidate: Finding) =>
    sameObject(candidate) && (finding.container === undefined || candidate.container === finding.container);
  const safe = findings.filter(
    (candidate) => !candidate.exempt && inScope(candidate) && fixOf(candidate).fix?.class === 'safe',
  );
  if (safe.length <= 1) return undefined;
  const edit = fixAllEdit({ classes: ['safe'], only: inScope });
  if (!edit) return undefined;
  const where = finding.container ? `container ${finding.container}` : `${object.kind} ${object.name}`;
  return {
    title: `Fix all safe problems in ${where} (${safe.length})`,
    kind: quickFixKind('safe'),
    diagnostics,
    edit: { changes: { [uri]: [edit] } },
  };
}

const REASON_PLACEHOLDER = 'why this is accepted';

/** The edits of an ignore action: as a snippet with a tab stop on the reason when the client takes one. */
function ignoreEdit(input: CodeActionInput, edits: TextEdit[]): CodeAction['edit'] {
  if (!input.snippetEdits)
    return {
      changes: {
        [input.uri]: edits.map((edit) => ({
          ...edit,
          newText: edit.newText.replaceAll(REASON_MARK, REASON_PLACEHOLDER),
        })),
      },
    };
  return {
    documentChanges: [
      {
        textDocument: { uri: input.uri, version: input.version ?? null },
        edits: edits.map((edit) => ({
          range: edit.range,
          snippet: {
            kind: 'snippet',
            value: escapeSnippet(edit.newText).replaceAll(REASON_MARK, `\${1:${REASON_PLACEHOLDER}}`),
          },
        })),
      },
    ],
  } as CodeAction['edit'];
}

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (char) => `\\${char}`);
}

/** The annotation and comment that ignore the finding's control, each with the reason to write. */
function ignoreActions(input: CodeActionInput, finding: Finding, diagnostics: Diagnostic[]): CodeAction[] {
  const object = objectOfFinding(input.file, finding);
  if (!object) return [];
  const actions: CodeAction[] = [];
  const annotation = ignoreByAnnotationEdits(input.file, object, finding.control, REASON_MARK);
  if (annotation)
    actions.push({
      title: `Ignore ${finding.control} for ${object.kind} ${object.name} (annotation with a reason)`,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      edit: ignoreEdit(input, annotation),
    });
  const comment = ignoreByCommentEdit(input.file, object, finding, REASON_MARK);
  if (comment)
    actions.push({
      title: `Ignore ${finding.control} here with a comment and a reason`,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      edit: ignoreEdit(input, [comment]),
    });
  return actions;
}

function documentationAction(control: string, diagnostics: Diagnostic[]): CodeAction {
  return {
    title: `Show documentation for ${control}`,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    command: {
      title: 'Show documentation',
      command: SHOW_DOCUMENTATION_COMMAND,
      arguments: [control],
    },
  };
}

/** "Fix all <control> problems in this file", when the control has more than one such fix in the file. */
function fixAllOfControlAction(
  { uri, findings, fixOf, fixAllEdit }: CodeActionInput,
  control: string,
  fixClass: FixClass,
  diagnostics: Diagnostic[],
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
    diagnostics,
    edit: { changes: { [uri]: [edit] } },
  };
}
