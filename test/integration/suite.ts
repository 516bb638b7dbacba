import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { KubeMaturityApi } from '../../client/src/extension';

/**
 * The integration suite: runs inside a real VS Code extension host (code-server here, or the desktop app
 * through @vscode/test-electron) against the fixture workspace, as a user meets the extension.
 */

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

const EXTENSION_ID = 'kube-maturity.kube-maturity';
const tests: Array<{ name: string; run: () => Promise<void> }> = [];
function test(name: string, run: () => Promise<void>): void {
  tests.push({ name, run });
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'kube-maturity');
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

function codes(uri: vscode.Uri): string[] {
  return [...new Set(ours(uri).map(codeOf))].sort();
}

/** Resolves when the diagnostics of `uri` satisfy the predicate, on the diagnostics event (never a sleep). */
function diagnosticsWhere(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diagnostics = ours(uri);
      if (diagnostics.length > 0 && predicate(diagnostics)) {
        subscription.dispose();
        clearTimeout(timer);
        resolve(diagnostics);
        return true;
      }
      return false;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out waiting for ${what}; diagnostics now: ${codes(uri).join(', ')}`));
    }, timeoutMs);
    check();
  });
}

export async function runSuite(folder: string): Promise<TestResult[]> {
  const extension = vscode.extensions.getExtension<KubeMaturityApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const api = await extension.activate();
  const app = vscode.Uri.file(join(folder, 'app.yaml'));
  const pdb = vscode.Uri.file(join(folder, 'pdb.yaml'));
  let document: vscode.TextDocument;

  test('diagnostics appear on open, with the exact controls and ranges', async () => {
    document = await vscode.workspace.openTextDocument(app);
    await vscode.window.showTextDocument(document);
    const diagnostics = await diagnosticsWhere(
      app,
      (d) => d.some((x) => codeOf(x) === 'missing-liveness-probe'),
      'diagnostics of app.yaml',
    );
    const found = codes(app);
    for (const expected of [
      'missing-cpu-request',
      'missing-liveness-probe',
      'missing-pdb',
      'privilege-escalation',
      'run-as-root',
    ]) {
      assert.ok(found.includes(expected), `${expected} not in ${found.join(', ')}`);
    }
    const probe = diagnostics.find((d) => codeOf(d) === 'missing-liveness-probe')!;
    assert.deepEqual(
      [probe.range.start.line, probe.range.start.character, probe.range.end.line, probe.range.end.character],
      [19, 10, 19, 19],
    );
    assert.equal(probe.severity, vscode.DiagnosticSeverity.Warning);
    const pdbFinding = diagnostics.find((d) => codeOf(d) === 'missing-pdb')!;
    assert.deepEqual([pdbFinding.range.start.line, pdbFinding.range.start.character], [4, 2]);
    assert.match(
      pdbFinding.message,
      /no PodDisruptionBudget in namespace "shop" selects app\.kubernetes\.io\/name=api/,
    );
  });

  test('a quick fix from the code action provider edits the text, the diagnostic goes, and the view follows without Refresh', async () => {
    // The chart's render adds its checks when it finishes: counted before it, the fix's change is hidden.
    await api.whenRendersIdle();
    await waitForTree(api, (nodes) => failedChecks(nodes) > 0, 'the tree of the fixture');
    const failedBefore = failedChecks(api.treeNodes());
    const target = ours(app).find((d) => codeOf(d) === 'missing-cpu-request')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      app,
      target.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((action) => action.title === 'Add resources.requests.cpu: 100m (review)');
    assert.ok(fix?.edit, `no quick fix among: ${actions.map((action) => action.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    // The light bulb of the new text, asked for at once as the editor does after a quick fix.
    await vscode.commands.executeCommand('vscode.executeCodeActionProvider', app, target.range);
    assert.match(document.getText(), /\n {10}resources:\n {12}requests:\n {14}cpu: 100m\n/);
    assert.ok(document.getText().includes('# serves /v1'), 'the comment is kept');
    await diagnosticsWhere(
      app,
      (d) => !d.some((x) => codeOf(x) === 'missing-cpu-request'),
      'missing-cpu-request to go',
    );
    // The view redraws on the server's word alone: nobody clicks Refresh.
    await waitForTree(
      api,
      (nodes) => failedChecks(nodes) === failedBefore - 1,
      `the view to count ${failedBefore - 1} failed checks (it counted ${failedBefore})`,
      { refresh: false },
    );
  });

  test('saving applies source.fixAll.kubeMaturity: the safe fixes only', async () => {
    await vscode.workspace
      .getConfiguration('editor', { languageId: 'yaml' })
      .update(
        'codeActionsOnSave',
        { 'source.fixAll.kubeMaturity': 'always' },
        vscode.ConfigurationTarget.Workspace,
        true,
      );
    assert.ok(document.isDirty);
    assert.ok(await document.save());
    const text = document.getText();
    // The safe fix (the shadowed env entry) is applied; review fixes change how the workload runs: never on save.
    assert.ok(!text.includes('value: debug'), 'the shadowed MODE entry is not removed on save');
    assert.ok(text.includes('value: production'));
    for (const review of [
      'allowPrivilegeEscalation',
      'runAsNonRoot',
      'readOnlyRootFilesystem',
      'imagePullPolicy',
      'livenessProbe',
    ])
      assert.ok(!text.includes(review), `the review fix ${review} was applied on save`);
    await diagnosticsWhere(
      app,
      (d) => !d.some((x) => codeOf(x) === 'duplicate-env-var'),
      'the safe finding to go',
    );
    for (const review of ['privilege-escalation', 'run-as-root', 'missing-liveness-probe'])
      assert.ok(codes(app).includes(review), `${review} was fixed on save`);
  });

  test("editing another file changes this file's cross-file diagnostic", async () => {
    assert.ok(codes(app).includes('missing-pdb'));
    const other = await vscode.workspace.openTextDocument(pdb);
    const edit = new vscode.WorkspaceEdit();
    const line = other
      .getText()
      .split('\n')
      .findIndex((text) => text.includes('app.kubernetes.io/name: worker'));
    edit.replace(
      pdb,
      new vscode.Range(line, 0, line, other.lineAt(line).text.length),
      '      app.kubernetes.io/name: api',
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    await diagnosticsWhere(
      app,
      (d) => !d.some((x) => codeOf(x) === 'missing-pdb'),
      'missing-pdb to go after the PDB edit',
    );
    assert.ok(await other.save());
  });

  // The workspace holds a Helm chart when the orchestrator could install helm (scripts/render-tools.mjs).
  const helm = process.env.KUBE_MATURITY_TEST_HELM;
  if (helm)
    test('a chart: the squiggle on the template line, its hover and rendered document; the light bulb values fix, saved, re-renders and the finding goes', async () => {
      const template = vscode.Uri.file(join(folder, 'chart/templates/deployment.yaml'));
      const values = vscode.Uri.file(join(folder, 'chart/values.yaml'));
      const templateDocument = await vscode.workspace.openTextDocument(template);
      await vscode.window.showTextDocument(templateDocument);
      const line = templateDocument
        .getText()
        .split('\n')
        .findIndex((text) => text.includes('imagePullPolicy:'));
      const chartYaml = await vscode.workspace.openTextDocument(
        vscode.Uri.file(join(folder, 'chart/Chart.yaml')),
      );
      const diagnostics = await diagnosticsWhere(
        template,
        (d) => d.some((x) => codeOf(x) === 'pull-policy-not-always'),
        'the rendered finding on the template',
        90_000,
      ).catch((error: Error) => {
        throw new Error(
          `${error.message}; Chart.yaml: ${ours(chartYaml.uri)
            .map((d) => d.message)
            .join(' | ')}`,
        );
      });
      const pullPolicy = diagnostics.find((d) => codeOf(d) === 'pull-policy-not-always')!;
      assert.equal(pullPolicy.range.start.line, line);
      assert.match(pullPolicy.message, /from values\.yaml: image\.pullPolicy/);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        template,
        pullPolicy.range.start,
      );
      const hoverText = hovers
        .flatMap((hover) => hover.contents.map((part) => (typeof part === 'string' ? part : part.value)))
        .join('\n');
      assert.match(hoverText, /pull-policy-not-always/);
      const related = pullPolicy.relatedInformation?.[0];
      assert.equal(related?.location.uri.scheme, 'kube-maturity-rendered');
      const rendered = await vscode.workspace.openTextDocument(related!.location.uri);
      assert.match(rendered.getText(), /kind: Deployment[\s\S]*imagePullPolicy: IfNotPresent/);
      // The light bulb's chart fix: it edits values.yaml (verified by a re-render); saved, the finding goes.
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        template,
        pullPolicy.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const fix = actions.find(
        (action) => /values\.yaml/.test(action.title) && action.edit && !action.disabled,
      );
      assert.ok(fix?.edit, `no values fix among: ${actions.map((action) => action.title).join(' | ')}`);
      assert.equal(fix.isPreferred ?? false, false, 'a chart fix is never preferred');
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      const valuesDocument = await vscode.workspace.openTextDocument(values);
      assert.match(valuesDocument.getText(), /pullPolicy: Always/);
      assert.ok(await valuesDocument.save());
      await diagnosticsWhere(
        template,
        (d) => !d.some((x) => codeOf(x) === 'pull-policy-not-always'),
        'pull-policy-not-always to go after the re-render',
      );
    });

  test("the tree's stage and counts, read through the extension API, equal the CLI's verdict", async () => {
    const cli = JSON.parse(
      execFileSync(
        process.execPath,
        [
          join(extension.extensionPath, 'dist/cli.js'),
          'check',
          '--format',
          'json',
          '--fail-on',
          'none',
          ...(helm ? ['--render', '--helm', helm] : []),
          folder,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        },
      ),
    );
    const wanted = `Stage ${cli.stage.stage} of 7 · ${cli.stage.name}`;
    // The chart's render may land after the first analysis: wait for the CLI's stage and score.
    await waitForTree(
      api,
      (nodes) => nodes[0]?.label === wanted && (nodes[0]?.description ?? '').startsWith(`score ${cli.score}`),
      `the tree to show ${wanted}, score ${cli.score}`,
    );
    const nodes = api.treeNodes();
    assert.match(nodes[0].description ?? '', new RegExp(`^score ${cli.score}`));
    const stages = nodes.filter((node) => node.contextValue === 'group');
    assert.equal(stages.length, 7);
    cli.stage.stages.forEach(
      (stage: { stage: number; passed: number; failed: number; exempt: number }, index: number) => {
        if (stage.stage === 1) return;
        assert.ok(
          stages[index].description?.endsWith(`${stage.passed}/${stage.failed}/${stage.exempt}`),
          `${stages[index].label}: ${stages[index].description}`,
        );
      },
    );
    const failedChecks = cli.stage.stages.reduce(
      (total: number, stage: { failed: number }) => total + stage.failed,
      0,
    );
    assert.equal(api.statusText(), `$(graph) K8s stage ${cli.stage.stage}/7 · ${failedChecks} failed`);
  });

  test("the Maturity report opens with the tree's numbers, runs no script, and its links open the files", async () => {
    await waitForTree(api, (nodes) => /^Stage \d of 7 · /.test(nodes[0]?.label ?? ''), 'the tree');
    await vscode.commands.executeCommand('kubeMaturity.showReport');
    const html = api.reportHtml();
    const [root] = api.treeNodes();
    const score = /^score (\d+)/.exec(root.description ?? '')?.[1];
    assert.ok(html.includes(`>${root.label} · score ${score}</p>`), html.slice(0, 2000));
    assert.match(html, /content="default-src 'none'; style-src 'nonce-[A-Za-z0-9+/=]+'; img-src data:;"/);
    assert.doesNotMatch(html, /<script|https?:\/\//);
    // Every stage row of the tree is a row of the report's stage table, with the same counts.
    for (const stage of root.label ? api.treeNodes().filter((node) => node.contextValue === 'group') : []) {
      const counts = /(\d+)\/(\d+)\/(\d+)$/.exec(stage.description ?? '');
      if (!counts) continue;
      const [, passed, failed, exempt] = counts;
      assert.ok(
        html.includes(
          `<td class="num">${passed}</td><td class="num">${failed}</td><td class="num">${exempt}</td>`,
        ),
        `${stage.label}: ${passed}/${failed}/${exempt}`,
      );
    }
    const link = /href="command:kubeMaturity\.openLocation\?([^"]+)"/.exec(html);
    assert.ok(link, 'no link into a file');
    const [uri, line] = JSON.parse(
      decodeURIComponent(link[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&')),
    );
    await vscode.commands.executeCommand('kubeMaturity.openLocation', uri, line, 0);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri);
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, line);
    await vscode.commands.executeCommand('kubeMaturity.showReport');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.equal(api.reportHtml(), '');
  });

  test("switching the lens changes the user's setting and the view, never the workspace's .vscode/", async () => {
    const settingsOf = () => vscode.workspace.getConfiguration('kubeMaturity').inspect<string>('lens');
    // Earlier tests gave the workspace settings of its own: they must come out of the switch unchanged.
    const workspaceSettings = join(folder, '.vscode', 'settings.json');
    const read = () => (existsSync(workspaceSettings) ? readFileSync(workspaceSettings, 'utf8') : undefined);
    const before = read();
    try {
      await vscode.commands.executeCommand('kubeMaturity.switchLens');
      await waitForTree(
        api,
        (nodes) => /^Level \d of 5 · /.test(nodes[0]?.label ?? ''),
        'the CNCF lens in the view',
      );
      assert.match(api.statusText(), /^\$\(graph\) K8s level \d\/5 · \d+ failed$/);
      assert.equal(settingsOf()?.globalValue, 'cncf');
      assert.equal(settingsOf()?.workspaceValue, undefined);
      assert.equal(read(), before, "the workspace's .vscode/settings.json changed");
      await vscode.commands.executeCommand('kubeMaturity.switchLens');
      await waitForTree(
        api,
        (nodes) => /^Stage \d of 7 · /.test(nodes[0]?.label ?? ''),
        'the Fairwinds lens again',
      );
      assert.equal(settingsOf()?.globalValue, 'fairwinds');
      assert.equal(read(), before, "the workspace's .vscode/settings.json changed");
    } finally {
      await vscode.workspace
        .getConfiguration('kubeMaturity')
        .update('lens', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('when the server dies it is restarted, and the tree says so', async () => {
    const pid = await api.serverPid();
    process.kill(pid, 'SIGKILL');
    await waitForTree(
      api,
      (nodes) => nodes[0]?.id === 'status' && /restarted/.test(nodes[0].label),
      'the restart notice',
    );
    const newPid = await api.serverPid();
    assert.notEqual(newPid, pid);
    // The restarted server analyses the open documents again.
    await diagnosticsWhere(
      app,
      (d) => d.some((x) => codeOf(x) === 'missing-liveness-probe'),
      'diagnostics after the restart',
    );
  });

  const results: TestResult[] = [];
  for (const { name, run } of tests) {
    const started = Date.now();
    try {
      await run();
      results.push({ name, ok: true, ms: Date.now() - started });
    } catch (error) {
      results.push({
        name,
        ok: false,
        ms: Date.now() - started,
        error: (error as Error).stack ?? String(error),
      });
    }
  }
  return results;
}

/** Resolves when the tree shows what is expected: checked after a refresh and after each redraw. */
/** The failed checks the view's stage rows count (each row's description ends passed/failed/exempt). */
function failedChecks(nodes: ReturnType<KubeMaturityApi['treeNodes']>): number {
  return nodes
    .filter((node) => node.contextValue === 'group')
    .reduce(
      (total, node) => total + Number(/(\d+)\/(\d+)\/(\d+)$/.exec(node.description ?? '')?.[2] ?? 0),
      0,
    );
}

async function waitForTree(
  api: KubeMaturityApi,
  predicate: (nodes: ReturnType<KubeMaturityApi['treeNodes']>) => boolean,
  what: string,
  { refresh = true } = {},
): Promise<void> {
  let version = api.treeVersion();
  if (refresh) await vscode.commands.executeCommand('kubeMaturity.refresh');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${what}; tree root: ${api.treeNodes()[0]?.label}`)),
      30_000,
    );
  });
  try {
    while (!predicate(api.treeNodes())) {
      await Promise.race([api.whenTreeChanges(version), timeout]);
      version = api.treeVersion();
    }
  } finally {
    clearTimeout(timer);
  }
}
