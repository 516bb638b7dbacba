import {
  type CodeAction,
  type CodeActionParams,
  type Connection,
  DidChangeWatchedFilesNotification,
  type Disposable,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME } from '../engine/config';
import {
  type InitializationOptions,
  ResultsChangedNotification,
  TrustChangedNotification,
} from '../protocol';
import { ChartFixes } from './chartFixes';
import { asksFor, CODE_ACTION_KINDS, codeActions, quickFixKind } from './codeActions';
import { DiagnosticsPublisher, documentDiagnostics } from './diagnostics';
import { findingsOf, fixPreviewOf, problemsOf, renderNoticesOf } from './folders';
import { findingsHover } from './hover';
import { IdleCollection } from './idleCollection';
import { RenderedAnalysis } from './renderedResults';
import { bindRequests } from './requests';
import { FolderResults } from './results';
import { AnalysisScheduler } from './scheduler';
import { pathOf } from './uris';
import { WorkspaceState } from './workspaceState';

/**
 * The language server: a thin LSP layer over the engine. It keeps one incremental Analyzer per workspace
 * folder (WorkspaceState), analyses after each burst of changes (AnalysisScheduler), and answers with
 * diagnostics, code actions, hovers and the tree's data computed from the engine's results.
 */
export class KubeMaturityServer implements Disposable {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly scheduler = new AnalysisScheduler(() => this.publish());
  private readonly idleCollection = new IdleCollection();
  private readonly workspace: WorkspaceState;
  private readonly results: FolderResults;
  private readonly diagnostics: DiagnosticsPublisher;
  private readonly disposables: Disposable[] = [this.scheduler, this.idleCollection];
  private capabilities = { watchers: false, workspaceFolders: false, snippetEdits: false };
  private chartFixes = new ChartFixes({ documentChanges: false, createFiles: false, disabledActions: false });
  private ready: Promise<void> = Promise.resolve();
  /** Results changed since the client was last told (it is told once the first scan is done). */
  private resultsPending = false;
  /** The results notification, sent after the diagnostics of an analysis. */
  private revision?: NodeJS.Immediate;

  constructor(private readonly connection: Connection) {
    this.workspace = new WorkspaceState(
      connection,
      (now) => this.scheduler.schedule(now),
      (uri) => this.documents.get(uri)?.getText(),
    );
    this.results = new FolderResults(
      (message) => connection.console.error(message),
      (path) => this.workspace.openText(path),
    );
    this.diagnostics = new DiagnosticsPublisher((params) => void connection.sendDiagnostics(params));
  }

  listen(): void {
    const { connection, documents, workspace } = this;
    this.disposables.push(
      connection.onInitialize((params) => this.initialize(params)),
      connection.onInitialized(() => {
        this.ready = this.start();
      }),
      documents.onDidOpen((event) => workspace.openDocument(event.document)),
      documents.onDidChangeContent((event) => workspace.changeDocument(event.document)),
      documents.onDidClose((event) => {
        this.diagnostics.close(event.document.uri);
        workspace.closeDocument(event.document.uri);
      }),
      connection.onDidChangeWatchedFiles(async (params) => {
        await this.ready;
        for (const change of params.changes) await workspace.fileChanged(change.uri, change.type);
        this.scheduler.schedule();
      }),
      connection.onDidChangeConfiguration(async () => {
        await this.ready;
        await workspace.reloadAllSettings();
      }),
      connection.onNotification(TrustChangedNotification.method, async (params: { trusted: boolean }) => {
        await this.ready;
        await workspace.setTrusted(params.trusted);
      }),
      connection.onCodeAction((params) => this.codeActions(params)),
      connection.onHover((params) => this.hover(params)),
      ...bindRequests(connection, {
        ready: () => this.ready,
        activeFolders: () => workspace.activeFolders(),
        summarize: (folder, model) => this.results.summarize(folder, model),
        uriOf: (path) => workspace.uriOf(path),
        renderedText: (uri) => workspace.renderedText(uri),
        rendersIdle: () => workspace.rendersIdle(),
      }),
      documents.listen(connection),
      connection.onShutdown(() => this.dispose()),
    );
    connection.listen();
  }

  dispose(): void {
    clearImmediate(this.revision);
    this.revision = undefined;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.workspace.dispose();
  }

  private initialize(params: InitializeParams): InitializeResult {
    const workspace = params.capabilities.workspace;
    this.capabilities = {
      watchers: Boolean(workspace?.didChangeWatchedFiles?.dynamicRegistration),
      workspaceFolders: Boolean(workspace?.workspaceFolders),
      snippetEdits: Boolean(
        workspace?.workspaceEdit?.snippetEditSupport && workspace.workspaceEdit.documentChanges,
      ),
    };
    this.chartFixes = new ChartFixes({
      documentChanges: Boolean(workspace?.workspaceEdit?.documentChanges),
      createFiles: Boolean(workspace?.workspaceEdit?.resourceOperations?.includes('create')),
      disabledActions: Boolean(params.capabilities.textDocument?.codeAction?.disabledSupport),
    });
    this.workspace.initialize(params.rootUri, params.workspaceFolders, {
      trusted: (params.initializationOptions as InitializationOptions | undefined)?.trusted !== false,
      support: {
        configuration: Boolean(workspace?.configuration),
        progress: Boolean(params.capabilities.window?.workDoneProgress),
      },
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'kube-maturity' },
    };
  }

