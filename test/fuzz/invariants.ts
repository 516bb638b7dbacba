/**
 * The properties every input and every fix must keep, shared by the fuzzer (test/fuzz) and the lossless
 * fix round-trip over the corpus (test/robustness/lossless-fixes.test.ts). Each check returns the
 * violations it found instead of throwing, so that a caller can count, group and print them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isScalar, Lexer, parse, visit } from 'yaml';
import { allControls } from '../../server/src/controls';
import { type AnalysisResult, Analyzer, type Finding } from '../../server/src/engine/analyze';
import { defaultSettings, type Settings } from '../../server/src/engine/config';
import { type ParsedFile, parseFile } from '../../server/src/engine/parse';
import { applyOffsetEdits, type OffsetEdit, type Range } from '../../server/src/engine/text';

export interface SourceText {
  path: string;
  text: string;
}

export interface Violation {
  /** Which property broke: engine-throws, control-failure, range, fix-*. */
  property: string;
  file?: string;
  control?: string;
  detail: string;
}

/** The manifest files (.yaml, .yml, .json) under a directory, sorted, with their text. */
export function readTree(directory: string): SourceText[] {
  const found: SourceText[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      if (entry === '.git' || entry === 'node_modules') continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ya?ml|json)$/i.test(entry)) found.push({ path, text: readFileSync(path, 'utf8') });
    }
  };
  walk(directory);
  return found;
}

/** First lines of an error, enough to find where it came from. */
export function describeError(error: unknown): string {
  const err = error as Error;
  return `${err?.name ?? 'Error'}: ${err?.message ?? String(error)}\n${(err?.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
}

/** A finding's identity: the same check on the same object, whatever the lines around it. */
export function findingKey(finding: Finding): string {
  const object = finding.object;
  return [
    finding.control,
    finding.file ?? '-',
    object?.namespace ?? '',
    object?.kind ?? '',
    object?.name ?? '',
    finding.container ?? '',
    finding.message,
  ].join('|');
}

export interface Analysis {
  analyzer: Analyzer;
  result: AnalysisResult;
  files: Map<string, ParsedFile>;
}

/**
 * Parses and analyses the sources with every control. Returns the analysis, or the violation when the
 * engine threw (it never may: bad input is a reported problem, not an exception).
 */
export function analyzeSafely(
  sources: readonly SourceText[],
  settings: Settings = defaultSettings(),
): { analysis?: Analysis; violations: Violation[] } {
  const violations: Violation[] = [];
  const files = new Map<string, ParsedFile>();
  let stage = 'parse';
  try {
    const analyzer = new Analyzer(settings, allControls);
    for (const source of sources) {
      stage = `parse ${source.path}`;
      const file = parseFile(source.path, source.text);
      files.set(source.path, file);
      stage = `setFile ${source.path}`;
      analyzer.setFile(file);
    }
    stage = 'run';
    const result = analyzer.run();
    for (const failure of result.controlFailures) {
      violations.push({ property: 'control-failure', control: failure.control, detail: failure.message });
    }
    return { analysis: { analyzer, result, files }, violations };
  } catch (error) {
    violations.push({ property: 'engine-throws', detail: `${stage}: ${describeError(error)}` });
    return { violations };
  }
}

function positionInside(file: ParsedFile, position: { line: number; character: number }): boolean {
  return (
    Number.isInteger(position.line) &&
    Number.isInteger(position.character) &&
    position.line >= 0 &&
    position.character >= 0 &&
    position.line < file.lines.lineCount &&
    position.character <= file.lines.lineText(position.line).length
  );
}

function rangeOffsets(file: ParsedFile, range: Range): [number, number] {
  return [file.lines.offset(range.start), file.lines.offset(range.end)];
}

/** The document of the file that holds an offset range, by index; -1 when none holds all of it. */
function documentHolding(file: ParsedFile, start: number, end: number): number {
  return file.documents.findIndex((document) => document.start <= start && end <= document.end);
}

/**
 * Every finding of a file has a range inside its file, start before end, within one document of the file;
 * every problem's range is inside its file.
 */
export function checkRanges(analysis: Analysis): Violation[] {
  const violations: Violation[] = [];
  const { analyzer, result } = analysis;
  for (const finding of result.findings) {
    if (!finding.file) continue;
    const file = analyzer.getFile(finding.file);
    const where = `${finding.control} "${finding.message}"`;
    if (!file) {
      violations.push({
        property: 'range',
        file: finding.file,
        detail: `${where}: file not in the analysis`,
      });
      continue;
    }
    if (!finding.range) {
      violations.push({ property: 'range', file: finding.file, detail: `${where}: no range` });
      continue;
    }
    const { start, end } = finding.range;
    if (!positionInside(file, start) || !positionInside(file, end)) {
      violations.push({
        property: 'range',
        file: finding.file,
        control: finding.control,
        detail: `${where}: ${JSON.stringify(finding.range)} is outside the text (${file.lines.lineCount} lines)`,
      });
      continue;
    }
    const [startOffset, endOffset] = rangeOffsets(file, finding.range);
    if (endOffset < startOffset) {
      violations.push({
        property: 'range',
        file: finding.file,
        control: finding.control,
        detail: `${where}: range ends before it starts ${JSON.stringify(finding.range)}`,
      });
      continue;
    }
    if (documentHolding(file, startOffset, endOffset) < 0) {
      violations.push({
        property: 'range',
        file: finding.file,
        control: finding.control,
        detail: `${where}: ${JSON.stringify(finding.range)} lies in no single document of the file`,
      });
    }
  }
  for (const problem of result.problems) {
    const file = analyzer.getFile(problem.file);
    if (!file || !problem.range) continue;
    if (!positionInside(file, problem.range.start) || !positionInside(file, problem.range.end)) {
      violations.push({
        property: 'range',
        file: problem.file,
        detail: `problem "${problem.message}": ${JSON.stringify(problem.range)} is outside the text`,
      });
    }
  }
  return violations;
}

/** Comment tokens of a YAML text, as the YAML lexer sees them (not `#` inside strings or block scalars). */
export function commentTokens(text: string): string[] {
  const comments: string[] = [];
  for (const token of new Lexer().lex(text)) {
    if (token.startsWith('#')) comments.push(token.trimEnd());
  }
  return comments;
}

function countBareLf(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10 && (i === 0 || text.charCodeAt(i - 1) !== 13)) count++;
  }
  return count;
}

