/**
 * Hostile and broken input in the language server (dist/server.js over stdio), issue 6: each input, opened
 * in the editor beside an ordinary manifest or found on disk by the workspace scan, is handled in bounded
 * time (< 20 s) and memory (< 1 GB), the server stays up and answers, problems are reported at their
 * position with a clear message, and the ordinary manifest is still reported. Files the scan leaves unread
 * (binary, invalid UTF-8, over kubeMaturity.maxFileSize) are named in the server's log, and never read whole.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Diagnostic, LspTestClient } from '../support/lspClient';
import { NOT_RENDERING, uriOf } from '../support/lspClient';
import {
  type Expectation,
  HOSTILE_CASES,
  hostileWorkspace,
  ORDINARY,
  ORDINARY_FINDING,
  ORDINARY_NAME,
} from './support/hostile';
import {
  INTERNAL_WORDS,
  isAlive,
  MAX_BYTES,
  MAX_SECONDS,
  processMemory,
  readProbe,
  requestWithin,
  STACK_TRACE,
  startProbedServer,
  stopServer,
} from './support/run';

/** Rejects as soon as the server process exits, with what it wrote. */
function whileAlive<T>(client: LspTestClient, promise: Promise<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) =>
      reject(
        new Error(
          `the server died (exit ${code}, signal ${signal}) while ${what}:\n${client.logs.join('').slice(-3000)}`,
        ),
      );
    if (!isAlive(client.process)) {
      onExit(client.process.exitCode, client.process.signalCode);
      return;
    }
    client.process.once('exit', onExit);
    promise.then(
      (value) => {
        client.process.off('exit', onExit);
        resolve(value);
      },
      (error) => {
        client.process.off('exit', onExit);
        reject(error);
      },
    );
  });
}

/** Text as an editor would hand it to the server: UTF-8 decoded, invalid bytes replaced. */
function decoded(content: string | Buffer): string {
  return typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content);
}

function assertPeakMemory(client: LspTestClient, what: string): void {
  const memory = processMemory(client.process.pid!);
  assert.ok(memory, `${what}: no memory reading for the server`);
  assert.ok(
    memory.peak < MAX_BYTES,
    `${what}: server peak RSS ${Math.round(memory.peak / 2 ** 20)} MB (limit 1 GB)`,
  );
}

function assertNoStackTrace(client: LspTestClient, what: string): void {
  const logs = client.logs.join('\n');
  assert.doesNotMatch(logs, STACK_TRACE, `${what}: stack trace in the server output:\n${logs.slice(-3000)}`);
}

