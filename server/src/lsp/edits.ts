import type { Finding } from '../engine/analyze';
import { Fixer } from '../engine/fixer';
import { extractObjects, type KubeObject } from '../engine/model';
import { asMap, get, nodeSpan, text } from '../engine/nodes';
import type { ParsedFile } from '../engine/parse';
import { IGNORE_ANNOTATION, IGNORE_COMMENT, IGNORE_REASON_ANNOTATION } from '../engine/suppress';
import type { Position, Range, TextEdit } from '../engine/text';

/** Editor-side edits built from engine findings: no connection, so they can be tested directly. */

export function containsPosition(range: Range, position: Position): boolean {
  const after =
    position.line > range.start.line ||
    (position.line === range.start.line && position.character >= range.start.character);
  const before =
    position.line < range.end.line ||
    (position.line === range.end.line && position.character <= range.end.character);
  return after && before;
}

export function sameRange(a: Range | undefined, b: Range): boolean {
  return (
    a !== undefined &&
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** One edit replacing only what differs between two texts (the common prefix and suffix stay). */
export function minimalEdit(file: ParsedFile, newText: string): TextEdit | undefined {
  const oldText = file.text;
  if (oldText === newText) return undefined;
  let start = 0;
  while (start < oldText.length && start < newText.length && oldText[start] === newText[start]) start++;
  let oldEnd = oldText.length;
  let newEnd = newText.length;
  while (oldEnd > start && newEnd > start && oldText[oldEnd - 1] === newText[newEnd - 1]) {
    oldEnd--;
    newEnd--;
  }
  return { range: file.lines.range(start, oldEnd), newText: newText.slice(start, newEnd) };
}

/** The object a finding belongs to: the innermost object whose node contains the finding's start. */
export function objectOfFinding(file: ParsedFile, finding: Finding): KubeObject | undefined {
  if (!finding.range) return undefined;
  const offset = file.lines.offset(finding.range.start);
  let found: KubeObject | undefined;
  for (const object of extractObjects(file)) {
    const span = nodeSpan(object.node);
    if (span && span[0] <= offset && offset <= span[1] && (!found || span[0] >= nodeSpan(found.node)![0]))
      found = object;
  }
  return found;
}

/** What the ignore edits write where the user writes why (the code actions make it a snippet's tab stop). */
export const REASON_MARK = '\u0000reason\u0000';
/** A plain scalar the fixer writes unquoted, replaced by the quoted reason. */
const REASON_VALUE = 'kube-maturity-reason-to-write';

/**
 * Adds the control to the object's `kube-maturity.io/ignore` annotation (creating it if needed), with an
 * `ignore-reason` of `reason` when the object has none.
 */
export function ignoreByAnnotationEdits(
  file: ParsedFile,
  object: KubeObject,
  control: string,
  reason?: string,
): TextEdit[] | undefined {
  const annotations = asMap(get(get(object.node, 'metadata'), 'annotations'));
  const existing = text(get(annotations, IGNORE_ANNOTATION));
  const ids = existing ? existing.split(',').map((id) => id.trim()) : [];
  if (ids.includes(control) || ids.includes('*')) return undefined;
  const metadata = asMap(get(object.node, 'metadata'));
  if (!metadata) return undefined;
  const fixer = new Fixer(file);
  fixer.set(metadata, ['annotations', IGNORE_ANNOTATION], [...ids, control].join(','));
  if (reason !== undefined && get(annotations, IGNORE_REASON_ANNOTATION) === undefined)
    fixer.set(metadata, ['annotations', IGNORE_REASON_ANNOTATION], REASON_VALUE);
  return fixer.result()?.map((edit) => ({
    range: file.lines.range(edit.start, edit.end),
    // JSON writes the placeholder quoted, YAML bare: either way the reason ends up quoted once.
    newText:
      reason === undefined
        ? edit.newText
        : edit.newText.replace(`"${REASON_VALUE}"`, REASON_VALUE).replace(REASON_VALUE, `"${reason}"`),
  }));
}

/** A `# kube-maturity-ignore <id>` line above the container (or object) the finding is about. */
export function ignoreByCommentEdit(
  file: ParsedFile,
  object: KubeObject,
  finding: Finding,
  reason = 'reason',
): TextEdit | undefined {
  if (file.json) return undefined;
  const container = finding.container ? object.podSpec && findContainer(object, finding) : undefined;
  const node = container ?? object.node;
  const start = nodeSpan(node)?.[0];
  if (start === undefined) return undefined;
  const line = file.lines.position(start).line;
  const lineText = file.lines.lineText(line);
  const indent = /^\s*/.exec(lineText)![0];
  const at = { line, character: 0 };
  return {
    range: { start: at, end: at },
    newText: `${indent}# ${IGNORE_COMMENT} ${finding.control}: ${reason}${file.lineEnding}`,
  };
}

function findContainer(object: KubeObject, finding: Finding) {
  const podSpec = object.podSpec!;
  const offset = finding.range ? object.file.lines.offset(finding.range.start) : -1;
  const containers = [...podSpec.initContainers, ...podSpec.containers, ...podSpec.ephemeralContainers];
  const containing = containers.find((container) => {
    const span = nodeSpan(container.node);
    return span !== undefined && span[0] <= offset && offset <= span[1];
  });
  return (containing ?? containers.find((container) => container.name === finding.container))?.node;
}
