/**
 * Charts and kustomizations in the editor, over stdio with the real helm and kustomize: squiggles on the
 * template lines, their hover, the rendered document behind them, re-renders on typing and on save, and
 * restricted mode executing nothing.
 */

import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { problemFirst } from '../../server/src/lsp/diagnostics';
import type { WorkspaceTree } from '../../server/src/report/tree';
import { type Diagnostic, LspTestClient, uriOf } from '../support/lspClient';
import { FIXTURE_REPOS, PROJECT_ROOT } from '../support/paths';
import { describeWithRenderTools, runRenderCheck } from '../support/renderTools';

const CREATED = 1; // FileChangeType.Created
const CHANGED = 2; // FileChangeType.Changed

function copyOf(fixture: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-lsp-render-'));
  cpSync(join(FIXTURE_REPOS, fixture), folder, { recursive: true });
  return folder;
}

function withCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === code);
}

async function rendersIdle(client: LspTestClient): Promise<void> {
  await client.connection.sendRequest('kubeMaturity/rendersIdle', {});
}

/** Starts the server on the folder and waits for its scan and its first renders. */
async function loadWithRenders(client: LspTestClient, folder: string): Promise<void> {
  await client.initialize(folder);
  await client.waitForRevision(1);
  await rendersIdle(client);
}

describeWithRenderTools('a chart in the editor', (tools) => {
  describe(tools.name, () => {
    let client: LspTestClient;
    let folder: string;
    let deployment: string;
    let deploymentText: string;

    before(async () => {
      folder = copyOf('helm/webapp');
      deployment = join(folder, 'templates/deployment.yaml');
      deploymentText = readFileSync(deployment, 'utf8');
      client = new LspTestClient();
      client.settings = { helm: { path: tools.helm }, kustomize: { path: tools.kubectl } };
      await loadWithRenders(client, folder);
      client.open(uriOf(deployment), deploymentText);
    });
    after(() => client.stop());

    const pullPolicyLine = () =>
      deploymentText.split('\n').findIndex((line) => line.includes('imagePullPolicy:'));

    it('puts a finding of the rendered Deployment on the template line that wrote the field', async () => {
      const diagnostics = await client.waitForDiagnostics(
        uriOf(deployment),
        (list) => withCode(list, 'pull-policy-not-always').length > 0,
      );
      const [pullPolicy] = withCode(diagnostics, 'pull-policy-not-always');
      assert.equal(pullPolicy.range.start.line, pullPolicyLine());
      assert.match(pullPolicy.message, /\(from values\.yaml: image\.pullPolicy\)/);
      assert.ok(
        diagnostics.every((diagnostic) => diagnostic.range.start.line > 0),
        'no finding on the first line',
      );
    });

    it('attaches the rendered document, which the server serves read-only', async () => {
      const [pullPolicy] = withCode(
        await client.waitForDiagnostics(uriOf(deployment)),
        'pull-policy-not-always',
      ) as Array<Diagnostic & { relatedInformation?: Array<{ location: { uri: string }; message: string }> }>;
      const related = pullPolicy.relatedInformation?.[0];
      assert.ok(related, 'related information');
      assert.match(related.location.uri, /^kube-maturity-rendered:.*deployment\.yaml%23rendered-\d+\.yaml$/);
      assert.match(related.message, /as rendered by helm template: Deployment release-webapp/);
      const text = await client.connection.sendRequest<string | null>('kubeMaturity/renderedDocument', {
        uri: related.location.uri,
      });
      assert.ok(
        text?.includes('kind: Deployment') && text.includes('imagePullPolicy: IfNotPresent'),
        text ?? '',
      );
    });

    it('hovers over the template line with the finding', async () => {
      const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>(
        'textDocument/hover',
        { textDocument: { uri: uriOf(deployment) }, position: { line: pullPolicyLine(), character: 12 } },
      );
      assert.ok(hover?.contents.value.includes('pull-policy-not-always'), JSON.stringify(hover));
      const text = (hover?.contents.value ?? '').replace(/\\(.)/g, '$1');
      assert.match(text, /a fix of the chart is in the light bulb when one can be made there/);
      assert.doesNotMatch(text, /its control offers no fix/);
    });

    it('renders again from the unsaved text while the user types', async () => {
      const edited = deploymentText.replace(/imagePullPolicy: .*/, 'imagePullPolicy: Always');
      assert.notEqual(edited, deploymentText);
      client.change(uriOf(deployment), 2, edited);
      await client.waitForDiagnostics(
        uriOf(deployment),
        (list, version) => version === 2 && withCode(list, 'pull-policy-not-always').length === 0,
      );
      assert.equal(readFileSync(deployment, 'utf8'), deploymentText, 'the file on disk is untouched');
      client.change(uriOf(deployment), 3, deploymentText);
      await client.waitForDiagnostics(
        uriOf(deployment),
        (list, version) => version === 3 && withCode(list, 'pull-policy-not-always').length === 1,
      );
    });

    it('renders again when a values file is saved, and the finding is gone', async () => {
      const values = join(folder, 'values.yaml');
      const before = readFileSync(values, 'utf8');
      writeFileSync(values, before.replace(/pullPolicy: IfNotPresent/, 'pullPolicy: Always'));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: uriOf(values), type: CHANGED }],
      });
      await client.waitForDiagnostics(
        uriOf(deployment),
        (list) => withCode(list, 'pull-policy-not-always').length === 0,
      );
      writeFileSync(values, before);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: uriOf(values), type: CHANGED }],
      });
      await client.waitForDiagnostics(
        uriOf(deployment),
        (list) => withCode(list, 'pull-policy-not-always').length === 1,
      );
    });

    it('counts the rendered objects in the verdict and lists the findings under the templates', async () => {
      await rendersIdle(client);
      const [tree] = await client.connection.sendRequest<WorkspaceTree[]>('kubeMaturity/tree', {
        groupBy: 'file',
      });
      const labels = JSON.stringify(tree);
      assert.ok(labels.includes('templates/deployment.yaml'), 'findings under the template');
      assert.ok(!labels.includes('#rendered-'), 'no rendered document in the tree');
      assert.ok(
        tree.groups.some((group) => group.label === 'Helm chart . (rendered)'),
        `the chart's findings grouped under it: ${tree.groups.map((group) => group.label).join(', ')}`,
      );
      const verdict = await client.connection.sendRequest<{
        folders: Array<{ stage: { notEvidenced?: number[] } }>;
      }>('kubeMaturity/verdict', {});
      assert.ok(
        !verdict.folders[0].stage.notEvidenced?.includes(2),
        'stage 2 is evidenced by the rendered Deployment',
      );
    });
  });
});