describe('hostile documents opened in the editor, beside an ordinary manifest', () => {
  const folder = hostileWorkspace([], 'kube-maturity-hostile-lsp-');
  const probeFile = join(mkdtempSync(join(tmpdir(), 'kube-maturity-probe-')), 'probe.jsonl');
  const ordinaryUri = uriOf(join(folder, ORDINARY_NAME));
  let client: LspTestClient | undefined;
  let ordinaryVersion = 1;
  let restarts = 0;
  /** The last case's document was heavy: its server is not reused. */
  let heavyBefore = false;

  /** A server for the next case: the same one, unless the previous case killed it. */
  async function server(): Promise<LspTestClient> {
    if (client && isAlive(client.process)) return client;
    if (client) {
      await stopServer(client);
      restarts++;
    }
    client = startProbedServer({ probeFile });
    await client.initialize(folder);
    await whileAlive(client, client.waitForRevision(1), 'scanning the workspace');
    ordinaryVersion = 1;
    client.open(ordinaryUri, ORDINARY, ordinaryVersion);
    await whileAlive(
      client,
      client.waitForDiagnostics(ordinaryUri, (_d, version) => version === ordinaryVersion),
      'analysing the ordinary manifest',
    );
    return client;
  }

  after(async () => {
    await stopServer(client);
    if (restarts > 0) console.log(`hostile documents: the server had to be restarted ${restarts} time(s)`);
  });

  for (const hostile of HOSTILE_CASES) {
    const expectation: Expectation = hostile.serverExpect ?? hostile.expect;
    it(hostile.name, { timeout: 90_000 }, async () => {
      try {
        await checkCase();
      } catch (error) {
        // A server that failed a case (stuck, dead) is not trusted with the next one.
        await stopServer(client);
        client = undefined;
        restarts++;
        throw error;
      }
    });

    async function checkCase(): Promise<void> {
      // RSS is a high-water mark: a heavy document (seconds, hundreds of MB) is measured in a server of
      // its own, so that its peak is not charged to the next one nor the last one's to it.
      const ownServer = hostile.heavy === true || hostile.content().length > 1024 * 1024;
      if ((ownServer || heavyBefore) && client) {
        await stopServer(client);
        client = undefined;
      }
      heavyBefore = ownServer;
      const lsp = await server();
      const uri = uriOf(join(folder, 'open', hostile.file));
      const text = decoded(hostile.content());
      const started = Date.now();
      lsp.open(uri, text, 1);
      const diagnostics = await whileAlive(
        lsp,
        lsp.waitForDiagnostics(uri, (_d, version) => version === 1),
        `analysing ${hostile.file}`,
      );
      const elapsed = Date.now() - started;
      assert.ok(elapsed < MAX_SECONDS * 1000, `${hostile.name}: diagnostics after ${elapsed} ms`);
      assertPeakMemory(lsp, hostile.name);

      const problems = diagnostics.filter(
        (d: Diagnostic) => d.code === 'syntax' || d.code === 'schema' || d.code === 'read',
      );
      const findings = diagnostics.filter((d: Diagnostic) => d.data?.control);
      for (const problem of problems) {
        assert.doesNotMatch(
          problem.message,
          INTERNAL_WORDS,
          `${hostile.name}: unclear message "${problem.message}"`,
        );
        assert.ok(
          problem.range.start.line < text.split('\n').length,
          `${hostile.name}: problem outside the text`,
        );
      }
      switch (expectation) {
        case 'problem':
          assert.ok(
            problems.length > 0,
            `${hostile.name}: no problem diagnostic: ${JSON.stringify(diagnostics)}`,
          );
          if (hostile.message)
            assert.ok(
              problems.some((p) => hostile.message!.test(p.message)),
              `${hostile.name}: ${JSON.stringify(problems)}`,
            );
          break;
        case 'quiet':
          assert.deepEqual(diagnostics, [], `${hostile.name}: diagnostics on a file that is not a manifest`);
          break;
        case 'skipped':
          assert.deepEqual(findings, [], `${hostile.name}: findings on a skipped file`);
          break;
        case 'analyzed':
          assert.deepEqual(problems, [], `${hostile.name}: problems reported`);
          break;
        default:
          break;
      }

      // Still answering, and still reporting the ordinary manifest.
      ordinaryVersion++;
      lsp.change(ordinaryUri, ordinaryVersion, `${ORDINARY}# edit ${ordinaryVersion}\n`);
      const ordinary = await whileAlive(
        lsp,
        lsp.waitForDiagnostics(ordinaryUri, (_d, version) => version === ordinaryVersion),
        'analysing the ordinary manifest again',
      );
      assert.ok(
        ordinary.some(
          (d) =>
            d.code === ORDINARY_FINDING.control &&
            d.range.start.line === ORDINARY_FINDING.line - 1 &&
            d.range.start.character === ORDINARY_FINDING.column - 1,
        ),
        `${hostile.name}: the ordinary manifest's ${ORDINARY_FINDING.control} is gone`,
      );
      await whileAlive(lsp, requestWithin(lsp, 'kubeMaturity/verdict', {}), 'answering the verdict request');
      void lsp.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      assertNoStackTrace(lsp, hostile.name);
    }
  }
});

