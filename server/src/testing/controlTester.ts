import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import invalidFieldType from '../controls/stage2/invalid-field-type';
import invalidFieldValue from '../controls/stage2/invalid-field-value';
import unknownField from '../controls/stage2/unknown-field';
import { Analyzer } from '../engine/analyze';
import { defaultSettings, type Settings } from '../engine/config';
import type { AnyControl, FixClass, Severity } from '../engine/control';
import { parseFile } from '../engine/parse';
import type { Finding } from '../engine/result';
import { applyFixes } from '../engine/workspace';

/**
 * Every fix's output keeps to the schema: no key the kind does not have, no value of the wrong type or
 * outside its enum. (A fix may create a mapping whose other required fields a person must still write.)
 */
const SCHEMA_CONTROLS: readonly AnyControl[] = [unknownField, invalidFieldType, invalidFieldValue];

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
   * The exact text of `code` after the engine applies every fix of this control's findings in it, of
   * every class (as `fix --controls` and "fix all" do, drafts included), re-analysing between rounds; the
   * control must then pass on it. `null` when no fix is offered.
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

function analyzerFor(control: AnyControl, testCase: ValidCase, code: string): Analyzer {
  const analyzer = new Analyzer(settingsFor(testCase), [control]);
  analyzer.setFile(parseFile(testCase.path ?? CASE_PATH, code));
  for (const [file, text] of Object.entries(testCase.files ?? {})) analyzer.setFile(parseFile(file, text));
  return analyzer;
}

export function runCase(control: AnyControl, testCase: ValidCase, code = testCase.code): Finding[] {
  const result = analyzerFor(control, testCase, code).run();
  // A fix is made with its finding: a fix that throws is among the failures once the findings are read.
  const findings = result.findings;
  if (result.controlFailures.length > 0) throw new Error(result.controlFailures[0].message);
  return findings.filter((finding) => finding.control === control.meta.id);
}

/** What the schema controls find in the case's file, as `control: message`. */
function schemaFindingsOf(testCase: ValidCase, code: string): string[] {
  const path = testCase.path ?? CASE_PATH;
  const analyzer = new Analyzer(settingsFor(testCase), SCHEMA_CONTROLS);
  analyzer.setFile(parseFile(path, code));
  for (const [file, text] of Object.entries(testCase.files ?? {})) analyzer.setFile(parseFile(file, text));
  return analyzer
    .run()
    .findings.filter((finding) => finding.file === path)
    .map((finding) => `${finding.control}: ${finding.message}`);
}

function describeFindings(findings: Finding[]): string {
  return findings
    .map(
      (f) => `  ${f.range ? `${f.range.start.line + 1}:${f.range.start.character + 1}` : '-'} ${f.message}`,
    )
    .join('\n');
}

/** The case's file after the engine's own fix path applied this control's fixes in it (null: none). */
export function fixCase(control: AnyControl, testCase: ValidCase): string | null {
  const path = testCase.path ?? CASE_PATH;
  const analyzer = analyzerFor(control, testCase, testCase.code);
  const result = applyFixes(analyzer, {
    classes: ['safe', 'review', 'draft'],
    controlIds: new Set([control.meta.id]),
    paths: new Set([path]),
  });
  const failures = analyzer.run().controlFailures;
  if (failures.length > 0) throw new Error(failures[0].message);
  assert.deepEqual(
    result.rejected.map((finding) => finding.message),
    [],
    'fixes rejected: their result would not parse',
  );
  if (result.applied.length === 0) return null;
  return result.changed.get(path) ?? testCase.code;
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

  const output = fixCase(control, testCase);
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
    const introduced = schemaFindingsOf(testCase, output);
    for (const message of schemaFindingsOf(testCase, testCase.code)) {
      const at = introduced.indexOf(message);
      if (at >= 0) introduced.splice(at, 1);
    }
    assert.deepEqual(introduced, [], 'the fix wrote what the Kubernetes schema rejects');
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