describeWithRenderTools('a configured values file outside its chart', (tools) => {
  it(`${tools.name}: its save renders the chart again`, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-lsp-render-'));
    cpSync(join(FIXTURE_REPOS, 'helm/webapp'), join(folder, 'charts/webapp'), { recursive: true });
    const values = join(folder, 'environments/prod.yaml');
    mkdirSync(join(folder, 'environments'));
    writeFileSync(values, 'image:\n  pullPolicy: IfNotPresent\n');
    writeFileSync(
      join(folder, '.kube-maturity.yaml'),
      'render:\n  charts:\n    - path: charts/webapp\n      values: [environments/prod.yaml]\n',
    );
    const deployment = join(folder, 'charts/webapp/templates/deployment.yaml');
    const client = new LspTestClient();
    client.settings = { helm: { path: tools.helm }, kustomize: { path: tools.kubectl } };
    try {
      await loadWithRenders(client, folder);
      client.open(uriOf(deployment), readFileSync(deployment, 'utf8'));
      await client.waitForDiagnostics(
        uriOf(deployment),
        (list) => withCode(list, 'pull-policy-not-always').length === 1,
      );
      // The render the opening scheduled is done: only the save below can render again.
      await rendersIdle(client);
      writeFileSync(values, 'image:\n  pullPolicy: Always\n');
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: uriOf(values), type: CHANGED }],
      });
      await client.waitForDiagnostics(
        uriOf(deployment),
        (list) => withCode(list, 'pull-policy-not-always').length === 0,
      );
    } finally {
      await client.stop();
    }
  });
});

interface TextEditOf {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}
interface CodeActionOf {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  disabled?: { reason: string };
  edit?: {
    changes?: Record<string, TextEditOf[]>;
    documentChanges?: Array<
      | { kind: 'create'; uri: string }
      | { textDocument: { uri: string; version: number | null }; edits: TextEditOf[] }
    >;
  };
}