  private async start(): Promise<void> {
    // Asked for while the settings load: the first diagnostics wait for the settings, not for this.
    const watching = this.capabilities.watchers ? this.registerWatchers() : undefined;
    if (this.capabilities.workspaceFolders)
      this.disposables.push(
        this.connection.workspace.onDidChangeWorkspaceFolders((event) => this.workspace.changeFolders(event)),
      );
    await Promise.all([watching, this.workspace.load()]);
  }

  /**
   * The client's watchers keep unopened files current; ours are registered when the client lets us. The
   * registration is the client's to drop when the connection ends.
   */
  private async registerWatchers(): Promise<void> {
    try {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/*.{yaml,yml,json}' },
          { globPattern: `**/${CONFIG_FILE_NAME}` },
          // Chart helpers and other files a render reads.
          { globPattern: '**/*.tpl' },
        ],
      });
    } catch (error) {
      this.connection.console.warn(
        `kube-maturity: file watching refused by the client: ${(error as Error).message}`,
      );
    }
  }

  /** Analyses what changed, publishes the open documents' diagnostics and, when results changed, says so. */
  private publish(): void {
    if (!this.workspace.settingsLoaded) return;
    const changed = this.results.analyzeAll(this.workspace.allFolders());
    this.idleCollection.schedule();
    for (const document of this.documents.all()) this.publishDiagnostics(document);
    // The tree, the status and the report wait for the first scan: before it, they would be of a few files.
    this.resultsPending ||= changed;
    if (!this.resultsPending || !this.workspace.loaded || this.revision) return;
    // In a later turn: the diagnostics just sent are written first (the connection writes in one).
    this.revision = setImmediate(() => {
      this.revision = undefined;
      if (!this.resultsPending) return;
      this.resultsPending = false;
      this.results.announce(this.workspace.allFolders());
      const params = this.results.nextRevision(this.workspace.activeFolders());
      void this.connection.sendNotification(ResultsChangedNotification.method, params);
    });
  }

  private publishDiagnostics(document: TextDocument): void {
    const path = pathOf(document.uri);
    const folder = this.workspace.folderOf(path);
    if (!folder.analyzer.getFile(path) && !folder.renders) return;
    const diagnostics = folder.result
      ? documentDiagnostics(
          problemsOf(folder, path),
          findingsOf(folder, path),
          document.version,
          folder.editor.lens,
          (rendered) => this.workspace.renderedUriOf(rendered),
          renderNoticesOf(folder, path),
        )
      : [];
    this.diagnostics.publish(document.uri, document.version, diagnostics);
  }

  /** The document's actions, after the chart fixes of its rendered findings (verified by a re-render). */
  private async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const uri = params.textDocument.uri;
    const document = this.documents.get(uri);
    if (!document) return [];
    const path = pathOf(uri);
    const folder = this.workspace.folderOf(path);
    this.results.analyze(folder);
    const file = folder.analyzer.getFile(path);
    const findings = findingsOf(folder, path);
    const actions = file
      ? codeActions({
          uri,
          version: document.version,
          snippetEdits: this.capabilities.snippetEdits,
          file,
          findings,
          fixOf: (finding) => folder.analyzer.fixOf(finding),
          context: params.context,
          analysisIsCurrent: this.diagnostics.analyzedVersionOf(uri) === document.version,
          fixAllEdit: (scope) => fixPreviewOf(folder).fileEdit(path, scope),
        })
      : [];
    if (!asksFor(params.context, quickFixKind('review'))) return actions;
    const chartFixes = await this.chartFixes.actions({
      folder,
      context: params.context,
      findings,
      openText: (open) => this.workspace.openText(open),
      uriOf: (file) => this.workspace.uriOf(file),
      versionOf: (open) => this.documents.get(open)?.version,
    });
    return [...chartFixes, ...actions];
  }

  private hover(params: HoverParams): Hover | null {
    const path = pathOf(params.textDocument.uri);
    const folder = this.workspace.folderOf(path);
    this.results.analyze(folder);
    const { analyzer, result } = folder;
    return findingsHover(findingsOf(folder, path), params.position, folder.editor.lens, (finding) => {
      const origin = result instanceof RenderedAnalysis ? result.originOf(finding) : undefined;
      const built = result instanceof RenderedAnalysis ? result.builtOriginOf(finding) : undefined;
      if (built && !finding.exempt) {
        // A built finding: its control's fix of the built object is turned into a fix of the kustomization.
        const fixed = built.builds.some((build) => analyzer.fixOf(build.finding).fix);
        return fixed
          ? {
              withheld:
                'a fix of the kustomization is in the light bulb when one can be made there (the patch that set the field, the base when one root builds it, or a new patch of each overlay), once the roots built again with it no longer have the finding',
            }
          : { withheld: 'its control offers no fix for it' };
      }
      if (!origin) return analyzer.fixOf(finding);
      // A chart's finding: its control's fix of the rendered object is turned into a fix of the chart.
      const rendered = analyzer.fixOf(origin.finding);
      return rendered.fix
        ? {
            withheld:
              'a fix of the chart is in the light bulb when one can be made there (in the values file or the template), once the chart rendered again with it no longer has the finding',
          }
        : rendered;
    });
  }
}
