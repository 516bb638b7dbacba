/**
 * The language server at the edges a real editor meets (issue 10): odd URIs, a client that answers a
 * request with an error, VS Code's URI encoding, lone CR line ends, links out of the workspace.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyTextEdits } from '../../server/src/engine/text';
import type { WorkspaceTree } from '../../server/src/report/tree';
import { type CodeAction, type Diagnostic, LspTestClient, NOT_RENDERING, uriOf } from '../support/lspClient';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            limits:
              cpu: 500m
`;

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-edges-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => diagnostic.code);

async function withServer(
  folder: string,
  run: (client: LspTestClient) => Promise<void>,
  setup?: (client: LspTestClient) => void,
) {
  const client = new LspTestClient();
  setup?.(client);
  try {
    await client.initialize(folder);
    await client.waitForRevision(1);
    await run(client);
    // Still alive and answering.
    const verdict = await client.connection.sendRequest('kubeMaturity/verdict', {});
    assert.ok(verdict);
    assert.equal(client.process.exitCode, null, client.logs.join(''));
  } finally {
    await client.stop();
  }
}

describe('language server edges', () => {
  it('documents and folders with a remote host or an encoded slash in their URI do not take it down', async () => {
    await withServer(folderWith({ 'web.yaml': DEPLOYMENT }), async (client) => {
      const remote = 'file://fileserver/share/web.yaml';
      const slash = `${uriOf(tmpdir())}/a%2Fb.yaml`;
      client.open(remote, DEPLOYMENT);
      client.open(slash, DEPLOYMENT);
      const diagnostics = await client.waitForDiagnostics(slash);
      assert.ok(codes(diagnostics).includes('single-replica'), 'analysed as an open document');
      await client.waitForDiagnostics(remote);
      void client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: {
          added: [
            { uri: 'file://fileserver/share', name: 'remote' },
            { uri: `${uriOf(tmpdir())}/x%2Fy`, name: 'slash' },
          ],
          removed: [],
        },
      });
      client.change(slash, 2, DEPLOYMENT.replace('replicas: 1', 'replicas: 3'));
      await client.waitForDiagnostics(
        slash,
        (d, version) => version === 2 && !codes(d).includes('single-replica'),
      );
    });
  });

  it('a configuration error shown while the client answers showMessageRequest with an error', async () => {
    const folder = folderWith({ 'web.yaml': DEPLOYMENT, '.kube-maturity.yaml': 'stageThreshold: high\n' });
    await withServer(
      folder,
      async (client) => {
        const uri = uriOf(join(folder, 'web.yaml'));
        client.open(uri, DEPLOYMENT);
        await client.waitForDiagnostics(uri);
      },
      (client) => {
        client.answerShowMessage = () => {
          throw new Error('the user closed the window');
        };
      },
    );
  });

  it("an open buffer's text wins over the disk, whatever the URI encoding (web (copy).yaml)", async () => {
    const onDisk = DEPLOYMENT.replace('replicas: 1', 'replicas: 3');
    const folder = folderWith({ 'web (copy).yaml': onDisk });
    const client = new LspTestClient();
    try {
      await client.initialize(folder);
      // VS Code's encoding of the same file: parentheses escaped, which Node does not do.
      const vscodeUri = uriOf(join(folder, 'web (copy).yaml')).replace('(', '%28').replace(')', '%29');
      client.open(vscodeUri, DEPLOYMENT, 7);
      await client.waitForRevision(1);
      const diagnostics = await client.waitForDiagnostics(vscodeUri, (_d, version) => version === 7);
      assert.ok(codes(diagnostics).includes('single-replica'), 'diagnostics of the buffer, not of the disk');
      // A watched-file event for the same file must not replace the buffer either.
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: uriOf(join(folder, 'web (copy).yaml')), type: 2 }],
      });
      client.change(vscodeUri, 8, `${DEPLOYMENT}# edited\n`);
      const after = await client.waitForDiagnostics(vscodeUri, (_d, version) => version === 8);
      assert.ok(codes(after).includes('single-replica'));
      const trees = (await client.connection.sendRequest('kubeMaturity/tree', {})) as WorkspaceTree[];
      assert.equal(
        trees[0].groups.flatMap((group) => group.controls).find((c) => c.id === 'single-replica')?.failed,
        1,
      );
    } finally {
      await client.stop();
    }
  });

  it('lone CR line ends: diagnostics and fixes land on the lines the editor shows', async () => {
    // A lone CR inside a comment (as some generators write them): YAML reads one comment line, the editor
    // (and the LSP) two lines.
    const text = `# generated by a tool\r# do not edit\n${DEPLOYMENT}`;
    const folder = folderWith({});
    await withServer(folder, async (client) => {
      const uri = uriOf(join(folder, 'cr.yaml'));
      client.open(uri, text);
      const diagnostics = await client.waitForDiagnostics(uri);
      const replicas = diagnostics.find((diagnostic) => diagnostic.code === 'single-replica')!;
      assert.equal(replicas.range.start.line, 7, 'replicas: 1 is on the eighth line the editor shows');
      const actions = (await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: replicas.range,
        context: { diagnostics: [replicas], only: ['quickfix'] },
      })) as CodeAction[];
      const fix = actions.find((action) => action.kind?.startsWith('quickfix.kubeMaturity'))!;
      const fixed = applyTextEdits(text, fix.edit!.changes[uri]);
      assert.match(fixed, /\n {2}replicas: 2\n/);
      assert.match(
        fixed,
        /\n {10}resources:\n {12}limits:\n {14}cpu: 500m\n$/,
        'nothing inserted inside limits',
      );
    });
  });

  it('never reads through a link that leaves the workspace', async () => {
    const outside = folderWith({ 'outside.yaml': DEPLOYMENT.replace('name: web', 'name: outsider') });
    const folder = folderWith({ 'web.yaml': DEPLOYMENT });
    symlinkSync(join(outside, 'outside.yaml'), join(folder, 'linked.yaml'));
    mkdirSync(join(folder, 'sub'));
    symlinkSync(outside, join(folder, 'sub', 'dir'));
    await withServer(folder, async (client) => {
      for (const path of [join(folder, 'linked.yaml'), join(folder, 'sub', 'dir', 'outside.yaml')])
        void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
          changes: [{ uri: uriOf(path), type: 1 }],
        });
      const linked = uriOf(join(folder, 'linked.yaml'));
      client.open(linked, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: draft\n');
      await client.waitForDiagnostics(linked);
      void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: linked } });
      // Another round trip: everything above has been handled.
      await client.connection.sendRequest('kubeMaturity/verdict', {});
      const markdown = (await client.connection.sendRequest('kubeMaturity/markdownReport', {})) as string;
      assert.doesNotMatch(markdown, /outsider/, 'an object from outside the workspace was read');
    });
  });
});

describe('text from the workspace is escaped in Markdown', () => {
  it('exemption reasons, names and messages cannot put links, images or HTML into a hover or the report', async () => {
    const hostile = `apiVersion: v1
kind: Pod
metadata:
  name: "web](http://evil.example/x) <img src=x onerror=alert(1)>"
  annotations:
    kube-maturity.io/ignore: host-network
    kube-maturity.io/ignore-reason: "![tracker](http://evil.example/pixel.png) <script>alert(1)</script>"
spec:
  hostNetwork: true
  containers:
    - name: "c*bold*"
      image: nginx:1.27
`;
    const folder = folderWith({ 'pod.yaml': hostile });
    await withServer(folder, async (client) => {
      const uri = uriOf(join(folder, 'pod.yaml'));
      client.open(uri, hostile);
      await client.waitForDiagnostics(uri);
      const hover = (await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: { line: 8, character: 4 },
      })) as { contents: { value: string } } | null;
      const markdown = (await client.connection.sendRequest('kubeMaturity/markdownReport', {})) as string;
      for (const text of [hover?.contents.value ?? '', markdown]) {
        assert.doesNotMatch(text, /!\[tracker\]\(http/);
        assert.doesNotMatch(text, /\]\(http:\/\/evil/);
        assert.doesNotMatch(text, /<img|<script/);
      }
      assert.match(markdown, /exempt: \\!\\\[tracker\\\]\\\(http\\:\/\/evil/);
    });
  });
});

describe('exclude settings', () => {
  it('taking a glob away brings its files back without a restart', async () => {
    const folder = folderWith({ 'web.yaml': DEPLOYMENT });
    mkdirSync(join(folder, 'generated'));
    writeFileSync(
      join(folder, 'generated', 'api.yaml'),
      DEPLOYMENT.replace('name: web', 'name: generated-api'),
    );
    const client = new LspTestClient();
    client.settings = { ...NOT_RENDERING, exclude: ['generated/**'] };
    try {
      await client.initialize(folder);
      await client.waitForRevision(1);
      const before = (await client.connection.sendRequest('kubeMaturity/markdownReport', {})) as string;
      assert.doesNotMatch(before, /generated\\-api/);
      client.settings = { ...NOT_RENDERING };
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      const report = await client.waitFor(() => {
        const last = client.notifications.filter((n) => n.method === 'kubeMaturity/resultsChanged').at(-1);
        return last && (last.params as { manifestFiles: number }).manifestFiles === 2 ? last : undefined;
      }, 'the uncovered file to be read');
      assert.ok(report);
      const after = (await client.connection.sendRequest('kubeMaturity/markdownReport', {})) as string;
      assert.match(after, /generated\\-api/);
    } finally {
      await client.stop();
    }
  });
});

describe('restricted mode (an untrusted workspace)', () => {
  it("the workspace's configuration cannot hide findings; the tree says what was not applied; trust applies it", async () => {
    const folder = folderWith({
      'web.yaml': DEPLOYMENT,
      '.kube-maturity.yaml':
        'controls:\n  run-as-root: off\n  missing-liveness-probe: error\nexclude: ["**"]\nstageThreshold: 1\nfixDefaults:\n  cpuRequest: 200m\nexemptions:\n  - controls: [privilege-escalation]\n    reason: reviewed\n',
    });
    const client = new LspTestClient();
    try {
      await client.initialize(folder, { trusted: false });
      await client.waitForRevision(1);
      const uri = uriOf(join(folder, 'web.yaml'));
      client.open(uri, DEPLOYMENT);
      const diagnostics = await client.waitForDiagnostics(uri);
      assert.ok(
        codes(diagnostics).includes('run-as-root'),
        'a control turned off by the workspace still reports',
      );
      assert.equal(
        diagnostics.find((d) => d.code === 'missing-liveness-probe')?.severity,
        1,
        'stricter is applied',
      );
      assert.ok(!codes(diagnostics).includes('privilege-escalation'), 'exemptions apply (listed as exempt)');
      const trees = (await client.connection.sendRequest('kubeMaturity/tree', {})) as WorkspaceTree[];
      assert.deepEqual(trees[0].notApplied, [
        'controls.run-as-root: off',
        'exclude (1 glob(s))',
        'stageThreshold: 1',
        'fixDefaults (cpuRequest)',
      ]);
      const verdict = (await client.connection.sendRequest('kubeMaturity/verdict', {})) as {
        folders: Array<{ stage: { threshold: number } }>;
      };
      assert.equal(verdict.folders[0].stage.threshold, 80);
      void client.connection.sendNotification('kubeMaturity/trustChanged', { trusted: true });
      await client.waitForDiagnostics(uri, (d) => !codes(d).includes('run-as-root'));
      const trusted = (await client.connection.sendRequest('kubeMaturity/tree', {})) as WorkspaceTree[];
      assert.equal(trusted[0].notApplied, undefined);
    } finally {
      await client.stop();
    }
  });
});

describe('watched files that are not regular files', () => {
  it('a FIFO reported by the watcher is never opened, and later files are still indexed', async () => {
    const folder = folderWith({ 'web.yaml': DEPLOYMENT });
    await withServer(folder, async (client) => {
      for (let index = 0; index < 8; index++) {
        const fifo = join(folder, `pipe-${index}.yaml`);
        execFileSync('mkfifo', [fifo]);
        void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
          changes: [{ uri: uriOf(fifo), type: 1 }],
        });
      }
      writeFileSync(join(folder, 'later.yaml'), DEPLOYMENT.replace('name: web', 'name: later'));
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: uriOf(join(folder, 'later.yaml')), type: 1 }],
      });
      await client.waitFor(() => {
        const last = client.notifications.filter((n) => n.method === 'kubeMaturity/resultsChanged').at(-1);
        return last && (last.params as { manifestFiles: number }).manifestFiles === 2 ? last : undefined;
      }, 'later.yaml to be indexed');
    });
  });
});
