import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseFile } from '../server/src/engine/parse';
import { applyTextEdits } from '../server/src/engine/text';
import type { VerdictResult } from '../server/src/protocol';
import { widgetCrd } from '../server/src/testing/widgetCrd';
import { runCli } from './support/cli';
import { type CodeAction, type Diagnostic, LspTestClient, NOT_RENDERING, uriOf } from './support/lspClient';
import { DEPLOYMENT, MISSPELT_RESOURCES, PDB, TWO_CONTAINERS } from './support/manifests';

function codes(diagnostics: Diagnostic[]): string[] {
  return [...new Set(diagnostics.map((diagnostic) => diagnostic.code ?? ''))].sort();
}

function workspace(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-lsp-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text);
  return directory;
}

describe('language server over stdio', () => {
  let client: LspTestClient;
  let folder: string;
  let uri: string;
  let text = DEPLOYMENT;
  let version = 1;

  before(async () => {
    folder = workspace({
      'cart.yaml': DEPLOYMENT,
      'svc.yaml':
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: cart\n  namespace: shop\nspec:\n  selector:\n    app: cart\n',
    });
    uri = uriOf(join(folder, 'cart.yaml'));
    client = new LspTestClient();
    await client.initialize(folder);
    await client.waitForRevision(1);
  });

  after(() => client.stop());

  it('publishes diagnostics on open: code, documentation link, source, severity, stage, data', async () => {
    client.open(uri, text, version);
    const diagnostics = await client.waitForDiagnostics(uri, (_d, v) => v === version);
    assert.ok(codes(diagnostics).includes('missing-cpu-request'));
    assert.ok(codes(diagnostics).includes('missing-pdb'));
    const cpu = diagnostics.find((d) => d.code === 'missing-cpu-request')!;
    assert.deepEqual(cpu.range, { start: { line: 17, character: 10 }, end: { line: 17, character: 20 } });
    assert.equal(cpu.source, 'kube-maturity');
    assert.equal(cpu.severity, 2);
    assert.match(
      cpu.message,
      /^no resources\.requests\.cpu: Deployment shop\/cart, container cart \[stage 3 · Deploy\]$/,
    );
    assert.match(cpu.codeDescription?.href ?? '', /docs\/controls\/missing-cpu-request\.md$/);
    assert.deepEqual(cpu.data, { control: 'missing-cpu-request', version: 1 });
    const error = diagnostics.find((d) => d.code === 'run-as-root')!;
    assert.equal(error.severity, 1);
  });

  it('updates diagnostics after an incremental edit, for that version', async () => {
    version++;
    const line = 17;
    const insert = '          resources:\n            requests:\n              cpu: 250m\n';
    client.changeRange(
      uri,
      version,
      { start: { line: line + 2, character: 0 }, end: { line: line + 2, character: 0 } },
      insert,
    );
    const lines = text.split('\n');
    lines.splice(line + 2, 0, insert.slice(0, -1));
    text = lines.join('\n');
    const diagnostics = await client.waitForDiagnostics(uri, (_d, v) => v === version);
    assert.ok(!codes(diagnostics).includes('missing-cpu-request'));
    assert.ok(codes(diagnostics).includes('missing-memory-request'));
  });

  it('hovers a finding with its control, stage, why and how to suppress', async () => {
    const diagnostics = client.diagnostics.get(uri)!.diagnostics;
    const target = diagnostics.find((d) => d.code === 'privilege-escalation')!;
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: target.range.start,
    })) as {
      contents: { kind: string; value: string };
    };
    assert.equal(hover.contents.kind, 'markdown');
    // The container's name holds a dozen findings: the first error in full, then one line for each other.
    assert.match(hover.contents.value, /^\*\*run-as-root\*\* · stage 5 · Improve Operations/);
    assert.equal((hover.contents.value.match(/How to fix:/g) ?? []).length, 1);
    assert.match(hover.contents.value, /kube-maturity-ignore run-as-root/);
    // Text from the file is escaped; read as it renders.
    assert.match(
      hover.contents.value.replace(/\\(.)/g, '$1'),
      /^- error · `privilege-escalation` · no allowPrivilegeEscalation: false; escalation is allowed by default · \*review fix\*$/m,
    );
  });

  it('offers a quick fix that edits the text: the result parses, keeps comments, and the finding is gone', async () => {
    const diagnostics = client.diagnostics.get(uri)!.diagnostics;
    const target = diagnostics.find((d) => d.code === 'privilege-escalation')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: target.range,
      context: { diagnostics: [target], only: ['quickfix'] },
    })) as CodeAction[];
    const titles = actions.map((action) => action.title);
    assert.ok(
      titles.some((title) => title.startsWith('Ignore privilege-escalation for Deployment cart')),
      titles.join('\n'),
    );
    assert.ok(titles.includes('Ignore privilege-escalation here with a comment and a reason'));
    assert.ok(titles.includes('Show documentation for privilege-escalation'));
    // A review fix: offered, labelled, never preferred (preferred fixes are applied by a keystroke).
    const fix = actions.find((action) => action.kind === 'quickfix.kubeMaturity.review')!;
    assert.ok(fix?.edit, titles.join('\n'));
    assert.equal(fix.title, 'Add securityContext.allowPrivilegeEscalation: false (review)');
    assert.ok(!actions.some((action) => action.isPreferred), 'a review fix is not preferred');
    text = applyTextEdits(text, fix.edit.changes[uri]);
    assert.equal(parseFile('cart.yaml', text).problems.length, 0);
    assert.ok(text.includes('# The cart service') && text.includes('# main container'));
    version++;
    client.change(uri, version, text);
    const after = await client.waitForDiagnostics(uri, (_d, v) => v === version);
    assert.ok(!codes(after).includes('privilege-escalation'));
  });

  it('says the results changed after an edit even when a code action or hover read the new analysis first (the view follows a quick fix)', async () => {
    const revisionNow = () =>
      (
        client.notifications.filter((n) => n.method === 'kubeMaturity/resultsChanged').at(-1)!.params as {
          revision: number;
        }
      ).revision;
    // The earlier edit's notification is written before the answer to a later request.
    await client.connection.sendRequest('kubeMaturity/serverInfo', {});
    const before = revisionNow();
    // As after a quick fix: the editor asks for the light bulb of the new text at once.
    text = text.replace('# The cart service', '# The cart service (edited)');
    version++;
    client.change(uri, version, text);
    const position = { line: 0, character: 0 };
    await Promise.all([
      client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: position, end: position },
        context: { diagnostics: [] },
      }),
      client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }),
    ]);
    await client.waitFor(
      () => revisionNow() > before,
      `a revision after ${before} (the tree and the status bar redraw on it)`,
      10_000,
    );
  });

  it('ignore actions add the annotation or the comment, and the finding becomes exempt', async () => {
    const target = client.diagnostics.get(uri)!.diagnostics.find((d) => d.code === 'missing-priority-class')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: target.range,
      context: { diagnostics: [target] },
    })) as CodeAction[];
    const annotate = actions.find((action) => action.title.startsWith('Ignore missing-priority-class for'))!;
    const annotated = applyTextEdits(text, annotate.edit!.changes[uri]);
    assert.match(
      annotated,
      / {2}annotations:\n {4}kube-maturity\.io\/ignore: missing-priority-class\n {4}kube-maturity\.io\/ignore-reason: "why this is accepted"\n/,
    );
    const comment = actions.find(
      (action) => action.title === 'Ignore missing-priority-class here with a comment and a reason',
    )!;
    const commented = applyTextEdits(text, comment.edit!.changes[uri]);
    assert.match(
      commented,
      /^# kube-maturity-ignore missing-priority-class: why this is accepted\napiVersion: apps\/v1/m,
    );
    version++;
    text = annotated;
    client.change(uri, version, text);
    const after = await client.waitForDiagnostics(uri, (_d, v) => v === version);
    assert.ok(!codes(after).includes('missing-priority-class'));
  });

  it('source.fixAll.kubeMaturity applies every safe fix, for the analysed version only', async () => {
    const stale = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.kubeMaturity'] },
    })) as CodeAction[];
    assert.equal(stale.length, 1);
    const fixed = applyTextEdits(text, stale[0].edit!.changes[uri]);
    assert.equal(parseFile('cart.yaml', fixed).problems.length, 0);
    version++;
    text = fixed;
    client.change(uri, version, text);
    const diagnostics = await client.waitForDiagnostics(uri, (_d, v) => v === version);
    const remaining = codes(diagnostics);
    assert.ok(!remaining.includes('missing-recommended-labels'), 'the safe fix is applied');
    assert.match(fixed, /^ {2}labels:\n {4}app\.kubernetes\.io\/name: cart$/m);
    // Review and draft fixes change how the workload runs: never applied on save.
    for (const review of [
      'run-as-root',
      'writable-root-filesystem',
      'missing-memory-limit',
      'pull-policy-not-always',
    ])
      assert.ok(remaining.includes(review), `${review} was fixed on save`);
    assert.ok(remaining.includes('missing-liveness-probe'), 'review fixes are not applied on save');
    assert.ok(remaining.includes('missing-pdb'), 'drafts are not applied on save');
    const nothingLeft = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.kubeMaturity'] },
    })) as CodeAction[];
    assert.deepEqual(nothingLeft, [], 'no safe fix is left');
  });

  it('a PodDisruptionBudget created in another file clears missing-pdb without reopening the file', async () => {
    assert.ok(codes(client.diagnostics.get(uri)!.diagnostics).includes('missing-pdb'));
    const pdbPath = join(folder, 'pdb.yaml');
    writeFileSync(pdbPath, PDB);
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(pdbPath), type: 1 }],
    });
    const diagnostics = await client.waitForDiagnostics(uri, (d) => !codes(d).includes('missing-pdb'));
    assert.ok(codes(diagnostics).includes('missing-liveness-probe'));
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(pdbPath), type: 3 }],
    });
    await client.waitForDiagnostics(uri, (d) => codes(d).includes('missing-pdb'));
  });

  it('re-validates when a setting changes', async () => {
    client.settings = {
      ...NOT_RENDERING,
      severity: { 'missing-liveness-probe': 'off', 'missing-readiness-probe': 'error' },
    };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const diagnostics = await client.waitForDiagnostics(
      uri,
      (d) => !codes(d).includes('missing-liveness-probe'),
    );
    assert.equal(diagnostics.find((d) => d.code === 'missing-readiness-probe')?.severity, 1);
    client.settings = { ...NOT_RENDERING };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForDiagnostics(uri, (d) => codes(d).includes('missing-liveness-probe'));
  });

  it('answers the verdict request with the same JSON as the CLI report for the files on disk', async () => {
    const fresh = new LspTestClient();
    const diskFolder = workspace({ 'cart.yaml': DEPLOYMENT, 'pdb.yaml': PDB });
    try {
      await fresh.initialize(diskFolder);
      await fresh.waitForRevision(1);
      const verdict = (await fresh.connection.sendRequest('kubeMaturity/verdict', {})) as VerdictResult;
      const cli = JSON.parse(runCli(['check', '--format', 'json', '.'], { cwd: diskFolder }).stdout);
      assert.equal(verdict.folders.length, 1);
      assert.deepEqual(verdict.folders[0].stage, cli.stage);
      assert.equal(verdict.folders[0].score, cli.score);
      const cncf = (await fresh.connection.sendRequest('kubeMaturity/verdict', {
        model: 'cncf',
      })) as VerdictResult;
      const cliCncf = JSON.parse(
        runCli(['check', '--format', 'json', '--model', 'cncf', '.'], { cwd: diskFolder }).stdout,
      );
      assert.deepEqual(cncf.folders[0].stage, cliCncf.stage);
    } finally {
      await fresh.stop();
    }
  });
});

