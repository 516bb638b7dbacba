/**
 * Faults cost only what failed (issue 6): a control that throws costs only that control (its other checks,
 * and every other control, still report; it is logged once), a document that makes the parser or the
 * engine throw costs only that document. Proven at the engine (an injected throwing control), through the
 * CLI and through the server over stdio (a fault injected into one control by a preloaded hook, without
 * changing the product), and the server survives a client with minimal capabilities.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allControls } from '../../server/src/controls';
import { Analyzer, type Finding } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/config';
import { defineControl } from '../../server/src/engine/control';
import { parseFile } from '../../server/src/engine/parse';
import { type Diagnostic, type LspTestClient, uriOf } from '../support/lspClient';
import {
  FAULTS,
  isAlive,
  requestWithin,
  runCliBounded,
  STACK_TRACE,
  startProbedServer,
  stopServer,
} from './support/run';

const MARKER = 'km-fault-injection';

function pod(name: string, priorityClassName?: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
${priorityClassName ? `  priorityClassName: ${priorityClassName}\n` : ''}  containers:
    - name: app
      image: nginx
`;
}

const DEEP = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
const ENGINE_BREAKER =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: 7\nspec:\n  template:\n    spec:\n      containers: []\n';

function keys(findings: readonly Finding[]): string[] {
  return findings
    .map(
      (f) =>
        `${f.control}|${f.file}|${f.object?.name}|${f.container ?? ''}|${f.range?.start.line}:${f.range?.start.character}`,
    )
    .sort();
}

/** A control that throws on objects named "boom", and one whose fix throws on every object. */
const throwingCheck = defineControl({
  meta: {
    id: 'test-throwing-check',
    stage: 4,
    category: 'reliability',
    severity: 'warning',
    title: 'throws on boom',
    description: '',
    remediation: '',
    peers: {},
    fix: 'none',
    scope: 'object',
  },
  check(context) {
    if (context.object.name === 'boom') throw new Error('injected check failure');
    context.report({ message: 'checked' });
  },
});

const throwingFix = defineControl({
  meta: {
    id: 'test-throwing-fix',
    stage: 4,
    category: 'reliability',
    severity: 'warning',
    title: 'fix throws',
    description: '',
    remediation: '',
    peers: {},
    fix: 'safe',
    scope: 'object',
  },
  check(context) {
    context.report({ message: 'has a fix that throws' });
  },
  fix() {
    throw new Error('injected fix failure');
  },
});

describe('engine: a throwing control or document costs only itself', () => {
  it('a control whose check throws on one object: recorded once, its other checks and every other control still report, across re-runs', () => {
    const files = [pod('boom'), pod('fine'), pod('boom').replace('name: app', 'name: other')].map((text, i) =>
      parseFile(`p${i}.yaml`, text),
    );
    const plain = new Analyzer(defaultSettings(), allControls);
    const faulty = new Analyzer(defaultSettings(), [...allControls, throwingCheck, throwingFix]);
    for (const file of files) {
      plain.setFile(file);
      faulty.setFile(file);
    }
    const expected = plain.run();
    const result = faulty.run();
    // A fix is made with its finding: its failure is known once the findings are read.
    const findings = result.findings;
    assert.deepEqual(result.controlFailures.map((failure) => failure.control).sort(), [
      'test-throwing-check',
      'test-throwing-fix',
    ]);
    assert.equal(result.controlFailures.length, 2, 'each failing control is recorded once');
    const others = findings.filter((f) => !f.control.startsWith('test-'));
    assert.deepEqual(
      keys(others),
      keys(expected.findings),
      'the other controls report exactly as without the fault',
    );
    assert.deepEqual(
      findings.filter((f) => f.control === 'test-throwing-check').map((f) => f.object?.name),
      ['fine'],
      'the throwing control still reports on the objects it does not throw on',
    );
    const fixFindings = findings.filter((f) => f.control === 'test-throwing-fix');
    assert.equal(fixFindings.length, 3, 'a finding whose fix throws is still reported (without a fix)');
    assert.ok(fixFindings.every((f) => f.fix === undefined));
    // Edits re-run the checks: still one failure record per control.
    faulty.setFile(parseFile('p0.yaml', `${pod('boom')}# edited\n`));
    const again = faulty.run();
    assert.equal(again.controlFailures.length, 2);
  });

  it('a document that makes the YAML parser throw (20,000-deep nesting) costs only that document', () => {
    const text = `${DEEP}---\n${pod('after')}`;
    const analyzer = new Analyzer(defaultSettings(), allControls);
    analyzer.setFile(parseFile('mixed.yaml', text));
    analyzer.setFile(parseFile('other.yaml', pod('other')));
    const result = analyzer.run();
    assert.ok(
      result.problems.some((p) => p.file === 'mixed.yaml'),
      'the deep document is reported',
    );
    assert.ok(
      result.findings.some((f) => f.file === 'mixed.yaml' && f.object?.name === 'after'),
      'the next document is analysed',
    );
    assert.ok(
      result.findings.some((f) => f.file === 'other.yaml'),
      'the other file is analysed',
    );
  });

  it('a document that breaks the engine (metadata: 7) costs only that document: reported as a problem, the rest analysed', () => {
    const analyzer = new Analyzer(defaultSettings(), allControls);
    analyzer.setFile(parseFile('mixed.yaml', `${ENGINE_BREAKER}---\n${pod('after')}`));
    analyzer.setFile(parseFile('other.yaml', pod('other')));
    let result: ReturnType<Analyzer['run']>;
    assert.doesNotThrow(() => {
      result = analyzer.run();
    });
    assert.ok(
      result!.problems.some((p) => p.file === 'mixed.yaml' && /metadata/.test(p.message)),
      JSON.stringify(result!.problems),
    );
    assert.ok(result!.findings.some((f) => f.file === 'mixed.yaml' && f.object?.name === 'after'));
    assert.ok(result!.findings.some((f) => f.file === 'other.yaml'));
  });
});