/** A text with LSP edits applied (from the last, so that earlier positions stay). */
function applyEdits(text: string, edits: readonly TextEditOf[]): string {
  const starts = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === '\n') starts.push(index + 1);
  const offset = (position: { line: number; character: number }) =>
    (starts[position.line] ?? text.length) + position.character;
  let result = text;
  for (const edit of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)))
    result = result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end));
  return result;
}

/** The edits of an action's workspace edit on one file, and whether the edit creates it. */
function editsOn(action: CodeActionOf, uri: string): { edits: TextEditOf[]; created: boolean } {
  const changes = action.edit?.documentChanges ?? [];
  return {
    created: changes.some((change) => 'kind' in change && change.kind === 'create' && change.uri === uri),
    edits: changes.flatMap((change) =>
      'textDocument' in change && change.textDocument.uri === uri ? change.edits : [],
    ),
  };
}

describeWithRenderTools('chart fixes as quick fixes', (tools) => {
  describe(tools.name, () => {
    let client: LspTestClient;
    let folder: string;

    before(async () => {
      folder = copyOf('helm/webapp');
      client = new LspTestClient();
      client.settings = { helm: { path: tools.helm } };
      await loadWithRenders(client, folder);
    });
    after(() => client.stop());

    async function openWith(
      file: string,
      code: string,
    ): Promise<{ uri: string; text: string; diagnostic: Diagnostic }> {
      const path = join(folder, file);
      const text = readFileSync(path, 'utf8');
      const uri = uriOf(path);
      client.open(uri, text);
      const [diagnostic] = withCode(
        await client.waitForDiagnostics(uri, (list) => withCode(list, code).length > 0),
        code,
      );
      return { uri, text, diagnostic };
    }

    function actionsAt(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeActionOf[]> {
      return client.connection.sendRequest<CodeActionOf[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostics[0].range,
        context: { diagnostics, only },
      });
    }

    async function saved(path: string, text: string, type = CHANGED): Promise<void> {
      writeFileSync(path, text);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: uriOf(path), type }],
      });
      await rendersIdle(client);
    }

    it('offers the fix of a field from values in values.yaml, verified, for review; applied, the finding is gone', async () => {
      const values = join(folder, 'values.yaml');
      const valuesText = readFileSync(values, 'utf8');
      const { uri, diagnostic } = await openWith('templates/deployment.yaml', 'pull-policy-not-always');
      const actions = await actionsAt(uri, [diagnostic]);
      const fix = actions.find((action) => action.edit && action.kind === 'quickfix.kubeMaturity.review');
      assert.ok(fix, JSON.stringify(actions));
      assert.match(fix.title, /imagePullPolicy: Always.* in values\.yaml.*\(review\)$/);
      assert.ok(!fix.isPreferred, 'never preferred');
      const { edits, created } = editsOn(fix, uriOf(values));
      assert.ok(edits.length > 0 && !created, JSON.stringify(fix.edit));
      assert.equal(readFileSync(values, 'utf8'), valuesText, 'verifying wrote nothing in the workspace');
      const again = await actionsAt(uri, [diagnostic]);
      assert.deepEqual(
        again.find((action) => action.title === fix.title)?.edit,
        fix.edit,
        'the same fix again',
      );
      const onSave = await actionsAt(uri, [diagnostic], ['source.fixAll.kubeMaturity']);
      assert.ok(!onSave.some((action) => action.title === fix.title), 'not applied by fix-all');
      await saved(values, applyEdits(valuesText, edits));
      await client.waitForDiagnostics(uri, (list) => withCode(list, 'pull-policy-not-always').length === 0);
      await saved(values, valuesText);
    });

    it('edits a literal template from its unsaved text; withholds what would copy rendered text or does not verify', async () => {
      const { uri, text, diagnostic } = await openWith(
        'templates/tests/test-connection.yaml',
        'privilege-escalation',
      );
      const diagnostics = await client.waitForDiagnostics(uri);
      const actions = await actionsAt(uri, [diagnostic]);
      const fix = actions.find((action) => action.edit && action.kind === 'quickfix.kubeMaturity.review');
      assert.ok(fix, JSON.stringify(actions));
      assert.match(fix.title, /allowPrivilegeEscalation: false in templates\/tests\/test-connection\.yaml/);
      const [probe] = withCode(diagnostics, 'missing-liveness-probe');
      const [probeAction] = await actionsAt(uri, [probe]);
      assert.match(
        probeAction.disabled?.reason ?? '',
        /^not verified: the chart re-rendered with it still has the finding/,
      );
      assert.equal(probeAction.edit, undefined);
      const [netpol] = withCode(diagnostics, 'missing-network-policy');
      const [netpolAction] = await actionsAt(uri, [netpol]);
      assert.match(netpolAction.disabled?.reason ?? '', /rendered text/);
      const { edits } = editsOn(fix, uri);
      const fixed = applyEdits(text, edits);
      client.change(uri, 2, fixed);
      await client.waitForDiagnostics(
        uri,
        (list, version) => version === 2 && withCode(list, 'privilege-escalation').length === 0,
      );
      assert.equal(
        readFileSync(join(folder, 'templates/tests/test-connection.yaml'), 'utf8'),
        text,
        'unsaved',
      );
      client.change(uri, 3, text);
      await client.waitForDiagnostics(
        uri,
        (list, version) => version === 3 && withCode(list, 'privilege-escalation').length === 1,
      );
    });

    it('verifies a few fixes per request: the others say why they wait', async () => {
      const uri = uriOf(join(folder, 'templates/tests/test-connection.yaml'));
      const diagnostics = (await client.waitForDiagnostics(uri)).filter(
        (diagnostic) =>
          diagnostic.range.start.line === 10 &&
          /^(missing-(cpu|memory)-|writable|capabilities|run-as|linux)/.test(String(diagnostic.code)),
      );
      assert.ok(diagnostics.length > 3, JSON.stringify(diagnostics));
      const actions = (await actionsAt(uri, diagnostics)).filter((action) =>
        action.kind?.startsWith('quickfix.kubeMaturity.'),
      );
      const waiting = actions.filter((action) =>
        /more than 3 chart fixes/.test(action.disabled?.reason ?? ''),
      );
      assert.equal(waiting.length, diagnostics.length - 3, JSON.stringify(actions));
    });

    it('adds a new object as a new template, created by the edit', async () => {
      const { uri, diagnostic } = await openWith('templates/deployment.yaml', 'namespace-without-quota');
      const fix = (await actionsAt(uri, [diagnostic])).find((action) => action.edit);
      assert.ok(fix, 'a fix');
      const created = join(folder, 'templates/resourcequota.yaml');
      const { edits, created: isCreated } = editsOn(fix, uriOf(created));
      assert.ok(isCreated, JSON.stringify(fix.edit));
      assert.equal(existsSync(created), false, 'not written by the verification');
      await saved(created, applyEdits('', edits), CREATED);
      await client.waitForDiagnostics(uri, (list) => withCode(list, 'namespace-without-quota').length === 0);
    });
  });
});