describe('language server: fix all of a control, and the configuration file', () => {
  it('a fix beside a misspelt key is withheld, and the hover says why', async () => {
    const text = MISSPELT_RESOURCES;
    const folder = workspace({ 'typo.yaml': text });
    const uri = uriOf(join(folder, 'typo.yaml'));
    const client = new LspTestClient();
    try {
      await client.initialize(folder);
      await client.waitForRevision(1);
      client.open(uri, text);
      const diagnostics = await client.waitForDiagnostics(uri);
      const cpu = diagnostics.find((d) => d.code === 'missing-cpu-request')!;
      const actions = (await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: cpu.range,
        context: { diagnostics: [cpu], only: ['quickfix'] },
      })) as CodeAction[];
      assert.ok(!actions.some((action) => action.title.includes('resources.requests.cpu')), 'no fix offered');
      const hover = (await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: cpu.range.start,
      })) as { contents: { value: string } };
      assert.match(
        hover.contents.value.replace(/\\(.)/g, '$1'),
        /`missing-cpu-request` · .* · \*no fix: `resouces` looks like a misspelling of `resources`/,
      );
    } finally {
      await client.stop();
    }
  });

  it('a document opened before the settings arrive is judged with them: a control turned off never flashes', async () => {
    const text = MISSPELT_RESOURCES;
    const folder = workspace({ 'typo.yaml': text });
    const uri = uriOf(join(folder, 'typo.yaml'));
    const client = new LspTestClient();
    let answer!: () => void;
    client.settingsHeld = new Promise((resolve) => {
      answer = resolve;
    });
    client.settings = { ...NOT_RENDERING, severity: { 'unknown-field': 'off' } };
    try {
      await client.initialize(folder);
      client.open(uri, text);
      await client.waitFor(() => client.settingsAsked > 0, 'the request for the settings');
      // A slow client: the server's analysis timer (milliseconds) has long fired when the answer comes.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(client.diagnostics.has(uri), false, 'nothing published under the default settings');
      answer();
      const diagnostics = await client.waitForDiagnostics(uri);
      assert.ok(codes(diagnostics).includes('missing-cpu-request'), codes(diagnostics).join());
      assert.ok(!codes(diagnostics).includes('unknown-field'), codes(diagnostics).join());
    } finally {
      answer();
      await client.stop();
    }
  });

  it("a custom resource is checked against the workspace's CRD, live: editing the CRD re-checks it", async () => {
    const widget =
      'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: "3"\n  colour: red\n';
    const folder = workspace({
      'crd.yaml': widgetCrd({ properties: { size: '{ type: integer }' } }),
      'widget.yaml': widget,
    });
    const crdUri = uriOf(join(folder, 'crd.yaml'));
    const widgetUri = uriOf(join(folder, 'widget.yaml'));
    const client = new LspTestClient();
    try {
      await client.initialize(folder);
      await client.waitForRevision(1);
      client.open(widgetUri, widget);
      const before = await client.waitForDiagnostics(widgetUri, (d) => codes(d).includes('unknown-field'));
      assert.deepEqual(
        before
          .filter((d) => d.code === 'unknown-field' || d.code === 'invalid-field-type')
          .map((d) => [d.code, d.range.start.line, d.message]),
        [
          [
            'invalid-field-type',
            5,
            'size: expected an integer, got the string "3": Widget w [stage 2 · Transform]',
          ],
          ['unknown-field', 6, '"colour" is not a field of Widget.spec: Widget w [stage 2 · Transform]'],
        ],
      );
      client.open(crdUri, widgetCrd({ properties: { size: '{ type: integer }' } }));
      client.change(
        crdUri,
        2,
        widgetCrd({ properties: { size: '{ type: integer }', colour: '{ type: string }' } }),
      );
      const after = await client.waitForDiagnostics(widgetUri, (d) => !codes(d).includes('unknown-field'));
      assert.ok(
        codes(after).includes('invalid-field-type'),
        'size is still a string where an integer belongs',
      );
      client.change(crdUri, 3, widgetCrd({ properties: { size: '{ x-kubernetes-int-or-string: true }' } }));
      await client.waitForDiagnostics(
        widgetUri,
        (d) => codes(d).includes('unknown-field') && !codes(d).includes('invalid-field-type'),
      );
    } finally {
      await client.stop();
    }
  });

  it('"Fix all <control> problems in this file" fixes every container at once', async () => {
    const folder = workspace({ 'two.yaml': TWO_CONTAINERS });
    const uri = uriOf(join(folder, 'two.yaml'));
    const client = new LspTestClient();
    try {
      await client.initialize(folder);
      await client.waitForRevision(1);
      client.open(uri, TWO_CONTAINERS);
      const diagnostics = await client.waitForDiagnostics(uri);
      const cpu = diagnostics.filter((d) => d.code === 'missing-cpu-limit');
      assert.equal(cpu.length, 2);
      const actions = (await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: cpu[0].range,
        context: { diagnostics: [cpu[0]], only: ['quickfix'] },
      })) as CodeAction[];
      const all = actions.find(
        (action) => action.title === 'Fix all missing-cpu-limit problems in this file (2) (review)',
      )!;
      assert.ok(all?.edit, actions.map((action) => action.title).join('\n'));
      const fixed = applyTextEdits(TWO_CONTAINERS, all.edit.changes[uri]);
      assert.equal((fixed.match(/cpu: 500m/g) ?? []).length, 2);
      assert.ok(fixed.includes('# The cart service') && fixed.includes('# main container'));
      client.change(uri, 2, fixed);
      const after = await client.waitForDiagnostics(uri, (_d, v) => v === 2);
      assert.ok(!codes(after).includes('missing-cpu-limit'));
      assert.ok(codes(after).includes('missing-memory-limit'), 'other controls are left alone');
    } finally {
      await client.stop();
    }
  });

  it('re-validates when .kube-maturity.yaml changes, and reports an invalid one at its position', async () => {
    const folder = workspace({ 'two.yaml': TWO_CONTAINERS });
    const uri = uriOf(join(folder, 'two.yaml'));
    const configPath = join(folder, '.kube-maturity.yaml');
    const client = new LspTestClient();
    try {
      await client.initialize(folder);
      await client.waitForRevision(1);
      client.open(uri, TWO_CONTAINERS);
      await client.waitForDiagnostics(uri, (d) => codes(d).includes('missing-cpu-limit'));
      writeFileSync(configPath, 'controls:\n  missing-cpu-limit: off\n');
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: uriOf(configPath), type: 1 }],
      });
      await client.waitForDiagnostics(uri, (d) => !codes(d).includes('missing-cpu-limit'));
      writeFileSync(configPath, 'controls:\n  missing-cpu-limmit: off\n');
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: uriOf(configPath), type: 2 }],
      });
      const problems = await client.waitForDiagnostics(uriOf(configPath), (d) => d.length > 0);
      assert.match(problems[0].message, /unknown control "missing-cpu-limmit"/);
      assert.deepEqual(problems[0].range.start, { line: 1, character: 2 });
      await client.waitForDiagnostics(uri, (d) => codes(d).includes('missing-cpu-limit'));
    } finally {
      await client.stop();
    }
  });

  it('reports a syntax error at its position and keeps the other documents of the file', async () => {
    const folder = workspace({});
    const uri = uriOf(join(folder, 'broken.yaml'));
    const client = new LspTestClient();
    try {
      await client.initialize(folder);
      await client.waitForRevision(1);
      client.open(uri, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: [broken\n---\n${TWO_CONTAINERS}`);
      const diagnostics = await client.waitForDiagnostics(uri);
      const syntax = diagnostics.find((d) => d.code === 'syntax')!;
      assert.match(syntax.message, /YAML syntax error/);
      assert.equal(syntax.severity, 1);
      assert.ok(codes(diagnostics).includes('missing-cpu-limit'));
    } finally {
      await client.stop();
    }
  });
});