describe('CLI: a control that throws (fault injected into missing-priority-class)', () => {
  it('is reported once as an internal failure, every other finding is still reported, no stack trace, exit 1 not 3', {
    timeout: 60_000,
  }, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-fault-'));
    writeFileSync(join(directory, 'a.yaml'), `${pod('a', MARKER)}---\n${pod('b', MARKER)}`);
    writeFileSync(join(directory, 'c.yaml'), pod('c', MARKER));
    writeFileSync(join(directory, 'd.yaml'), pod('d'));
    const env = { KM_FAULT_VALUE: MARKER };
    const nodeArgs = ['--require', FAULTS];
    const clean = await runCliBounded(['check', '--format', 'json', '.'], { cwd: directory });
    const run = await runCliBounded(['check', '--format', 'json', '.'], { cwd: directory, env, nodeArgs });
    assert.equal(run.status, 1, run.stderr);
    assert.doesNotMatch(run.stderr, STACK_TRACE);
    const report = JSON.parse(run.stdout);
    const baseline = JSON.parse(clean.stdout);
    assert.deepEqual(
      report.controlFailures.map((f: { control: string }) => f.control),
      ['missing-priority-class'],
      'the failing control is recorded once',
    );
    const strip = (findings: Array<{ control: string; file: string; line: number; column: number }>) =>
      findings
        .filter((f) => f.control !== 'missing-priority-class')
        .map((f) => `${f.control}@${f.file}:${f.line}:${f.column}`)
        .sort();
    assert.deepEqual(
      strip(report.findings),
      strip(baseline.findings),
      'every other control reports as without the fault',
    );
    assert.ok(
      report.findings.some(
        (f: { control: string; file: string }) =>
          f.control === 'missing-priority-class' && f.file === 'd.yaml',
      ),
      'the failing control still reports where it does not fail',
    );
    const text = await runCliBounded(['check', '.'], { cwd: directory, env, nodeArgs });
    assert.equal(
      (text.stdout.match(/missing-priority-class failed/g) ?? []).length,
      1,
      text.stdout.slice(-2000),
    );
    assert.doesNotMatch(text.stdout + text.stderr, STACK_TRACE);
  });
});

async function waitAlive<T>(client: LspTestClient, promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_resolve, reject) => {
      const check = setInterval(() => {
        if (!isAlive(client.process)) {
          clearInterval(check);
          reject(new Error(`the server died while ${what}:\n${client.logs.join('').slice(-2500)}`));
        }
      }, 50);
      promise.finally(() => clearInterval(check)).catch(() => undefined);
    }),
  ]);
}