describeWithRenderTools('kustomization fixes as quick fixes', (tools) => {
  it(`${tools.name}: a base two overlays build: the fix edits the staging patch and adds one to production, verified and for review; applied, the finding is gone`, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-lsp-kustomize-fixes-'));
    cpSync(join(PROJECT_ROOT, 'test/fixtures/kustomize-fixes'), folder, { recursive: true });
    const client = new LspTestClient();
    client.settings = { kustomize: { path: tools.kubectl } };
    try {
      await loadWithRenders(client, folder);
      const base = join(folder, 'base/deployment.yaml');
      client.open(uriOf(base), readFileSync(base, 'utf8'));
      const [diagnostic] = withCode(
        await client.waitForDiagnostics(
          uriOf(base),
          (list) => withCode(list, 'privilege-escalation').length > 0,
        ),
        'privilege-escalation',
      );
      const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>(
        'textDocument/hover',
        { textDocument: { uri: uriOf(base) }, position: diagnostic.range.start },
      );
      assert.match(hover?.contents.value ?? '', /a fix of the kustomization is in the light bulb/);
      const actions = await client.connection.sendRequest<CodeActionOf[]>('textDocument/codeAction', {
        textDocument: { uri: uriOf(base) },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      });
      const fix = actions.find((action) => action.edit && action.kind === 'quickfix.kubeMaturity.review');
      assert.ok(fix, JSON.stringify(actions));
      assert.match(fix.title, /^Add securityContext\.allowPrivilegeEscalation: false in .*\(review\)$/);
      assert.ok(!fix.isPreferred, 'never preferred');
      const created = join(folder, 'overlays/production/kube-maturity-patch-deployment-payments.yaml');
      const kustomization = join(folder, 'overlays/production/kustomization.yaml');
      const stagingPatch = join(folder, 'overlays/staging/resources-patch.yaml');
      const newPatch = editsOn(fix, uriOf(created));
      assert.ok(newPatch.created, JSON.stringify(fix.edit));
      assert.equal(existsSync(created), false, 'not written by the verification');
      const changes = [
        { path: created, text: '', edits: newPatch.edits, type: CREATED },
        {
          path: kustomization,
          text: readFileSync(kustomization, 'utf8'),
          edits: editsOn(fix, uriOf(kustomization)).edits,
          type: CHANGED,
        },
        {
          path: stagingPatch,
          text: readFileSync(stagingPatch, 'utf8'),
          edits: editsOn(fix, uriOf(stagingPatch)).edits,
          type: CHANGED,
        },
      ];
      for (const change of changes) {
        assert.ok(change.edits.length > 0, change.path);
        writeFileSync(change.path, applyEdits(change.text, change.edits));
      }
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: changes.map((change) => ({ uri: uriOf(change.path), type: change.type })),
      });
      await rendersIdle(client);
      await client.waitForDiagnostics(
        uriOf(base),
        (list) => withCode(list, 'privilege-escalation').length === 0,
      );
    } finally {
      await client.stop();
    }
  });
});

