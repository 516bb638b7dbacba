/**
 * The server under a burst of edits (issue 6): a document edited 1,000 times in quick succession over LSP
 * (whole-text changes, then 1,000 single-character keystrokes) leaves the server responsive, with
 * diagnostics for the last version only, and memory back to its level before (heap after a garbage
 * collection, read by the probe on SIGUSR2; peak RSS under 1 GB).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Diagnostic, type LspTestClient, uriOf } from '../support/lspClient';
import {
  isAlive,
  MAX_BYTES,
  processMemory,
  readProbe,
  requestWithin,
  startProbedServer,
  stopServer,
  until,
} from './support/run';

const EDITS = 1000;

function deployment(name: string, image: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    note: "${extra}"
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: ${name}
          image: ${image}
`;
}

interface Published {
  version?: number;
  diagnostics: Diagnostic[];
  at: number;
}

describe(`the server under ${EDITS} quick edits of one document`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-stress-'));
  const probeFile = join(folder, '.probe.jsonl');
  const uri = uriOf(join(folder, 'web.yaml'));
  const published: Published[] = [];
  let client: LspTestClient;
  let version = 1;

  /** Every publish for the document, in order (LspTestClient keeps only the last). */
  function recordPublishes(lsp: LspTestClient): void {
    lsp.connection.onNotification(
      'textDocument/publishDiagnostics',
      (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
        lsp.diagnostics.set(params.uri, { version: params.version, diagnostics: params.diagnostics });
        if (params.uri === uri)
          published.push({ version: params.version, diagnostics: params.diagnostics, at: Date.now() });
        (lsp as unknown as { wake(): void }).wake();
      },
    );
  }

  /** The heap in use after a full garbage collection, as the probe in the server reads it. */
  async function heapAfterGc(): Promise<number> {
    const count = readProbe(probeFile).filter((r) => r.kind === 'heap').length;
    client.process.kill('SIGUSR2');
    const record = await until(
      () => readProbe(probeFile).filter((r) => r.kind === 'heap')[count],
      'a heap reading',
      10_000,
    );
    return (JSON.parse(record.detail) as { heapUsed: number }).heapUsed;
  }

  async function settle(): Promise<void> {
    // Idle a moment so that nothing is left queued, then let the heap shrink.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  async function burstOfWholeTextChanges(
    count: number,
    finalText: string,
  ): Promise<{ last: number; ms: number }> {
    const started = Date.now();
    for (let i = 1; i <= count; i++) {
      version++;
      const text =
        i === count ? finalText : deployment('web', `registry.example.com/web:1.${i}`, `edit ${i}`);
      client.change(uri, version, text);
    }
    await client.waitForDiagnostics(uri, (_d, v) => v === version);
    return { last: version, ms: Date.now() - started };
  }

  before(async () => {
    writeFileSync(join(folder, 'web.yaml'), deployment('web', 'registry.example.com/web:1.0'));
    writeFileSync(
      join(folder, 'svc.yaml'),
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n',
    );
    client = startProbedServer({
      probeFile,
      nodeOptions: ['--expose-gc'],
      env: { KM_PROBE_HEAP: '1' },
    });
    recordPublishes(client);
    await client.initialize(folder);
    await client.waitForRevision(1);
    client.open(uri, deployment('web', 'registry.example.com/web:1.0'), version);
    await client.waitForDiagnostics(uri, (_d, v) => v === version);
    // Warm up (JIT, caches) with a first burst, so that the baseline is the steady state.
    await burstOfWholeTextChanges(200, deployment('web', 'registry.example.com/web:2.0'));
  });

  after(() => stopServer(client));

  it(`${EDITS} whole-text changes: the last version's diagnostics arrive in bounded time, no older version is published after it, the server answers, memory returns to its level`, {
    timeout: 120_000,
  }, async () => {
    await settle();
    const heapBefore = await heapAfterGc();
    const rssBefore = processMemory(client.process.pid!)!.rss;
    published.length = 0;

    const finalText = deployment('final-container', 'nginx', 'the last edit');
    // A request sent in the middle of the burst is answered too.
    const midBurst: Array<Promise<unknown>> = [];
    const started = Date.now();
    for (let i = 1; i <= EDITS; i++) {
      version++;
      client.change(
        uri,
        version,
        i === EDITS ? finalText : deployment('web', `registry.example.com/web:3.${i}`, `edit ${i}`),
      );
      if (i === EDITS / 2) midBurst.push(requestWithin(client, 'kubeMaturity/verdict', {}));
    }
    const diagnostics = await client.waitForDiagnostics(uri, (_d, v) => v === version);
    const elapsed = Date.now() - started;
    await Promise.all(midBurst);
    assert.ok(elapsed < 20_000, `the last diagnostics came ${elapsed} ms after the burst began`);

    // The last version's diagnostics describe the last text.
    const tag = diagnostics.find((d) => d.code === 'image-tag-missing');
    assert.ok(tag, 'the last text (image "nginx", no tag) is not what was analysed');
    assert.match(tag.message, /container final-container \[stage/);
    assert.ok(diagnostics.every((d) => d.data?.version === undefined || d.data.version === version));

    // Nothing older comes after it.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const versions = published.map((p) => p.version ?? -1);
    assert.equal(
      versions[versions.length - 1],
      version,
      `the last publish is for version ${versions[versions.length - 1]}`,
    );
    for (let i = 1; i < versions.length; i++)
      assert.ok(versions[i] >= versions[i - 1], `version ${versions[i]} published after ${versions[i - 1]}`);
    console.log(
      `stress: ${EDITS} edits, final diagnostics after ${elapsed} ms, ${published.length} publishes for the document (versions ${versions[0]}…${versions[versions.length - 1]})`,
    );
    const publishes = published.length;

    // Responsive: hover, code actions and the tree answer promptly.
    const answered = Date.now();
    await requestWithin(
      client,
      'textDocument/hover',
      { textDocument: { uri }, position: tag.range.start },
      5000,
    );
    await requestWithin(
      client,
      'textDocument/codeAction',
      { textDocument: { uri }, range: tag.range, context: { diagnostics: [tag] } },
      5000,
    );
    await requestWithin(client, 'kubeMaturity/tree', { groupBy: 'file' }, 5000);
    assert.ok(Date.now() - answered < 5000);

    // Memory back to its level.
    await settle();
    const heapAfter = await heapAfterGc();
    const memory = processMemory(client.process.pid!)!;
    console.log(
      `stress: heap after GC ${Math.round(heapBefore / 2 ** 20)} MB before, ${Math.round(heapAfter / 2 ** 20)} MB after; RSS ${Math.round(rssBefore / 2 ** 20)} MB before, ${Math.round(memory.rss / 2 ** 20)} MB after, peak ${Math.round(memory.peak / 2 ** 20)} MB`,
    );
    assert.ok(
      heapAfter <= heapBefore * 1.2 + 8 * 2 ** 20,
      `heap grew from ${heapBefore} to ${heapAfter} bytes`,
    );
    assert.ok(memory.peak < MAX_BYTES, `peak RSS ${memory.peak}`);
    assert.ok(memory.rss < rssBefore + 200 * 2 ** 20, `RSS grew from ${rssBefore} to ${memory.rss}`);
    assert.ok(isAlive(client.process));
    // The edits were all sent before the first answer could come back: versions the server already knew to be
    // outdated get no diagnostics of their own (a burst is analysed once, or a few times, not once per edit).
    assert.ok(
      publishes <= EDITS / 20,
      `diagnostics were published for ${publishes} of ${EDITS} versions: stale versions are analysed and published`,
    );
  });

  it(`${EDITS} single-character keystrokes (incremental changes): the last version only, the server answers, memory returns to its level`, {
    timeout: 120_000,
  }, async () => {
    await settle();
    const heapBefore = await heapAfterGc();
    published.length = 0;
    // Start from a known text, then type into the annotation value one character at a time.
    const base = deployment('web', 'registry.example.com/web:4.0', '');
    version++;
    client.change(uri, version, base);
    await client.waitForDiagnostics(uri, (_d, v) => v === version);
    const line = base.split('\n').findIndex((l) => l.includes('note: ""'));
    const column = base.split('\n')[line].indexOf('""') + 1;
    const started = Date.now();
    let typed = '';
    for (let i = 0; i < EDITS; i++) {
      const character = 'kubernetes '[i % 11];
      version++;
      client.changeRange(
        uri,
        version,
        { start: { line, character: column + i }, end: { line, character: column + i } },
        character,
      );
      typed += character;
    }
    const diagnostics = await client.waitForDiagnostics(uri, (_d, v) => v === version);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 20_000, `the last diagnostics came ${elapsed} ms after the keystrokes began`);
    assert.ok(
      !diagnostics.some((d) => d.code === 'syntax'),
      'the typed text is valid YAML, no syntax error expected',
    );
    // The server's text is the typed one: a fix-all computed on it keeps the typed annotation.
    const actions = (await requestWithin(
      client,
      'textDocument/codeAction',
      {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.kubeMaturity'] },
      },
      5000,
    )) as Array<{ edit?: { changes: Record<string, Array<{ newText: string }>> } }>;
    assert.ok(actions.length <= 1);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const versions = published.map((p) => p.version ?? -1);
    assert.equal(versions[versions.length - 1], version);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1]);
    assert.equal(typed.length, EDITS);
    const publishes = published.length;

    await settle();
    const heapAfter = await heapAfterGc();
    console.log(
      `stress (keystrokes): final diagnostics after ${elapsed} ms, ${published.length} publishes; heap after GC ${Math.round(heapBefore / 2 ** 20)} → ${Math.round(heapAfter / 2 ** 20)} MB`,
    );
    assert.ok(
      heapAfter <= heapBefore * 1.2 + 8 * 2 ** 20,
      `heap grew from ${heapBefore} to ${heapAfter} bytes`,
    );
    assert.ok(processMemory(client.process.pid!)!.peak < MAX_BYTES);
    assert.ok(
      publishes <= EDITS / 20 + 1,
      `diagnostics were published for ${publishes} of ${EDITS} keystrokes: stale versions are analysed and published`,
    );
  });
});
