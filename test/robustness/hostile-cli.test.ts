/**
 * Hostile and broken input, through the CLI as a process (issue 6): each input beside an ordinary manifest is
 * handled in bounded time (< 20 s) and memory (< 1 GB peak RSS), with a clear message naming the file and,
 * where one exists, the position, no stack trace, and the ordinary manifest still reported. Files over the
 * maximum size are skipped with a message, never read.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseFile } from '../../server/src/engine/parse';
import {
  HOSTILE_CASES,
  type HostileCase,
  hostileWorkspace,
  ORDINARY,
  ORDINARY_FINDING,
  ORDINARY_NAME,
} from './support/hostile';
import {
  type BoundedRun,
  INTERNAL_WORDS,
  MAX_BYTES,
  MAX_SECONDS,
  runCliBounded,
  STACK_TRACE,
} from './support/run';

interface JsonReport {
  findings: Array<{ control: string; file?: string; line?: number; column?: number }>;
  problems: Array<{ file: string; kind: string; message: string; line?: number; column?: number }>;
  files: { analyzed: number; skipped: Array<{ file: string; reason: string }> };
  controlFailures: Array<{ control: string; message: string }>;
}

function assertBounded(run: BoundedRun, what: string): void {
  assert.ok(!run.timedOut, `${what}: still running after ${run.ms} ms (killed)`);
  assert.equal(run.signal, null, `${what}: killed by ${run.signal}\n${run.stderr.slice(0, 2000)}`);
  assert.ok(run.ms < MAX_SECONDS * 1000, `${what}: took ${run.ms} ms (limit ${MAX_SECONDS} s)`);
  assert.ok(
    run.peakBytes !== undefined,
    `${what}: peak memory not measured (exit ${run.status})\n${run.stderr.slice(0, 2000)}`,
  );
  assert.ok(
    run.peakBytes < MAX_BYTES,
    `${what}: peak RSS ${Math.round(run.peakBytes / 2 ** 20)} MB (limit 1 GB)`,
  );
  assert.doesNotMatch(
    run.stderr,
    STACK_TRACE,
    `${what}: stack trace on stderr:\n${run.stderr.slice(0, 2000)}`,
  );
  assert.doesNotMatch(run.stdout.slice(0, 200_000), STACK_TRACE, `${what}: stack trace on stdout`);
  assert.doesNotMatch(run.stderr, /internal error/, `${what}: ${run.stderr.slice(0, 2000)}`);
  assert.notEqual(run.status, 3, `${what}: exit 3 (internal error): ${run.stderr.slice(0, 2000)}`);
}

function parseReport(run: BoundedRun, what: string): JsonReport {
  try {
    return JSON.parse(run.stdout) as JsonReport;
  } catch {
    assert.fail(`${what}: no JSON report (exit ${run.status}): ${run.stderr.slice(0, 2000)}`);
  }
}

function assertOrdinaryReported(report: JsonReport, what: string): void {
  const finding = report.findings.find(
    (candidate) => candidate.file === ORDINARY_NAME && candidate.control === ORDINARY_FINDING.control,
  );
  assert.ok(finding, `${what}: the ordinary manifest's ${ORDINARY_FINDING.control} is not reported`);
  assert.deepEqual([finding.line, finding.column], [ORDINARY_FINDING.line, ORDINARY_FINDING.column]);
}

/** What the report says about the hostile file, checked against the case's expectation. */
function assertExpectation(report: JsonReport, hostile: HostileCase, text?: string): void {
  const what = hostile.name;
  const problems = report.problems.filter((problem) => problem.file === hostile.file);
  const skipped = report.files.skipped.filter((entry) => entry.file === hostile.file);
  const findings = report.findings.filter((finding) => finding.file === hostile.file);
  const messages = [...problems.map((problem) => problem.message), ...skipped.map((entry) => entry.reason)];
  for (const message of messages)
    assert.doesNotMatch(message, INTERNAL_WORDS, `${what}: the message is not a clear one: "${message}"`);
  assert.deepEqual(report.controlFailures, [], `${what}: a control failed`);
  const describe = () => `problems ${JSON.stringify(problems)}, skipped ${JSON.stringify(skipped)}`;
  switch (hostile.expect) {
    case 'problem':
      assert.ok(problems.length > 0, `${what}: no problem reported for ${hostile.file} (${describe()})`);
      break;
    case 'skipped':
      assert.ok(skipped.length > 0, `${what}: ${hostile.file} not listed as skipped (${describe()})`);
      assert.deepEqual(findings, [], `${what}: findings in a skipped file`);
      break;
    case 'reported':
      assert.ok(messages.length > 0, `${what}: nothing reported about ${hostile.file}`);
      break;
    case 'quiet':
      assert.deepEqual(problems, [], `${what}: problems reported for a file that is not a manifest`);
      assert.deepEqual(
        findings.map((finding) => finding.control),
        [],
        `${what}: findings in a file that is not a manifest`,
      );
      break;
    case 'analyzed':
      assert.deepEqual(problems, [], `${what}: problems reported`);
      assert.deepEqual(skipped, [], `${what}: skipped`);
      break;
    case 'bounded':
      break;
  }
  if (hostile.position && messages.length > 0) {
    const positioned =
      problems.some((problem) => Number.isInteger(problem.line) && Number.isInteger(problem.column)) ||
      messages.some((message) => /line \d+/.test(message));
    assert.ok(positioned, `${what}: no position in ${describe()}`);
    if (text !== undefined) {
      const lines = text.split('\n').length;
      for (const problem of problems)
        if (problem.line !== undefined)
          assert.ok(problem.line >= 1 && problem.line <= lines, `${what}: line ${problem.line} of ${lines}`);
    }
  }
  if (hostile.message) {
    assert.ok(
      messages.some((message) => hostile.message!.test(message)),
      `${what}: no message matching ${hostile.message} in ${describe()}`,
    );
  }
}