describeWithRenderTools('a Kustomize tree in the editor', (tools) => {
  it(`${tools.name}: findings of the builds on the base and patch lines, a base line two overlays share once`, async () => {
    const folder = copyOf('kustomize');
    const client = new LspTestClient();
    client.settings = { kustomize: { path: tools.kubectl } };
    try {
      await loadWithRenders(client, folder);
      const patch = join(folder, 'overlays/staging/resources-patch.yaml');
      const patchText = readFileSync(patch, 'utf8');
      client.open(uriOf(patch), patchText);
      const onPatch = await client.waitForDiagnostics(
        uriOf(patch),
        (list) => withCode(list, 'missing-cpu-limit').length > 0,
      );
      const [cpuLimit] = withCode(onPatch, 'missing-cpu-limit');
      assert.match(patchText.split('\n')[cpuLimit.range.start.line], /^\s*limits:/);
      const base = join(folder, 'base/deployment.yaml');
      client.open(uriOf(base), readFileSync(base, 'utf8'));
      const onBase = await client.waitForDiagnostics(
        uriOf(base),
        (list) => withCode(list, 'probe-port-not-exposed').length > 0,
      );
      const probe = withCode(onBase, 'probe-port-not-exposed');
      assert.equal(probe.length, 1, 'the base line both overlays build is reported once');
      assert.match(probe[0].message, /in every build of it here: overlays\/production, overlays\/staging/);
      const [tree] = await client.connection.sendRequest<WorkspaceTree[]>('kubeMaturity/tree', {
        groupBy: 'file',
      });
      const labels = tree.groups.map((group) => group.label);
      assert.ok(labels.includes('Kustomization overlays/staging (built)'), labels.join(', '));
      assert.ok(!labels.some((label) => label.includes('#built-')), labels.join(', '));
    } finally {
      await client.stop();
    }
  });
});

