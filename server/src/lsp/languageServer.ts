import { existsSync, realpathSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  DiagnosticSeverity,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  TextDocumentSyncKind,
  TextDocuments,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import packageJson from '../../../package.json';
import { allControls } from '../controls';
import { type AnalysisResult, Analyzer } from '../engine/analyze';
import {
  CONFIG_FILE_NAME,
  ConfigError,
  defaultSettings,
  parseConfig,
  restrictWorkspaceSettings,
  type Settings,
} from '../engine/config';
import { FIX_CLASSES, type FixClass } from '../engine/control';
import { isManifestPath, parseFile } from '../engine/parse';
import type { Range } from '../engine/text';
import { type MaturityModel, stageLabel } from '../engine/verdict';
import { applyFixes, summarize, type WorkspaceResult } from '../engine/workspace';
import {
  type DiagnosticData,
  type InitializationOptions,
  MarkdownReportRequest,
  type RequestSpec,
  ResultsChangedNotification,
  type ResultsChangedParams,
  ServerInfoRequest,
  SHOW_DOCUMENTATION_COMMAND,
  type TreeParams,
  TreeRequest,
  TrustChangedNotification,
  VerdictRequest,
} from '../protocol';
import { buildTree, renderMarkdown, type TreeGroupBy, type WorkspaceTree } from '../report/tree';
import { excludeMatcher, findManifestPaths, readManifest, readRegularFileSync } from '../workspaceFiles';
import {
  containsPosition,
  hoverMarkdown,
  ignoreByAnnotationEdits,
  ignoreByCommentEdit,
  minimalEdit,
  objectOfFinding,
  sameRange,
} from './edits';
import { cleanEditorSettings, type EditorSettings, mergeSettings } from './settings';

const SERVER_VERSION: string = packageJson.version;
const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kubeMaturity`;
/** Quick fixes carry their class in their kind: quickfix.kubeMaturity.safe, .review, .draft. */
const quickFixKind = (fixClass: FixClass) => `${CodeActionKind.QuickFix}.kubeMaturity.${fixClass}`;
const FIX_CLASS_LABEL: Record<FixClass, string> = { safe: '', review: ' (review)', draft: ' (draft)' };
const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};
const controlsById = new Map(allControls.map((control) => [control.meta.id, control]));
const knownControls = new Set(controlsById.keys());

/** One workspace folder (or, with path '', the files opened outside any folder). */
interface Folder {
  uri: string;
  path: string;
  name: string;
  analyzer: Analyzer;
  settings: Settings;
  editor: EditorSettings;
  configError?: { message: string; range?: Range };
  isExcluded: (path: string) => boolean;
  /** Restricted mode: what the workspace's configuration asked for and was not applied. */
  notApplied: string[];
  /** The globs behind `isExcluded`, to see what a settings change uncovers. */
  excludes: string[];
  /** True once the initial scan ran: later exclude changes rescan what they uncover. */
  scanned?: boolean;
  result?: AnalysisResult;
  summary?: WorkspaceResult;
}

const docsUris = new Map<string, string | undefined>();

/** Where the documentation of each control is, shipped with the extension (dist/../docs/controls). */
function docsUri(control: string): string | undefined {
  if (docsUris.has(control)) return docsUris.get(control);
  const path = join(__dirname, '..', 'docs', 'controls', `${control}.md`);
  const uri = existsSync(path) ? pathToFileURL(path).toString() : undefined;
  docsUris.set(control, uri);
  return uri;
}

/** Changes are analysed once they pause this long (a flood of edits makes one analysis)... */
const COALESCE_MS = 5;
/** ...or at least this often while they keep coming. */
const MAX_DELAY_MS = 200;

/** How many files the initial scan reads at once. */
const SCAN_CONCURRENCY = 32;

/**
 * The local path of a `file:` URI, or undefined for other schemes, a remote host (`file://host/share`) and
 * paths no file can have (an encoded `/` or NUL). Never throws: URIs come from the client.
 */
export function filePathOf(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'file:' || (url.hostname !== '' && url.hostname !== 'localhost')) return undefined;
  if (/%2f|%5c|%00/i.test(url.pathname)) return undefined;
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}

/** The analyzer's key of a document: its local path, else its URI (untitled, remote: never read from disk). */
function pathOf(uri: string): string {
  return filePathOf(uri) ?? uri;
}

