import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import type { MaturityModel } from '../../server/src/engine/verdict';
import {
  type InitializationOptions,
  MarkdownReportRequest,
  MaturityReportRequest,
  RENDERED_SCHEME,
  RenderedDocumentRequest,
  RenderStatusNotification,
  type RenderStatusParams,
  RendersIdleRequest,
  type RequestSpec,
  ResultsChangedNotification,
  type ResultsChangedParams,
  SERVER_NODE_OPTIONS,
  ServerInfoRequest,
  SHOW_DOCUMENTATION_COMMAND,
  type TreeParams,
  TreeRequest,
  TrustChangedNotification,
} from '../../server/src/protocol';
import type { TreeGroupBy, WorkspaceTree } from '../../server/src/report/tree';
import { ReportPanel } from './reportPanel';
import { statusText, statusTooltip, type TreeNode, treeNodes } from './treeModel';

const VIEW_ID = 'kubeMaturity.tree';

/** What the extension exports: the integration tests read the tree and the status bar through it. */
export interface KubeMaturityApi {
  treeNodes(): TreeNode[];
  statusText(): string;
  /** Increases every time the tree is redrawn. */
  treeVersion(): number;
  /** Resolves when the tree is redrawn after the given version. */
  whenTreeChanges(after: number): Promise<void>;
  /** Resolves once every chart and kustomization render asked for so far has finished. */
  whenRendersIdle(): Promise<void>;
  /** The language server's process id (the crash-restart test stops it). */
  serverPid(): Promise<number>;
  /** The Maturity report page as last drawn ('' when it is not open). */
  reportHtml(): string;
}

class MaturityTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  nodes: TreeNode[] = [];
  version = 0;

  set(nodes: TreeNode[]): void {
    this.nodes = nodes;
    this.version++;
    this.changed.fire(undefined);
  }

  whenChanges(after: number): Promise<void> {
    if (this.version > after) return Promise.resolve();
    return new Promise((resolve) => {
      const subscription = this.onDidChangeTreeData(() => {
        if (this.version <= after) return;
        subscription.dispose();
        resolve();
      });
    });
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return node ? node.children : this.nodes;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const state =
      node.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : node.contextValue === 'group' || node.contextValue === 'control'
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.Expanded;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    if (node.resource) {
      // The file icon theme draws the row's icon, as the Explorer does.
      item.resourceUri = vscode.Uri.parse(node.resource.uri);
      item.iconPath = node.resource.folder ? vscode.ThemeIcon.Folder : vscode.ThemeIcon.File;
    } else if (node.icon)
      item.iconPath = new vscode.ThemeIcon(
        node.icon.id,
        node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined,
      );
    if (node.open) {
      const range = node.open.range;
      item.command = {
        title: 'Open',
        command: 'vscode.open',
        arguments: [
          vscode.Uri.parse(node.open.uri),
          range
            ? {
                selection: new vscode.Range(
                  range.start.line,
                  range.start.character,
                  range.end.line,
                  range.end.character,
                ),
              }
            : {},
        ],
      };
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<KubeMaturityApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_NODE_OPTIONS] },
    },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_NODE_OPTIONS] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'untitled', language: 'yaml' },
      // Chart templates as the Kubernetes extension names them, and chart helpers: their findings come from renders.
      { scheme: 'file', language: 'helm' },
      { scheme: 'file', pattern: '**/*.tpl' },
    ],
    synchronize: { configurationSection: 'kubeMaturity' },
    initializationOptions: { trusted: vscode.workspace.isTrusted } satisfies InitializationOptions,
    outputChannelName: 'Kubernetes Maturity',
  };
  const client = new LanguageClient('kubeMaturity', 'Kubernetes Maturity', serverOptions, clientOptions);
  const provider = new MaturityTreeProvider();
  const treeView = vscode.window.createTreeView(VIEW_ID, {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  const statusBar = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  statusBar.command = 'kubeMaturity.focus';
  statusBar.tooltip = 'Kubernetes maturity stage of the manifests in this workspace';
  const renderStatus = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 49);
  context.subscriptions.push(client, provider, treeView, statusBar, renderStatus);
  const renderedDocuments = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    renderedDocuments,
    vscode.workspace.registerTextDocumentContentProvider(RENDERED_SCHEME, {
      onDidChange: renderedDocuments.event,
      provideTextDocumentContent: async (uri) =>
        (await request(RenderedDocumentRequest, { uri: uri.toString() })) ??
        '# This rendered document is gone: the chart or kustomization was rendered again.\n',
    }),
  );
  const warnedTools = new Set<string>();
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client.sendNotification(TrustChangedNotification.method, { trusted: true });
    }),
  );

  let groupBy: TreeGroupBy = context.workspaceState.get<TreeGroupBy>('kubeMaturity.groupBy', 'stage');
  let started = false;
  let status: string | undefined;
  let trees: WorkspaceTree[] = [];

  const request = <P, R>(spec: RequestSpec<P, R>, params: P): Promise<R> =>
    client.sendRequest<R>(spec.method, params);
  const lens = (): MaturityModel =>
    vscode.workspace.getConfiguration('kubeMaturity').get<MaturityModel>('lens', 'fairwinds');
  const treeParams = (): TreeParams => ({ model: lens(), groupBy });
  const reportPanel = new ReportPanel(async () => {
    if (client.state !== State.Running) return undefined;
    try {
      return await request(MaturityReportRequest, { model: lens() });
    } catch {
      return undefined;
    }
  });
  context.subscriptions.push(reportPanel);

  const refresh = async () => {
    if (client.state !== State.Running) return;
    try {
      trees = await request(TreeRequest, treeParams());
    } catch {
      // The server stopped while answering: it restarts, and its next results refresh the tree.
      return;
    }
    provider.set(treeNodes(trees, status));
    statusBar.text = `$(graph) ${statusText(trees)}`;
    statusBar.tooltip = statusTooltip(trees);
    statusBar.show();
    await reportPanel.update();
  };

  const setGroupBy = async (value: TreeGroupBy) => {
    groupBy = value;
    await context.workspaceState.update('kubeMaturity.groupBy', value);
    await refresh();
  };

  context.subscriptions.push(
    client.onDidChangeState((event) => {
      if (event.newState === State.Running && started) {
        status = `Server restarted at ${new Date().toLocaleTimeString()} after it stopped`;
        void refresh();
      } else if (event.newState === State.Stopped) {
        status = 'Server stopped: restarting…';
        provider.set(treeNodes(trees, status));
      }
    }),
    vscode.commands.registerCommand('kubeMaturity.refresh', refresh),
    vscode.commands.registerCommand('kubeMaturity.focus', () =>
      vscode.commands.executeCommand(`${VIEW_ID}.focus`),
    ),
    vscode.commands.registerCommand('kubeMaturity.switchLens', async () => {
      const next: MaturityModel = lens() === 'cncf' ? 'fairwinds' : 'cncf';
      // A view choice goes to the user's settings, never to a file of their repository.
      const configuration = vscode.workspace.getConfiguration('kubeMaturity');
      await configuration.update('lens', next, vscode.ConfigurationTarget.Global);
      if (lens() !== next) {
        const where = configuration.inspect<MaturityModel>('lens');
        const setIn = where?.workspaceFolderValue !== undefined ? 'a folder' : 'the workspace';
        const choice = await vscode.window.showInformationMessage(
          `Kubernetes maturity: your user setting now shows the ${next === 'cncf' ? 'CNCF' : 'Fairwinds'} lens, but kubeMaturity.lens is set in ${setIn}'s settings, which win. Remove it there to switch from here.`,
          'Open Workspace Settings',
        );
        if (choice)
          await vscode.commands.executeCommand('workbench.action.openWorkspaceSettings', 'kubeMaturity.lens');
      }
      await refresh();
    }),
    vscode.commands.registerCommand('kubeMaturity.showReport', () => reportPanel.show()),
    vscode.commands.registerCommand('kubeMaturity.groupByStage', () => setGroupBy('stage')),
    vscode.commands.registerCommand('kubeMaturity.groupByFile', () => setGroupBy('file')),
    vscode.commands.registerCommand('kubeMaturity.groupByCategory', () => setGroupBy('category')),
    vscode.commands.registerCommand('kubeMaturity.exportReport', async (argument?: unknown) => {
      // From the view's title the argument is the selected tree row, not a file to write.
      const target = argument instanceof vscode.Uri ? argument : undefined;
      const markdown = await request(MarkdownReportRequest, treeParams());
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const uri =
        target ??
        (await vscode.window.showSaveDialog({
          defaultUri: folder ? vscode.Uri.joinPath(folder, 'kube-maturity-report.md') : undefined,
          filters: { Markdown: ['md'] },
        }));
      if (!uri) return undefined;
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(markdown));
      if (!target) await vscode.window.showTextDocument(uri);
      return uri;
    }),
    vscode.commands.registerCommand(SHOW_DOCUMENTATION_COMMAND, (control: string) =>
      vscode.commands.executeCommand(
        'markdown.showPreview',
        vscode.Uri.file(context.asAbsolutePath(path.join('docs', 'controls', `${control}.md`))),
      ),
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('kubeMaturity.lens')) void refresh();
    }),
  );

  client.onNotification(ResultsChangedNotification.method, (params: ResultsChangedParams) => {
    void vscode.commands.executeCommand('setContext', 'kubeMaturity.hasManifests', params.manifestFiles > 0);
    for (const document of vscode.workspace.textDocuments)
      if (document.uri.scheme === RENDERED_SCHEME) renderedDocuments.fire(document.uri);
    void refresh();
  });
  client.onNotification(RenderStatusNotification.method, (params: RenderStatusParams) => {
    if (params.missing.length === 0) {
      renderStatus.hide();
      return;
    }
    const tools = params.missing.map((entry) => entry.tool).join(', ');
    const settings = params.missing.map((entry) => entry.setting).join(' or ');
    renderStatus.text = `$(warning) ${tools} not found`;
    renderStatus.tooltip = `Charts or kustomizations are not rendered: ${tools} was not found on PATH. Set ${settings} (a machine setting).`;
    renderStatus.command = {
      title: 'Open settings',
      command: 'workbench.action.openSettings',
      arguments: [settings.split(' or ')[0]],
    };
    renderStatus.show();
    const fresh = params.missing.filter((entry) => !warnedTools.has(entry.tool));
    if (fresh.length === 0) return;
    for (const entry of fresh) warnedTools.add(entry.tool);
    void vscode.window
      .showWarningMessage(
        `Kubernetes maturity: ${fresh.map((entry) => entry.tool).join(', ')} not found, so the charts or kustomizations here are not rendered and their templates are not checked. Set ${fresh[0].setting} or put it on PATH.`,
        'Open Settings',
      )
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', fresh[0].setting);
      });
  });
  await client.start();
  started = true;

  return {
    treeNodes: () => provider.nodes,
    statusText: () => statusBar.text,
    treeVersion: () => provider.version,
    whenTreeChanges: (after) => provider.whenChanges(after),
    whenRendersIdle: async () => {
      await request(RendersIdleRequest, {});
    },
    serverPid: async () => (await request(ServerInfoRequest, {})).pid,
    reportHtml: () => reportPanel.currentHtml(),
  };
}

export function deactivate(): Thenable<void> | undefined {
  return undefined;
}