describe('hostile files on disk, found by the workspace scan', () => {
  it('a workspace holding every hostile file and a 3 GB sparse manifest: the scan ends in bounded time and memory, the server answers and reports the ordinary manifest', {
    timeout: 120_000,
  }, async () => {
    const folder = hostileWorkspace(HOSTILE_CASES, 'kube-maturity-hostile-scan-');
    const huge = join(folder, 'huge.yaml');
    writeFileSync(huge, ORDINARY);
    truncateSync(huge, 3 * 1024 ** 3);
    const probeFile = join(mkdtempSync(join(tmpdir(), 'kube-maturity-probe-')), 'probe.jsonl');
    const client = startProbedServer({ probeFile, watch: folder });
    try {
      const started = Date.now();
      await client.initialize(folder);
      await whileAlive(client, client.waitForRevision(1), 'scanning the hostile workspace');
      const elapsed = Date.now() - started;
      assert.ok(elapsed < MAX_SECONDS * 1000, `the scan took ${elapsed} ms`);
      assertPeakMemory(client, 'scan');
      const uri = uriOf(join(folder, ORDINARY_NAME));
      client.open(uri, ORDINARY, 1);
      const diagnostics = await whileAlive(
        client,
        client.waitForDiagnostics(uri),
        'analysing the ordinary manifest',
      );
      assert.ok(diagnostics.some((d) => d.code === ORDINARY_FINDING.control));
      await whileAlive(
        client,
        requestWithin(client, 'kubeMaturity/tree', { groupBy: 'file' }),
        'answering the tree request',
      );
      assert.deepEqual(
        readProbe(probeFile).filter(
          (record) => record.kind === 'read' && record.detail.endsWith('huge.yaml'),
        ),
        [],
        'huge.yaml (3 GB) was opened or read',
      );
      assert.ok(
        readProbe(probeFile).some(
          (record) => record.kind === 'read' && record.detail.endsWith(ORDINARY_NAME),
        ),
        'the probe saw no read at all',
      );
      assertNoStackTrace(client, 'scan');
    } finally {
      await stopServer(client);
    }
  });

  it('files the scan leaves unread (binary, invalid UTF-8, over kubeMaturity.maxFileSize) are named in the server log, and not read', {
    timeout: 60_000,
  }, async () => {
    const unreadable = HOSTILE_CASES.filter((c) =>
      ['random.yaml', 'image.yaml', 'invalid-utf8.yaml'].includes(c.file),
    );
    const folder = hostileWorkspace(unreadable, 'kube-maturity-unread-');
    writeFileSync(join(folder, 'big.yaml'), `${ORDINARY.replace(/ordinary/g, 'big')}${'#'.repeat(5000)}\n`);
    const probeFile = join(mkdtempSync(join(tmpdir(), 'kube-maturity-probe-')), 'probe.jsonl');
    const client = startProbedServer({ probeFile, watch: folder });
    client.settings = { ...NOT_RENDERING, maxFileSize: 4000 };
    try {
      await client.initialize(folder);
      await whileAlive(client, client.waitForRevision(1), 'scanning');
      // Give the log a moment to arrive after the results.
      await whileAlive(client, requestWithin(client, 'kubeMaturity/verdict', {}), 'answering');
      assert.deepEqual(
        readProbe(probeFile).filter((record) => record.kind === 'read' && record.detail.endsWith('big.yaml')),
        [],
        'big.yaml (over kubeMaturity.maxFileSize) was opened or read',
      );
      assert.ok(
        readProbe(probeFile).some(
          (record) => record.kind === 'read' && record.detail.endsWith(ORDINARY_NAME),
        ),
        'the probe saw no read at all',
      );
      const trees = (await requestWithin(client, 'kubeMaturity/tree', { groupBy: 'file' })) as Array<{
        groups: Array<{ label?: string; controls: Array<{ findings: Array<{ file?: string }> }> }>;
      }>;
      const filesInTree = JSON.stringify(trees);
      assert.ok(!filesInTree.includes('big.yaml'), 'big.yaml (over the limit) has findings in the tree');
      const logs = client.logs.join('\n');
      for (const file of [...unreadable.map((c) => c.file), 'big.yaml'])
        assert.ok(logs.includes(file), `${file} is not named in the server log:\n${logs.slice(-2000)}`);
    } finally {
      await stopServer(client);
    }
  });
});