describe('hostile input, one at a time beside an ordinary manifest (kube-maturity check --format json)', () => {
  for (const hostile of HOSTILE_CASES) {
    it(hostile.name, { timeout: 60_000 }, async () => {
      const directory = hostileWorkspace([hostile]);
      const run = await runCliBounded(['check', '--format', 'json', '.'], { cwd: directory });
      assertBounded(run, hostile.name);
      assert.equal(run.status, 1, `${hostile.name}: exit ${run.status} (the ordinary manifest has an error)`);
      const report = parseReport(run, hostile.name);
      assertOrdinaryReported(report, hostile.name);
      const content = hostile.content();
      assertExpectation(report, hostile, typeof content === 'string' ? content : undefined);
    });
  }
});

describe('hostile input, all together', () => {
  const light = HOSTILE_CASES.filter((hostile) => !hostile.heavy);

  it('text output: every file with a problem or skipped is named (with file:line:col where positioned), the ordinary finding is reported, no stack trace', {
    timeout: 60_000,
  }, async () => {
    const directory = hostileWorkspace(light);
    const run = await runCliBounded(['check', '.'], { cwd: directory });
    assertBounded(run, 'all hostile files (text)');
    assert.equal(run.status, 1);
    assert.match(
      run.stdout,
      new RegExp(
        `${ORDINARY_NAME}:${ORDINARY_FINDING.line}:${ORDINARY_FINDING.column}\\s+error\\s+${ORDINARY_FINDING.control}`,
      ),
    );
    const json = parseReport(
      await runCliBounded(['check', '--format', 'json', '.'], { cwd: directory }),
      'json',
    );
    for (const problem of json.problems) {
      const where =
        problem.line !== undefined ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
      assert.ok(run.stdout.includes(where), `the text output does not name ${where}`);
    }
    for (const skipped of json.files.skipped)
      assert.ok(run.stdout.includes(skipped.file), `${skipped.file} not named`);
  });

  it('fix: no crash, files with problems or skipped are left byte-identical, the ordinary manifest is fixed and parses', {
    timeout: 60_000,
  }, async () => {
    const directory = hostileWorkspace(light);
    const json = parseReport(
      await runCliBounded(['check', '--format', 'json', '.'], { cwd: directory }),
      'json',
    );
    const untouchable = new Set([
      ...json.problems.map((p) => p.file),
      ...json.files.skipped.map((s) => s.file),
    ]);
    const before = new Map(
      light.map((hostile) => [hostile.file, readFileSync(join(directory, hostile.file))]),
    );
    const dry = await runCliBounded(['fix', '--dry-run', '.'], { cwd: directory });
    assertBounded(dry, 'fix --dry-run');
    const run = await runCliBounded(['fix', '.'], { cwd: directory });
    assertBounded(run, 'fix');
    assert.ok(run.status === 0 || run.status === 1, `fix exited ${run.status}: ${run.stderr.slice(0, 2000)}`);
    assert.doesNotMatch(run.stderr, /not applied, the result would not parse/, run.stderr);
    for (const [file, content] of before) {
      if (untouchable.has(file))
        assert.ok(readFileSync(join(directory, file)).equals(content), `${file} was modified`);
    }
    const fixed = readFileSync(join(directory, ORDINARY_NAME), 'utf8');
    assert.notEqual(fixed, ORDINARY, 'the ordinary manifest got no fix');
    assert.equal(parseFile(ORDINARY_NAME, fixed).problems.length, 0);
  });
});