describe('server: faults cost only what failed', () => {
  it('a control that throws is logged once, however often it fails; its other checks and every other control still report', {
    timeout: 90_000,
  }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-fault-lsp-'));
    writeFileSync(join(folder, 'fine.yaml'), pod('fine'));
    const probeFile = join(folder, '..', `${folder.split('/').pop()}-probe.jsonl`);
    const client = startProbedServer({
      probeFile,
      nodeOptions: [`--require ${JSON.stringify(FAULTS)}`],
      env: { KM_FAULT_VALUE: MARKER },
    });
    try {
      await client.initialize(folder);
      await waitAlive(client, client.waitForRevision(1), 'scanning');
      const faultyUri = uriOf(join(folder, 'faulty.yaml'));
      const fineUri = uriOf(join(folder, 'fine.yaml'));
      client.open(fineUri, pod('fine'), 1);
      let text = `${pod('a', MARKER)}---\n${pod('b', MARKER)}`;
      client.open(faultyUri, text, 1);
      for (let version = 2; version <= 6; version++) {
        text = `${text}# edit ${version}\n`;
        client.change(faultyUri, version, text);
        await waitAlive(
          client,
          client.waitForDiagnostics(faultyUri, (_d, v) => v === version),
          `analysing version ${version}`,
        );
      }
      const faulty = client.diagnostics.get(faultyUri)!.diagnostics;
      const codes = new Set(faulty.map((d: Diagnostic) => d.code));
      for (const control of ['image-tag-missing', 'run-as-root', 'bare-pod'])
        assert.ok(
          codes.has(control),
          `${control} is missing beside the failing control: ${[...codes].join(', ')}`,
        );
      const fine = await waitAlive(client, client.waitForDiagnostics(fineUri), 'analysing fine.yaml');
      assert.ok(
        fine.some((d) => d.code === 'missing-priority-class'),
        'the failing control still reports on other objects',
      );
      await requestWithin(client, 'kubeMaturity/verdict', {});
      const logs = client.logs.join('\n');
      const mentions = logs.match(/missing-priority-class failed/g) ?? [];
      assert.equal(
        mentions.length,
        1,
        `the failure is logged ${mentions.length} times:\n${logs.slice(-3000)}`,
      );
      assert.doesNotMatch(logs, STACK_TRACE);
      assert.ok(isAlive(client.process));
    } finally {
      await stopServer(client);
    }
  });

  it('a document that makes the parser throw (20,000-deep nesting) costs only that document', {
    timeout: 60_000,
  }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-fault-lsp-'));
    const client = startProbedServer({ probeFile: join(folder, '.probe.jsonl') });
    try {
      await client.initialize(folder);
      await waitAlive(client, client.waitForRevision(1), 'scanning');
      const uri = uriOf(join(folder, 'mixed.yaml'));
      const otherUri = uriOf(join(folder, 'other.yaml'));
      client.open(otherUri, pod('other'), 1);
      client.open(uri, `${DEEP}---\n${pod('after')}`, 1);
      const diagnostics = await waitAlive(
        client,
        client.waitForDiagnostics(uri),
        'analysing the deep document',
      );
      assert.ok(
        diagnostics.some((d) => d.code === 'syntax' && d.range.start.line === 4),
        JSON.stringify(diagnostics.filter((d) => !d.data)),
      );
      assert.ok(
        diagnostics.some((d) => d.code === 'image-tag-missing'),
        'the next document of the file is analysed',
      );
      const other = await waitAlive(client, client.waitForDiagnostics(otherUri), 'analysing other.yaml');
      assert.ok(other.some((d) => d.code === 'image-tag-missing'));
    } finally {
      await stopServer(client);
    }
  });

  it('a document that breaks the engine (metadata: 7) costs only that document: the server stays up and reports everything else', {
    timeout: 60_000,
  }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-fault-lsp-'));
    writeFileSync(join(folder, 'other.yaml'), pod('other'));
    const client = startProbedServer({ probeFile: join(folder, '.probe.jsonl') });
    try {
      await client.initialize(folder);
      await waitAlive(client, client.waitForRevision(1), 'scanning');
      const uri = uriOf(join(folder, 'mixed.yaml'));
      const otherUri = uriOf(join(folder, 'other.yaml'));
      client.open(otherUri, pod('other'), 1);
      await waitAlive(client, client.waitForDiagnostics(otherUri), 'analysing other.yaml');
      client.open(uri, `${ENGINE_BREAKER}---\n${pod('after')}`, 1);
      const diagnostics = await waitAlive(
        client,
        client.waitForDiagnostics(uri),
        'analysing the breaking document',
      );
      assert.ok(
        diagnostics.some((d) => d.code === 'schema' && /metadata/.test(d.message)),
        JSON.stringify(diagnostics.filter((d) => !d.data)),
      );
      assert.ok(
        diagnostics.some((d) => d.code === 'image-tag-missing'),
        'the next document of the file is analysed',
      );
      client.change(otherUri, 2, `${pod('other')}# edited\n`);
      const other = await waitAlive(
        client,
        client.waitForDiagnostics(otherUri, (_d, v) => v === 2),
        'analysing other.yaml again',
      );
      assert.ok(other.some((d) => d.code === 'image-tag-missing'));
    } finally {
      await stopServer(client);
    }
  });

  it('a client with minimal capabilities (no configuration, no watchers, no workspace folders support) does not bring the server down', {
    timeout: 60_000,
  }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-fault-lsp-'));
    writeFileSync(join(folder, 'other.yaml'), pod('other'));
    const client = startProbedServer({ probeFile: join(folder, '.probe.jsonl') });
    try {
      await client.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: uriOf(folder),
        workspaceFolders: [{ uri: uriOf(folder), name: 'workspace' }],
        capabilities: {},
      });
      await client.connection.sendNotification('initialized', {});
      const uri = uriOf(join(folder, 'other.yaml'));
      client.open(uri, pod('other'), 1);
      const diagnostics = await waitAlive(
        client,
        client.waitForDiagnostics(uri),
        'analysing with a minimal client',
      );
      assert.ok(diagnostics.some((d) => d.code === 'image-tag-missing'));
      assert.doesNotMatch(client.logs.join('\n'), STACK_TRACE);
    } finally {
      await stopServer(client);
    }
  });
});