/**
 * The language server: a thin LSP layer over the engine. It keeps one incremental Analyzer per
 * workspace folder, fed by open documents (as the user types) and by the files on disk (scanned at start,
 * then watched), and turns findings into diagnostics, code actions, hovers and the tree's data.
 */
export class KubeMaturityServer {
  private readonly documents = new TextDocuments(TextDocument);
  private folders: Folder[] = [];
  private loose!: Folder;
  private capabilities = { configuration: false, progress: false, watchers: false, workspaceFolders: false };
  private pendingTimer?: NodeJS.Timeout;
  private firstPending?: number;
  private revision = 0;
  private readonly loggedFailures = new Set<string>();
  /** The analysed version of each open document, for code actions on stale diagnostics. */
  private readonly analyzedVersions = new Map<string, number>();
  /** What was last published for each document, so that unchanged diagnostics are not sent again. */
  private readonly published = new Map<
    string,
    { version: number; diagnostics: Diagnostic[]; json?: string }
  >();
  private ready: Promise<void> = Promise.resolve();
  /**
   * Open documents by their analyzer key (the path): the client and Node encode URIs differently (`(`, `+`,
   * `@`…), so a file is known to be open by its path, never by re-encoding it.
   */
  private readonly openPaths = new Map<string, string>();
  /** Workspace trust, as the client reports it (an editor without the notion trusts). */
  private trusted = true;

  constructor(private readonly connection: Connection) {}