describe('files over the maximum size are skipped with a message, never read', () => {
  it('a 3 GB (sparse) manifest is listed as skipped with its size, unread, in bounded time and memory', {
    timeout: 60_000,
  }, async () => {
    const directory = hostileWorkspace([]);
    const huge = join(directory, 'huge.yaml');
    writeFileSync(huge, ORDINARY.replace(/ordinary/g, 'huge'));
    truncateSync(huge, 3 * 1024 ** 3);
    const run = await runCliBounded(['check', '--format', 'json', '.'], { cwd: directory, watch: directory });
    assertBounded(run, 'huge.yaml');
    const report = parseReport(run, 'huge.yaml');
    assertOrdinaryReported(report, 'huge.yaml');
    const entry = report.files.skipped.find((skipped) => skipped.file === 'huge.yaml');
    assert.ok(entry, `huge.yaml not skipped: ${JSON.stringify(report.files.skipped)}`);
    assert.match(entry.reason, /3221225472/);
    const reads = run.probe.filter((record) => record.kind === 'read' && record.detail.endsWith('huge.yaml'));
    assert.deepEqual(reads, [], 'huge.yaml was opened or read');
    assert.ok(
      run.probe.some((record) => record.kind === 'read' && record.detail.endsWith(ORDINARY_NAME)),
      'the probe saw no read at all (it would not see one of huge.yaml either)',
    );
  });

  it('--max-file-size: a larger file is skipped unread (named with the limit), a file of exactly the limit is read', {
    timeout: 60_000,
  }, async () => {
    const directory = hostileWorkspace([]);
    const big = ORDINARY.replace(/ordinary/g, 'big');
    const limit = Buffer.byteLength(big);
    writeFileSync(join(directory, 'big.yaml'), `${big}# padding\n`);
    writeFileSync(join(directory, 'exact.yaml'), big.replace(/big/g, 'bug'));
    const run = await runCliBounded(['check', '--format', 'json', '--max-file-size', String(limit), '.'], {
      cwd: directory,
      watch: directory,
    });
    assertBounded(run, '--max-file-size');
    const report = parseReport(run, '--max-file-size');
    const entry = report.files.skipped.find((skipped) => skipped.file === 'big.yaml');
    assert.ok(entry, JSON.stringify(report.files.skipped));
    assert.match(entry.reason, new RegExp(String(limit)));
    assert.ok(!report.findings.some((finding) => finding.file === 'big.yaml'));
    assert.ok(
      report.findings.some((finding) => finding.file === 'exact.yaml'),
      'the file of exactly the limit was not read',
    );
    assert.deepEqual(
      run.probe.filter((record) => record.kind === 'read' && record.detail.endsWith('big.yaml')),
      [],
      'big.yaml was opened or read',
    );
    assert.ok(run.probe.some((record) => record.kind === 'read' && record.detail.endsWith('exact.yaml')));
    const fix = await runCliBounded(['fix', '--max-file-size', String(limit), '.'], {
      cwd: directory,
      watch: directory,
    });
    assertBounded(fix, 'fix --max-file-size');
    assert.match(fix.stderr, /big\.yaml: larger than the maximum file size/);
    assert.deepEqual(
      fix.probe.filter((record) => record.kind === 'read' && record.detail.endsWith('big.yaml')),
      [],
      'fix opened or read big.yaml',
    );
  });

  it('with a higher limit, a 5 MB single line (one long string) is parsed in bounded time and memory', {
    timeout: 60_000,
  }, async () => {
    const directory = hostileWorkspace([]);
    writeFileSync(
      join(directory, 'long-string.yaml'),
      `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"line"},"data":{"k":"${'a'.repeat(5 * 1024 * 1024)}"}}`,
    );
    const run = await runCliBounded(
      ['check', '--format', 'json', '--max-file-size', String(16 * 1024 * 1024), '.'],
      {
        cwd: directory,
      },
    );
    assertBounded(run, '5 MB line');
    const report = parseReport(run, '5 MB line');
    assertOrdinaryReported(report, '5 MB line');
    assert.deepEqual(report.files.skipped, []);
    assert.deepEqual(report.problems, []);
  });

  it('the longest line the default limit lets through (a 4 MB flow sequence of 2 million items) is handled in bounded time and memory', {
    timeout: 60_000,
  }, async () => {
    const directory = hostileWorkspace([]);
    const text = `{apiVersion: v1, kind: Pod, metadata: {name: flow}, spec: {containers: [{name: a, image: "a:1", args: [${'1,'.repeat(2_000_000)}1]}]}}`;
    assert.ok(Buffer.byteLength(text) < 4 * 1024 * 1024);
    writeFileSync(join(directory, 'long-flow.yaml'), text);
    const run = await runCliBounded(['check', '--format', 'json', '.'], { cwd: directory });
    assertBounded(run, '4 MB flow line');
    const report = parseReport(run, '4 MB flow line');
    assertOrdinaryReported(report, '4 MB flow line');
    const named =
      report.findings.some((finding) => finding.file === 'long-flow.yaml') ||
      report.problems.some((problem) => problem.file === 'long-flow.yaml') ||
      report.files.skipped.some((skipped) => skipped.file === 'long-flow.yaml');
    assert.ok(named, 'long-flow.yaml is neither analysed nor reported');
  });

  it('a named pipe (FIFO) named .yaml in a checked directory is not waited on', {
    timeout: 60_000,
  }, async (context) => {
    const directory = hostileWorkspace([]);
    try {
      execFileSync('mkfifo', [join(directory, 'pipe.yaml')]);
    } catch {
      context.skip('mkfifo is not available');
      return;
    }
    const run = await runCliBounded(['check', '--format', 'json', '.'], { cwd: directory });
    assertBounded(run, 'FIFO');
    assertOrdinaryReported(parseReport(run, 'FIFO'), 'FIFO');
  });
});