function syntaxProblems(file: ParsedFile): number {
  return file.problems.filter((problem) => problem.kind === 'syntax').length;
}

function brokenDocuments(file: ParsedFile): number {
  return file.documents.filter((document) => document.broken).length;
}

/** Quoted scalars by their exact span, to check that a replaced value keeps its quotes. */
function quotedScalars(file: ParsedFile): Map<string, 'QUOTE_DOUBLE' | 'QUOTE_SINGLE'> {
  const spans = new Map<string, 'QUOTE_DOUBLE' | 'QUOTE_SINGLE'>();
  for (const document of file.documents) {
    if (document.broken) continue;
    visit(document.doc, {
      Scalar(_key, node) {
        if (isScalar(node) && node.range && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE'))
          spans.set(`${node.range[0]}:${node.range[1]}`, node.type);
      },
    });
  }
  return spans;
}

/** True when a replacement text reads as a string (so a quoted value it replaces keeps its quotes). */
function writesString(text: string): boolean {
  try {
    return typeof parse(text) === 'string';
  } catch {
    return true;
  }
}

/** A fix's edits as offsets into the file's (BOM-stripped) text. */
export function fixOffsets(file: ParsedFile, finding: Finding): OffsetEdit[] {
  return (finding.fix?.edits ?? []).map((edit) => ({
    start: file.lines.offset(edit.range.start),
    end: file.lines.offset(edit.range.end),
    newText: edit.newText,
  }));
}

export interface TextCheck {
  violations: Violation[];
  /** The fixed text, when the edits could be applied. */
  text?: string;
  parsed?: ParsedFile;
}

/**
 * Applies edits to a file and checks that only what they meant to change changed: the result parses (no new
 * syntax error, no newly broken document), into as many documents (plus the ones appended at the end), the
 * documents no edit touches are byte-identical, every comment is kept, a replaced quoted scalar keeps its
 * quotes, and the line endings stay what they were.
 */
export function checkEdits(file: ParsedFile, edits: readonly OffsetEdit[], label: string): TextCheck {
  const violations: Violation[] = [];
  const fail = (property: string, detail: string) =>
    violations.push({ property, file: file.path, detail: `${label}: ${detail}` });
  const length = file.text.length;
  for (const edit of edits) {
    if (!(edit.start >= 0 && edit.start <= edit.end && edit.end <= length)) {
      fail('fix-range', `edit [${edit.start}, ${edit.end}) outside the text (length ${length})`);
      return { violations };
    }
  }
  let text: string;
  try {
    text = applyOffsetEdits(file.text, edits);
  } catch (error) {
    fail('fix-overlap', `edits cannot be applied: ${(error as Error).message}`);
    return { violations };
  }
  let parsed: ParsedFile;
  try {
    parsed = parseFile(file.path, text);
  } catch (error) {
    fail('engine-throws', `parsing the fixed text threw: ${describeError(error)}`);
    return { violations, text };
  }

  if (syntaxProblems(parsed) > syntaxProblems(file) || brokenDocuments(parsed) > brokenDocuments(file)) {
    const problem = parsed.problems.find((candidate) => candidate.kind === 'syntax');
    const at = problem?.span ? parsed.lines.position(problem.span[0]) : undefined;
    fail(
      'fix-parse',
      `the fixed text no longer parses${problem ? `: ${problem.message}` : ''}${at ? ` at ${at.line + 1}:${at.character + 1}` : ''}`,
    );
  }

  // Documents appended at the end of the text (a new object, such as a PodDisruptionBudget).
  const appended = edits
    .filter((edit) => edit.start === length && edit.end === length)
    .reduce((total, edit) => total + (edit.newText.match(/(^|\n)---(?=[ \t\r\n]|$)/g) ?? []).length, 0);
  const expectedDocuments = file.documents.length + appended;
  if (parsed.documents.length !== expectedDocuments && !file.skipped && !parsed.skipped) {
    fail(
      'fix-documents',
      `${file.documents.length} document(s) became ${parsed.documents.length} (expected ${expectedDocuments})`,
    );
  } else if (!file.skipped && !parsed.skipped) {
    // Untouched documents stay byte-identical (offsets shift by what the edits before them changed).
    const sorted = [...edits].sort((a, b) => a.start - b.start);
    const shift = (offset: number) =>
      sorted
        .filter((edit) => edit.end <= offset && !(edit.start === offset && edit.end === offset))
        .reduce((total, edit) => total + edit.newText.length - (edit.end - edit.start), 0);
    file.documents.forEach((document, index) => {
      const touched = edits.some((edit) => edit.start <= document.end && edit.end >= document.start);
      if (touched) return;
      const after = parsed.documents[index];
      const before = file.text.slice(document.start, document.end);
      const now = text.slice(after.start, after.end);
      if (before !== now || after.start !== document.start + shift(document.start)) {
        fail('fix-other-document', `document ${index + 1}, which no edit touches, changed`);
      }
    });
  }

  if (!file.json) {
    const after = new Map<string, number>();
    for (const comment of commentTokens(text)) after.set(comment, (after.get(comment) ?? 0) + 1);
    const lost: string[] = [];
    for (const comment of commentTokens(file.text)) {
      const left = after.get(comment) ?? 0;
      if (left === 0) lost.push(comment);
      else after.set(comment, left - 1);
    }
    if (lost.length > 0)
      fail('fix-comment', `comment(s) lost: ${lost.map((c) => JSON.stringify(c)).join(', ')}`);
  }

  const quoted = quotedScalars(file);
  for (const edit of edits) {
    const style = quoted.get(`${edit.start}:${edit.end}`);
    if (!style) continue;
    const quote = style === 'QUOTE_DOUBLE' ? '"' : "'";
    // A string replaced by a boolean or a number (`"false"` → `true`) changes type on purpose.
    if (!writesString(edit.newText)) continue;
    if (!edit.newText.startsWith(quote) || !edit.newText.endsWith(quote)) {
      fail(
        'fix-quoting',
        `${JSON.stringify(file.text.slice(edit.start, edit.end))} replaced by ${JSON.stringify(edit.newText)}`,
      );
    }
  }

  // A file written with CRLF only keeps CRLF only; a file without CR gets none. (Mixed files: either.)
  if (file.text.includes('\r\n') && countBareLf(file.text) === 0) {
    if (countBareLf(text) > 0) fail('fix-line-endings', 'a CRLF file got LF line endings');
  } else if (!file.text.includes('\r') && text.includes('\r')) {
    fail('fix-line-endings', 'an LF file got CR characters');
  }
  return { violations, text, parsed };
}

/** Checks the text of every fix of every finding of an analysis (no re-analysis). */
export function checkAllFixTexts(analysis: Analysis): { violations: Violation[]; fixes: number } {
  const violations: Violation[] = [];
  let fixes = 0;
  for (const finding of analysis.result.findings) {
    if (!finding.fix || !finding.file) continue;
    const file = analysis.analyzer.getFile(finding.file);
    if (!file) continue;
    fixes++;
    const label = `fix of ${finding.control} (${finding.fix.class}) "${finding.message}"`;
    const checked = checkEdits(file, fixOffsets(file, finding), label);
    for (const violation of checked.violations) violations.push({ ...violation, control: finding.control });
  }
  return { violations, fixes };
}

/** Counts of error findings and of problems by file and control, to see what a change made worse. */
function errorCounts(result: AnalysisResult): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of result.findings) {
    if (finding.exempt || finding.severity !== 'error') continue;
    const key = `error ${finding.control} in ${finding.file ?? '(workspace)'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const problem of result.problems) {
    const key = `${problem.kind} problem in ${problem.file}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Applies one finding's fix, re-analyses the workspace with the fixed file (incrementally) and checks, on top
 * of the text checks, that the finding is gone and that no new error finding or problem appeared. The
 * analyzer is given the original file back before returning.
 */
export function checkFixRoundTrip(analysis: Analysis, finding: Finding): Violation[] {
  const { analyzer, result } = analysis;
  const file = analysis.files.get(finding.file!) ?? analyzer.getFile(finding.file!)!;
  const label = `fix of ${finding.control} (${finding.fix!.class}) "${finding.message}"`;
  const checked = checkEdits(file, fixOffsets(file, finding), label);
  const violations = checked.violations.map((violation) => ({ ...violation, control: finding.control }));
  if (!checked.parsed) return violations;
  try {
    analyzer.setFile(checked.parsed);
    const after = analyzer.run();
    const key = findingKey(finding);
    // A draft may leave its finding in place on purpose: a placeholder never satisfies its control.
    if (
      finding.fix!.class !== 'draft' &&
      after.findings.some((candidate) => findingKey(candidate) === key && !candidate.exempt)
    ) {
      violations.push({
        property: 'fix-not-gone',
        file: file.path,
        control: finding.control,
        detail: `${label}: the finding is still reported after its fix`,
      });
    }
    const before = errorCounts(result);
    for (const [what, count] of errorCounts(after)) {
      if (count > (before.get(what) ?? 0)) {
        violations.push({
          property: 'fix-new-error',
          file: file.path,
          control: finding.control,
          detail: `${label}: new ${what} (${before.get(what) ?? 0} → ${count})`,
        });
      }
    }
  } catch (error) {
    violations.push({
      property: 'engine-throws',
      file: file.path,
      control: finding.control,
      detail: `${label}: analysing the fixed text threw: ${describeError(error)}`,
    });
  } finally {
    // Given back lazily: the next run (the next fix's) re-analyses it with whatever comes next.
    analyzer.setFile(file);
  }
  return violations;
}

/** Violations grouped by property and control, for a readable summary. */
export function summarizeViolations(violations: readonly Violation[], examples = 3): string {
  const groups = new Map<string, Violation[]>();
  for (const violation of violations) {
    const key = `${violation.property}${violation.control ? ` ${violation.control}` : ''}`;
    const list = groups.get(key) ?? [];
    list.push(violation);
    groups.set(key, list);
  }
  const lines: string[] = [];
  for (const [key, list] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`${key}: ${list.length}`);
    for (const violation of list.slice(0, examples))
      lines.push(`    ${violation.file ?? ''}: ${violation.detail.split('\n').join('\n      ')}`);
  }
  return lines.join('\n');
}