  listen(): void {
    const { connection, documents } = this;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => {
      this.ready = this.start();
    });
    documents.onDidOpen((event) => {
      this.openPaths.set(pathOf(event.document.uri), event.document.uri);
      this.updateDocument(event.document);
    });
    documents.onDidChangeContent((event) => this.updateDocument(event.document));
    documents.onDidClose((event) => this.closeDocument(event.document.uri));
    connection.onDidChangeWatchedFiles(async (params) => {
      await this.ready;
      for (const change of params.changes) await this.fileChanged(change.uri, change.type);
      this.schedule();
    });
    connection.onDidChangeConfiguration(async () => {
      await this.ready;
      await this.reloadAllSettings();
    });
    connection.onCodeAction((params) => this.codeActions(params));
    connection.onHover((params) => {
      const path = pathOf(params.textDocument.uri);
      const folder = this.folderOf(path);
      this.analyze(folder);
      const findings = folder.analyzer
        .findingsOf(path)
        .filter((candidate) => candidate.range && containsPosition(candidate.range, params.position));
      if (findings.length === 0) return null;
      const value = findings
        .map((finding) =>
          hoverMarkdown(
            finding,
            controlsById.get(finding.control),
            docsUri(finding.control),
            folder.editor.lens,
          ),
        )
        .join('\n\n---\n\n');
      return { contents: { kind: 'markdown', value }, range: findings[0].range };
    });
    this.onRequest(VerdictRequest, async (params) => {
      await this.ready;
      return {
        folders: this.activeFolders().map((folder) => {
          const summary = this.summarize(folder, params.model);
          return { folder: folder.uri, name: folder.name, stage: summary.verdict, score: summary.score };
        }),
      };
    });
    this.onRequest(TreeRequest, async (params) => {
      await this.ready;
      return this.trees(params);
    });
    this.onRequest(ServerInfoRequest, async () => ({ pid: process.pid, version: SERVER_VERSION }));
    connection.onNotification(TrustChangedNotification.method, async (params: { trusted: boolean }) => {
      await this.ready;
      if (this.trusted === params.trusted) return;
      this.trusted = params.trusted;
      // Reloading the settings rescans whatever a change of excludes uncovers.
      await this.reloadAllSettings();
    });
    this.onRequest(MarkdownReportRequest, async (params) => {
      await this.ready;
      return renderMarkdown(this.trees(params));
    });
    documents.listen(connection);
    connection.listen();
  }

  /** Binds a request typed in protocol.ts. */
  private onRequest<P, R>(spec: RequestSpec<P, R>, handler: (params: P) => Promise<R>): void {
    this.connection.onRequest(spec.method, (params: P) => handler(params ?? ({} as P)));
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.trusted = (params.initializationOptions as InitializationOptions | undefined)?.trusted !== false;
    const workspace = params.capabilities.workspace;
    this.capabilities = {
      configuration: Boolean(workspace?.configuration),
      progress: Boolean(params.capabilities.window?.workDoneProgress),
      watchers: Boolean(workspace?.didChangeWatchedFiles?.dynamicRegistration),
      workspaceFolders: Boolean(workspace?.workspaceFolders),
    };
    const folders: WorkspaceFolder[] =
      params.workspaceFolders ??
      (params.rootUri
        ? [{ uri: params.rootUri, name: basename(pathOf(params.rootUri)) || params.rootUri }]
        : []);
    this.folders = folders.map((folder) =>
      this.newFolder(folder.uri, filePathOf(folder.uri) ?? '', folder.name),
    );
    this.loose = this.newFolder('', '', 'Open files');
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, ...FIX_CLASSES.map(quickFixKind), FIX_ALL_KIND],
        },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'kube-maturity' },
    };
  }

  private newFolder(uri: string, path: string, name: string): Folder {
    const settings = defaultSettings();
    return {
      uri,
      path,
      name,
      analyzer: new Analyzer(settings, allControls, { lazyFixes: true }),
      settings,
      editor: cleanEditorSettings(undefined, knownControls, () => undefined),
      isExcluded: () => false,
      excludes: [],
      notApplied: [],
    };
  }

  private async start(): Promise<void> {
    if (this.capabilities.watchers) {
      // The client's watchers keep unopened files current; register ours when the client lets us.
      try {
        await this.connection.client.register(
          (await import('vscode-languageserver/node')).DidChangeWatchedFilesNotification.type,
          { watchers: [{ globPattern: '**/*.{yaml,yml,json}' }, { globPattern: `**/${CONFIG_FILE_NAME}` }] },
        );
      } catch (error) {
        this.connection.console.warn(
          `kube-maturity: file watching refused by the client: ${(error as Error).message}`,
        );
      }
    }
    if (this.capabilities.workspaceFolders)
      this.connection.workspace.onDidChangeWorkspaceFolders(async (event) => {
        this.folders = this.folders.filter(
          (folder) => !event.removed.some((removed) => removed.uri === folder.uri),
        );
        for (const added of event.added) {
          const folder = this.newFolder(added.uri, filePathOf(added.uri) ?? '', added.name);
          this.folders.push(folder);
          await this.loadSettings(folder);
          await this.scan(folder);
        }
        this.schedule();
      });
    for (const folder of [...this.folders, this.loose]) await this.loadSettings(folder);
    for (const folder of this.folders) await this.scan(folder);
    this.schedule();
  }

  /** Reads the folder's `.kube-maturity.yaml` and `kubeMaturity.*` settings; a change rebuilds its analyzer. */
  private async loadSettings(folder: Folder): Promise<void> {
    let fromFile = defaultSettings();
    folder.configError = undefined;
    const configPath = folder.path ? join(folder.path, CONFIG_FILE_NAME) : '';
    if (configPath && existsSync(configPath)) {
      try {
        if (!insideFolder(folder, configPath)) throw new Error('it links outside the workspace folder');
        fromFile = parseConfig(readRegularFileSync(configPath), CONFIG_FILE_NAME, knownControls);
      } catch (error) {
        const message =
          error instanceof ConfigError
            ? error.message
            : `cannot read ${CONFIG_FILE_NAME}: ${(error as Error).message}`;
        const position = error instanceof ConfigError ? error.position : undefined;
        folder.configError = {
          message,
          range: position && {
            start: position,
            end: { line: position.line, character: position.character + 1 },
          },
        };
        // A request to the client (whatever its typing says): its answer, or its failure, must not take the
        // server down.
        const shown: unknown = this.connection.window.showErrorMessage(
          `kube-maturity: ${message}. Using the default configuration until it is fixed.`,
        );
        (shown as PromiseLike<unknown> | undefined)?.then?.(undefined, () => undefined);
      }
      this.publishConfigProblem(folder, configPath);
    }
    let raw: unknown;
    let filesExclude: unknown;
    if (this.capabilities.configuration) {
      try {
        [raw, filesExclude] = await this.connection.workspace.getConfiguration([
          { scopeUri: folder.uri || undefined, section: 'kubeMaturity' },
          { scopeUri: folder.uri || undefined, section: 'files.exclude' },
        ]);
      } catch (error) {
        this.connection.console.warn(
          `kube-maturity: the client did not answer for the settings: ${(error as Error).message}`,
        );
      }
    }
    folder.editor = cleanEditorSettings(raw, knownControls, (message) =>
      this.connection.console.warn(`kube-maturity: ${message}`),
    );
    folder.notApplied = [];
    if (!this.trusted) {
      // Restricted mode: the workspace's own configuration cannot hide findings (controls.md, README).
      const restricted = restrictWorkspaceSettings(fromFile, (id) => controlsById.get(id)?.meta.severity);
      fromFile = restricted.settings;
      folder.notApplied = restricted.notApplied;
      if (filesExclude && typeof filesExclude === 'object' && Object.values(filesExclude).some(Boolean))
        folder.notApplied.push('files.exclude');
      filesExclude = undefined;
    }
    folder.settings = mergeSettings(fromFile, folder.editor);
    const excludes = [...folder.settings.exclude];
    if (filesExclude && typeof filesExclude === 'object') {
      for (const [glob, enabled] of Object.entries(filesExclude)) if (enabled === true) excludes.push(glob);
    }
    const uncovers = folder.excludes.some((glob) => !excludes.includes(glob));
    folder.excludes = excludes;
    folder.isExcluded = folder.path ? excludeMatcher({ exclude: excludes, root: folder.path }) : () => false;
    const previous = folder.analyzer;
    folder.analyzer = new Analyzer(folder.settings, allControls, { lazyFixes: true });
    for (const path of previous.filePaths) {
      const file = previous.getFile(path)!;
      if (!folder.isExcluded(path) || this.openPaths.has(path)) folder.analyzer.setFile(file);
    }
    folder.result = undefined;
    // A glob taken away brings its files back: read those the analyzer does not hold.
    if (uncovers && folder.scanned) await this.scan(folder, { onlyMissing: true });
  }

  private publishConfigProblem(folder: Folder, configPath: string): void {
    const diagnostics: Diagnostic[] = folder.configError
      ? [
          {
            range: folder.configError.range ?? {
              start: { line: 0, character: 0 },
              end: { line: 0, character: 0 },
            },
            severity: DiagnosticSeverity.Error,
            source: 'kube-maturity',
            message: folder.configError.message,
          },
        ]
      : [];
    this.connection.sendDiagnostics({ uri: pathToFileURL(configPath).toString(), diagnostics });
  }

  private async reloadAllSettings(): Promise<void> {
    for (const folder of [...this.folders, this.loose]) await this.loadSettings(folder);
    this.schedule();
  }

  /** Reads every manifest of a folder that is not open, with work-done progress. */
  private async scan(folder: Folder, options: { onlyMissing?: boolean } = {}): Promise<void> {
    // A folder that is not a local directory (a remote host, another scheme) is never walked.
    if (!folder.path) return;
    folder.scanned = true;
    const progress = this.capabilities.progress
      ? await this.connection.window.createWorkDoneProgress().catch(() => undefined)
      : undefined;
    progress?.begin('Kubernetes maturity', 0, `scanning ${folder.name}`, false);
    const { files } = await findManifestPaths([folder.path], { exclude: [], root: folder.path });
    const wanted = files.filter(
      (path) => !folder.isExcluded(path) && !(options.onlyMissing && folder.analyzer.getFile(path)),
    );
    // Reads run ahead, a few at a time, while earlier files are parsed; files are added in order.
    const reads = new Map<number, ReturnType<typeof readManifest>>();
    const readAhead = (position: number) => {
      if (position >= wanted.length || reads.has(position)) return;
      const path = wanted[position];
      reads.set(
        position,
        this.openPaths.has(path)
          ? Promise.resolve({ path, reason: 'open in the editor' })
          : readManifest(path, folder.editor.maxFileSize),
      );
    };
    for (let position = 0; position < Math.min(SCAN_CONCURRENCY, wanted.length); position++)
      readAhead(position);
    let done = 0;
    for (let position = 0; position < wanted.length; position++) {
      const read = await reads.get(position)!;
      reads.delete(position);
      readAhead(position + SCAN_CONCURRENCY);
      const path = wanted[position];
      // An open document's text comes from the editor only, even when it was opened during the read.
      if ('text' in read && !this.openPaths.has(path)) folder.analyzer.setFile(parseFile(path, read.text));
      else if (!('text' in read) && read.reason !== 'open in the editor') {
        this.connection.console.warn(`kube-maturity: ${path}: ${read.reason}`);
      }
      done++;
      if (progress && done % 50 === 0)
        progress.report(Math.floor((100 * done) / wanted.length), `${done} of ${wanted.length} files`);
    }
    progress?.done();
  }

  private uriOf(path: string): string {
    const open = this.openPaths.get(path);
    if (open) return open;
    return path.startsWith('untitled:') || path.includes('://') ? path : pathToFileURL(path).toString();
  }

  private folderOf(path: string): Folder {
    let best: Folder | undefined;
    for (const folder of this.folders) {
      if (!folder.path) continue;
      if (
        path === folder.path ||
        path.startsWith(folder.path.endsWith(sep) ? folder.path : folder.path + sep)
      ) {
        if (!best || folder.path.length > best.path.length) best = folder;
      }
    }
    return best ?? this.loose;
  }

  private activeFolders(): Folder[] {
    return this.loose.analyzer.filePaths.length > 0 || this.folders.length === 0
      ? [...this.folders, this.loose]
      : this.folders;
  }

  private updateDocument(document: TextDocument): void {
    const path = pathOf(document.uri);
    if (!isManifestPath(path) && document.languageId !== 'yaml' && document.languageId !== 'json') return;
    const folder = this.folderOf(path);
    // The previous version of the buffer lends the documents of the chunks the edit left as they were.
    folder.analyzer.setFile(parseFile(path, document.getText(), folder.analyzer.getFile(path)));
    this.schedule();
  }

  private closeDocument(uri: string): void {
    const path = pathOf(uri);
    const folder = this.folderOf(path);
    this.openPaths.delete(path);
    this.analyzedVersions.delete(uri);
    this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    // The file on disk is what counts again (unsaved edits are gone), if it is a file of the folder.
    if (folder !== this.loose && filePathOf(uri) && !folder.isExcluded(path) && insideFolder(folder, path)) {
      void readManifest(path, folder.editor.maxFileSize).then((read) => {
        if ('text' in read && !this.openPaths.has(path)) folder.analyzer.setFile(parseFile(path, read.text));
        else if (!('text' in read) && !this.openPaths.has(path)) folder.analyzer.removeFile(path);
        this.schedule();
      });
    } else {
      folder.analyzer.removeFile(path);
      this.schedule();
    }
  }

  private async fileChanged(uri: string, type: FileChangeType): Promise<void> {
    const path = filePathOf(uri);
    if (!path || this.openPaths.has(path)) return;
    const folder = this.folderOf(path);
    if (folder === this.loose) return;
    if (basename(path) === CONFIG_FILE_NAME && join(folder.path, CONFIG_FILE_NAME) === path) {
      await this.loadSettings(folder);
      return;
    }
    if (!isManifestPath(path) || folder.isExcluded(path)) return;
    if (type === FileChangeType.Deleted) {
      folder.analyzer.removeFile(path);
      return;
    }
    // Nothing outside the folder is read: a link that leaves it is not followed.
    if (!insideFolder(folder, path)) {
      folder.analyzer.removeFile(path);
      return;
    }
    const read = await readManifest(path, folder.editor.maxFileSize);
    // Opened while it was read: the editor's text wins.
    if (this.openPaths.has(path)) return;
    if ('text' in read) folder.analyzer.setFile(parseFile(path, read.text));
    else folder.analyzer.removeFile(path);
  }

  /**
   * Coalesces a burst of changes (fast typing, a scan, a checkout) into one analysis: it runs once changes
   * have paused for COALESCE_MS (each message of a flood arrives in its own turn of the event loop), and at
   * least every MAX_DELAY_MS while they keep coming. Diagnostics are then for the latest version only.
   */
  private schedule(): void {
    this.firstPending ??= Date.now();
    clearTimeout(this.pendingTimer);
    const delay = Date.now() - this.firstPending >= MAX_DELAY_MS ? 0 : COALESCE_MS;
    this.pendingTimer = setTimeout(() => {
      this.firstPending = undefined;
      this.publish();
    }, delay);
  }

  private analyze(folder: Folder): AnalysisResult {
    const result = folder.analyzer.run();
    if (result !== folder.result) {
      folder.result = result;
      folder.summary = undefined;
      for (const failure of result.controlFailures) {
        if (this.loggedFailures.has(failure.control)) continue;
        this.loggedFailures.add(failure.control);
        this.connection.console.error(`kube-maturity: ${failure.message} (the other controls still report)`);
      }
    }
    return result;
  }

  private summarize(folder: Folder, model?: MaturityModel): WorkspaceResult {
    const analysis = this.analyze(folder);
    const lens = model ?? folder.editor.lens;
    if (folder.summary && folder.summary.verdict.model === lens) return folder.summary;
    const summary = summarize(analysis, { settings: folder.settings, controls: allControls, model: lens });
    if (!model || model === folder.editor.lens) folder.summary = summary;
    return summary;
  }

  private publish(): void {
    let changed = false;
    for (const folder of [...this.folders, this.loose]) {
      const before = folder.result;
      this.analyze(folder);
      if (folder.result !== before) changed = true;
    }
    for (const document of this.documents.all()) this.publishDiagnostics(document);
    if (!changed) return;
    this.revision++;
    const first = this.activeFolders()[0];
    const summary = first ? this.summarize(first) : undefined;
    const manifestFiles = this.activeFolders().reduce(
      (total, folder) => total + (folder.result ? folder.analyzer.manifestFileCount : 0),
      0,
    );
    const params: ResultsChangedParams = {
      revision: this.revision,
      manifestFiles,
      stage: summary?.verdict.stage ?? null,
      model: summary?.verdict.model ?? 'fairwinds',
    };
    void this.connection.sendNotification(ResultsChangedNotification.method, params);
  }

  private publishDiagnostics(document: TextDocument): void {
    const path = pathOf(document.uri);
    const folder = this.folderOf(path);
    const file = folder.analyzer.getFile(path);
    if (!file) return;
    this.analyzedVersions.set(document.uri, document.version);
    const diagnostics: Diagnostic[] = [];
    for (const problem of folder.result ? folder.analyzer.problemsOf(path) : []) {
      diagnostics.push({
        range: problem.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Error,
        source: 'kube-maturity',
        code: problem.kind,
        message: problem.message,
      });
    }
    for (const finding of folder.result ? folder.analyzer.findingsOf(path) : []) {
      if (finding.exempt || !finding.range) continue;
      const href = docsUri(finding.control);
      const data: DiagnosticData = { control: finding.control, version: document.version };
      diagnostics.push({
        range: finding.range,
        severity: SEVERITY[finding.severity],
        code: finding.control,
        ...(href ? { codeDescription: { href } } : {}),
        source: 'kube-maturity',
        message: `${finding.message} [${stageLabel(folder.editor.lens, finding.stage)}]`,
        data,
      });
    }
    // A new version is always published; the same version only when its diagnostics changed.
    const last = this.published.get(document.uri);
    if (last && last.version === document.version) {
      const json = JSON.stringify(diagnostics);
      last.json ??= JSON.stringify(last.diagnostics);
      if (json === last.json) return;
      this.published.set(document.uri, { version: document.version, diagnostics, json });
    } else {
      this.published.set(document.uri, { version: document.version, diagnostics });
    }
    void this.connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  }

  private codeActions(params: CodeActionParams): CodeAction[] {
    const uri = params.textDocument.uri;
    const document = this.documents.get(uri);
    if (!document) return [];
    const path = pathOf(uri);
    const folder = this.folderOf(path);
    this.analyze(folder);
    const file = folder.analyzer.getFile(path);
    if (!file) return [];
    const findings = folder.analyzer.findingsOf(path);
    const only = params.context.only;
    const wants = (kind: string) =>
      !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
    const actions: CodeAction[] = [];

    if (only && wants(FIX_ALL_KIND)) {
      // On save: only the safe fixes, and only when the analysis is of the version being saved.
      if (this.analyzedVersions.get(uri) !== document.version) return [];
      const edit = this.fixAllEdit(folder, path, { classes: ['safe'] });
      if (edit)
        actions.push({
          title: 'kube-maturity: apply all safe fixes',
          kind: FIX_ALL_KIND,
          edit: { changes: { [uri]: [edit] } },
        });
      return actions;
    }
    if (!wants(CodeActionKind.QuickFix)) return actions;

    for (const diagnostic of params.context.diagnostics) {
      const data = diagnostic.data as DiagnosticData | undefined;
      if (diagnostic.source !== 'kube-maturity' || !data?.control) continue;
      const finding = findings.find(
        (candidate) =>
          candidate.control === data.control &&
          !candidate.exempt &&
          sameRange(candidate.range, diagnostic.range),
      );
      if (!finding) continue;
      if (finding.fix) {
        const fixClass = finding.fix.class;
        actions.push({
          title: `${finding.fix.title}${FIX_CLASS_LABEL[fixClass]}`,
          kind: quickFixKind(fixClass),
          diagnostics: [diagnostic],
          isPreferred: fixClass === 'safe',
          edit: { changes: { [uri]: finding.fix.edits } },
        });
        const sameControl = findings.filter(
          (candidate) =>
            candidate.control === finding.control && !candidate.exempt && candidate.fix?.class === fixClass,
        );
        if (sameControl.length > 1) {
          const edit = this.fixAllEdit(folder, path, {
            classes: [fixClass],
            controlIds: new Set([finding.control]),
          });
          if (edit) {
            actions.push({
              title: `Fix all ${finding.control} problems in this file (${sameControl.length})${FIX_CLASS_LABEL[fixClass]}`,
              kind: quickFixKind(fixClass),
              edit: { changes: { [uri]: [edit] } },
            });
          }
        }
      }
      const object = objectOfFinding(file, finding);
      if (object) {
        const annotation = ignoreByAnnotationEdits(file, object, finding.control);
        if (annotation) {
          actions.push({
            title: `Ignore ${finding.control} for ${object.kind} ${object.name}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: { changes: { [uri]: annotation } },
          });
        }
        const comment = ignoreByCommentEdit(file, object, finding);
        if (comment) {
          actions.push({
            title: `Ignore ${finding.control} with a comment`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: { changes: { [uri]: [comment] } },
          });
        }
      }
      actions.push({
        title: `Show documentation for ${finding.control}`,
        kind: CodeActionKind.QuickFix,
        command: {
          title: 'Show documentation',
          command: SHOW_DOCUMENTATION_COMMAND,
          arguments: [finding.control],
        },
      });
    }
    return actions;
  }

  /**
   * All the fixes of a file as one minimal edit, computed with the whole workspace in view; the analyzer is
   * given the file back as it is, since the editor applies the edit (or not).
   */
  private fixAllEdit(
    folder: Folder,
    path: string,
    options: { classes: FixClass[]; controlIds?: Set<string> },
  ) {
    const original = folder.analyzer.getFile(path);
    if (!original) return undefined;
    const result = applyFixes(folder.analyzer, { ...options, paths: new Set([path]) });
    const fixed = result.changed.get(path);
    folder.analyzer.setFile(original);
    folder.result = undefined;
    this.analyze(folder);
    return fixed === undefined ? undefined : minimalEdit(original, fixed.replace(/^\uFEFF/, ''));
  }

  private trees(params: TreeParams): WorkspaceTree[] {
    const groupBy: TreeGroupBy = params.groupBy ?? 'stage';
    return this.activeFolders().map((folder) => {
      const summary = this.summarize(folder, params.model);
      return buildTree(
        {
          folder: folder.uri,
          name: folder.name,
          findings: summary.analysis.findings,
          tallies: summary.analysis.tallies,
          verdict: summary.verdict,
          score: summary.score,
          controls: allControls,
          notApplied: folder.notApplied,
          display: (file) => ({
            path:
              folder.path && file.startsWith(folder.path)
                ? file
                    .slice(folder.path.length + 1)
                    .split(sep)
                    .join('/')
                : file,
            uri: this.uriOf(file),
          }),
        },
        groupBy,
      );
    });
  }
}

/** True when a path, with every link resolved, lies inside the folder (resolved too). */
function insideFolder(folder: Folder, path: string): boolean {
  if (!folder.path) return false;
  try {
    const root = realpathSync(folder.path);
    const real = realpathSync(path);
    return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
  } catch {
    // A file that is gone is inside as far as removing it goes; nothing is read from it.
    return !existsSync(path);
  }
}
