import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, type Finding } from '../engine/analyze';
import { defaultSettings, type Settings } from '../engine/config';
import type { AnyControl, FixClass, Severity } from '../engine/control';
import { parseFile } from '../engine/parse';
import { applyTextEdits } from '../engine/text';

export interface ValidCase {
  name: string;
  code: string;
  /** Other files of the workspace, by path (for cross-resource controls). */
  files?: Record<string, string>;
  settings?: Partial<Settings>;
  /** File name of `code` (default case.yaml; use a .json name for JSON manifests). */
  path?: string;
}

export interface ExpectedFinding {
  /** 1-based line and column of the finding's start, as an editor shows them. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** A substring or pattern of the message. */
  message?: string | RegExp;
  container?: string;
  severity?: Severity;
  exempt?: boolean;
  /** The class of this finding's fix (safe, review, draft); checked when given. */
  fixClass?: FixClass;
  /** A substring or pattern of this finding's fix title. */
  fixTitle?: string | RegExp;
  /** A substring or pattern of why no fix is offered for this finding (the fix must then be absent). */
  fixWithheld?: string | RegExp;
}

export interface InvalidCase extends ValidCase {
  findings: ExpectedFinding[];
  /**
   * The exact text of `code` after applying the fixes of this control's findings one by one (re-analysing
   * between them); the control must then pass on it. `null` when no fix is offered.
   */
  output: string | null;
  /**
   * The control still fails after the fix, with this many findings: a draft's placeholder never satisfies
   * its control (default 0).
   */
  remaining?: number;
}

export interface ControlCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

export interface CollectedCases {
  control: AnyControl;
  cases: ControlCases;
}

declare global {
  // Set by the registry test to gather cases without running them.
  var __kubeMaturityCollectedCases: CollectedCases[] | undefined;
}

const CASE_PATH = 'case.yaml';

function settingsFor(testCase: ValidCase): Settings {
  return { ...defaultSettings(), ...testCase.settings };
}

export function runCase(control: AnyControl, testCase: ValidCase, code = testCase.code): Finding[] {
  const path = testCase.path ?? CASE_PATH;
  const files = [
    parseFile(path, code),
    ...Object.entries(testCase.files ?? {}).map(([file, text]) => parseFile(file, text)),
  ];
  const result = analyze(files, settingsFor(testCase), [control]);
  if (result.controlFailures.length > 0) throw new Error(result.controlFailures[0].message);
  return result.findings.filter((finding) => finding.control === control.meta.id);
}

function describeFindings(findings: Finding[]): string {
  return findings
    .map(
      (f) => `  ${f.range ? `${f.range.start.line + 1}:${f.range.start.character + 1}` : '-'} ${f.message}`,
    )
    .join('\n');
}

/** Applies this control's fixes in `path` one at a time, re-analysing after each, until none is left. */
export function applyFixes(control: AnyControl, testCase: ValidCase): string | null {
  const path = testCase.path ?? CASE_PATH;
  let text = testCase.code;
  let applied = 0;
  // A draft may leave its finding in place: each draft is applied once.
  const fixed = new Set<string>();
  const identity = (finding: Finding) => `${finding.message}|${finding.container ?? ''}`;
  for (let round = 0; round < 50; round++) {
    const next = runCase(control, testCase, text).find(
      (finding) => finding.fix && finding.file === path && !finding.exempt && !fixed.has(identity(finding)),
    );
    if (!next?.fix) break;
    if (next.fix.class === 'draft') fixed.add(identity(next));
    text = applyTextEdits(text, next.fix.edits);
    applied++;
  }
  return applied === 0 ? null : text;
}

function checkValid(control: AnyControl, testCase: ValidCase): void {
  const findings = runCase(control, testCase).filter((finding) => !finding.exempt);
  assert.equal(findings.length, 0, `expected no finding, got:\n${describeFindings(findings)}`);
}