describeWithRenderTools('the editor and check --render agree', (tools) => {
  for (const fixture of ['helm/webapp', 'kustomize']) {
    it(`${tools.name}, ${fixture}: the same verdict, score and findings on each file`, async () => {
      const folder = copyOf(fixture);
      const cli = JSON.parse(runRenderCheck(tools, folder).stdout) as {
        stage: { stage: number };
        score: number;
        findings: Array<{ file?: string; line?: number; control: string; message: string; subject?: string }>;
      };
      const client = new LspTestClient();
      client.settings = { helm: { path: tools.helm }, kustomize: { path: tools.kubectl } };
      try {
        await loadWithRenders(client, folder);
        const verdict = await client.connection.sendRequest<{
          folders: Array<{ stage: { stage: number }; score: number }>;
        }>('kubeMaturity/verdict', {});
        assert.equal(verdict.folders[0].stage.stage, cli.stage.stage);
        assert.equal(verdict.folders[0].score, cli.score);
        const files = [...new Set(cli.findings.flatMap((finding) => (finding.file ? [finding.file] : [])))];
        assert.ok(files.length > 1);
        for (const file of files) {
          const uri = uriOf(join(folder, file));
          client.open(
            uri,
            readFileSync(join(folder, file), 'utf8'),
            1,
            file.endsWith('.tpl') ? 'helm' : 'yaml',
          );
          const expected = cli.findings
            .filter((finding) => finding.file === file)
            // The Problems panel puts the problem first: the same message, its subject moved to the end.
            .map((finding) => `${(finding.line ?? 1) - 1} ${finding.control} ${problemFirst(finding)}`)
            .sort();
          const diagnostics = await client.waitForDiagnostics(uri, (list) => list.length > 0);
          const shown = diagnostics
            .map(
              (diagnostic) =>
                `${diagnostic.range.start.line} ${diagnostic.code} ${diagnostic.message.replace(/ \[stage [^\]]*\]$/, '')}`,
            )
            .sort();
          assert.deepEqual(shown, expected, file);
        }
      } finally {
        await client.stop();
      }
    });
  }
});

describe('restricted mode executes nothing', () => {
  let bin: string;
  let record: string;
  before(() => {
    bin = mkdtempSync(join(tmpdir(), 'kube-maturity-fake-helm-'));
    record = join(bin, 'runs.log');
    // A helm that records every run and renders nothing.
    const script = `#!/bin/sh\necho "$@" >> ${JSON.stringify(record)}\nexit 0\n`;
    for (const name of ['helm', 'kubectl', 'kustomize']) {
      writeFileSync(join(bin, name), script);
      chmodSync(join(bin, name), 0o755);
    }
  });

  async function start(trusted: boolean): Promise<{ client: LspTestClient; folder: string }> {
    const folder = copyOf('helm/webapp');
    cpSync(join(FIXTURE_REPOS, 'kustomize'), join(folder, 'deploy'), { recursive: true });
    const client = new LspTestClient({ ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` });
    client.settings = {};
    await client.initialize(folder, { trusted });
    await client.waitForRevision(1);
    await rendersIdle(client);
    return { client, folder };
  }

  it('in an untrusted workspace: no helm, kustomize or kubectl run; the templates say why', async () => {
    const { client, folder } = await start(false);
    try {
      const [tree] = await client.connection.sendRequest<WorkspaceTree[]>('kubeMaturity/tree', {});
      assert.equal(existsSync(record), false, existsSync(record) ? readFileSync(record, 'utf8') : '');
      const report = (await client.connection.sendRequest<string>('kubeMaturity/markdownReport', {})).replace(
        /\\(.)/g,
        '$1',
      );
      assert.ok(tree, 'a tree');
      client.open(
        uriOf(join(folder, 'templates/deployment.yaml')),
        readFileSync(join(folder, 'templates/deployment.yaml'), 'utf8'),
      );
      const diagnostics = await client.waitForDiagnostics(uriOf(join(folder, 'templates/deployment.yaml')));
      assert.equal(diagnostics.length, 0);
      assert.match(
        report,
        /Not rendered: Chart\.yaml: not rendered: rendering is off in an untrusted workspace: its templates are not checked/,
      );
      const chart = join(folder, 'Chart.yaml');
      client.open(uriOf(chart), readFileSync(chart, 'utf8'));
      const [notice] = await client.waitForDiagnostics(uriOf(chart), (list) => list.length > 0);
      assert.equal(notice.severity, 3, 'information');
      assert.match(notice.message, /rendering is off in an untrusted workspace/);
      assert.equal(existsSync(record), false, 'still nothing run after opening a template');
    } finally {
      await client.stop();
    }
  });

  it('the same fake on PATH is run once the workspace is trusted (so the test above can fail)', async () => {
    const { client } = await start(true);
    try {
      assert.ok(existsSync(record), 'helm ran');
      assert.match(readFileSync(record, 'utf8'), /template release /);
    } finally {
      await client.stop();
    }
  });
});