describe('hostile input on stdin ("check -")', () => {
  const cases: Array<{ name: string; input: string | Buffer; problem?: RegExp }> = [
    {
      name: 'an alias bomb',
      input: HOSTILE_CASES.find((c) => c.file === 'alias-bomb.yaml')!.content() as string,
    },
    {
      name: 'deep nesting',
      input: HOSTILE_CASES.find((c) => c.file === 'deep-flow-seq.yaml')!.content() as string,
      problem: /./,
    },
    {
      name: 'metadata: 7',
      input: HOSTILE_CASES.find((c) => c.file === 'wrong-metadata.yaml')!.content() as string,
      problem: /metadata/,
    },
    {
      name: 'invalid UTF-8',
      input: HOSTILE_CASES.find((c) => c.file === 'invalid-utf8.yaml')!.content() as Buffer,
      problem: /UTF-8/,
    },
    {
      name: 'binary data',
      input: Buffer.concat([Buffer.from('apiVersion: v1\nkind: Pod\n'), Buffer.alloc(64, 0)]),
      problem: /./,
    },
  ];
  for (const stdinCase of cases) {
    it(`${stdinCase.name}: bounded, reported against <stdin>, no stack trace`, {
      timeout: 60_000,
    }, async () => {
      const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-stdin-'));
      cpSync(hostileWorkspace([]), directory, { recursive: true });
      const run = await runCliBounded(['check', '--format', 'json', '-', ORDINARY_NAME], {
        cwd: directory,
        input: stdinCase.input,
      });
      assertBounded(run, `stdin: ${stdinCase.name}`);
      const report = parseReport(run, `stdin: ${stdinCase.name}`);
      assertOrdinaryReported(report, `stdin: ${stdinCase.name}`);
      if (stdinCase.problem) {
        const problems = report.problems.filter((problem) => problem.file.startsWith('<stdin>'));
        assert.ok(
          problems.some((problem) => stdinCase.problem!.test(problem.message)),
          `stdin: ${stdinCase.name}: no problem for <stdin> matching ${stdinCase.problem}: ${JSON.stringify(report.problems)}`,
        );
        for (const problem of problems) assert.doesNotMatch(problem.message, INTERNAL_WORDS);
      }
    });
  }
});