function checkInvalid(control: AnyControl, testCase: InvalidCase): void {
  const path = testCase.path ?? CASE_PATH;
  const findings = runCase(control, testCase);
  assert.equal(
    findings.length,
    testCase.findings.length,
    `expected ${testCase.findings.length} finding(s), got:\n${describeFindings(findings)}`,
  );
  testCase.findings.forEach((expected, i) => {
    const actual = findings[i];
    const where = `finding ${i + 1} (${actual.message})`;
    if (expected.line > 0) {
      assert.ok(actual.range, `${where} has no range`);
      assert.equal(actual.file, path, `${where} is in ${actual.file}`);
      assert.deepEqual(
        { line: actual.range.start.line + 1, column: actual.range.start.character + 1 },
        { line: expected.line, column: expected.column },
        `${where} starts elsewhere`,
      );
      if (expected.endLine !== undefined)
        assert.equal(actual.range.end.line + 1, expected.endLine, `${where} end line`);
      if (expected.endColumn !== undefined)
        assert.equal(actual.range.end.character + 1, expected.endColumn, `${where} end column`);
    } else {
      assert.equal(actual.range, undefined, `${where} should have no location`);
    }
    if (typeof expected.message === 'string')
      assert.ok(actual.message.includes(expected.message), `${where}: message lacks "${expected.message}"`);
    if (expected.message instanceof RegExp) assert.match(actual.message, expected.message);
    if (expected.container !== undefined)
      assert.equal(actual.container, expected.container, `${where} container`);
    if (expected.severity !== undefined)
      assert.equal(actual.severity, expected.severity, `${where} severity`);
    assert.equal(Boolean(actual.exempt), Boolean(expected.exempt), `${where} exempt`);
    if (expected.fixClass !== undefined)
      assert.equal(actual.fix?.class, expected.fixClass, `${where} fix class`);
    if (typeof expected.fixTitle === 'string')
      assert.ok(
        actual.fix?.title.includes(expected.fixTitle),
        `${where}: fix title "${actual.fix?.title}" lacks "${expected.fixTitle}"`,
      );
    if (expected.fixTitle instanceof RegExp) assert.match(actual.fix?.title ?? '', expected.fixTitle);
    if (expected.fixWithheld !== undefined) {
      assert.equal(actual.fix, undefined, `${where}: a fix is offered although it should be withheld`);
      if (typeof expected.fixWithheld === 'string')
        assert.ok(
          actual.fixWithheld?.includes(expected.fixWithheld),
          `${where}: withheld "${actual.fixWithheld}" lacks "${expected.fixWithheld}"`,
        );
      else assert.match(actual.fixWithheld ?? '', expected.fixWithheld);
    }
  });

  const output = applyFixes(control, testCase);
  assert.equal(
    output,
    testCase.output,
    output === null ? 'no fix was offered' : 'text after the fix differs',
  );
  if (output !== null) {
    const before = parseFile(path, testCase.code);
    const after = parseFile(path, output);
    assert.equal(
      after.problems.filter((p) => p.kind === 'syntax').length,
      0,
      'the fixed text does not parse',
    );
    assert.ok(after.documents.length >= before.documents.length, 'the fix lost a document');
    const remaining = runCase(control, testCase, output).filter(
      (finding) => finding.file === path && !finding.exempt,
    );
    assert.equal(
      remaining.length,
      testCase.remaining ?? 0,
      `the control fails after the fix with ${remaining.length} finding(s), expected ${testCase.remaining ?? 0}:\n${describeFindings(remaining)}`,
    );
  }
}

/** Registers the cases of one control with node's test runner (or hands them to the registry test). */
export function testControl(control: AnyControl, cases: ControlCases): void {
  if (globalThis.__kubeMaturityCollectedCases) {
    globalThis.__kubeMaturityCollectedCases.push({ control, cases });
    return;
  }
  describe(control.meta.id, () => {
    describe('valid', () => {
      for (const testCase of cases.valid) it(testCase.name, () => checkValid(control, testCase));
    });
    describe('invalid', () => {
      for (const testCase of cases.invalid) it(testCase.name, () => checkInvalid(control, testCase));
    });
  });
}
