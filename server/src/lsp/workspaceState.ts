import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type Connection,
  FileChangeType,
  type WorkspaceFolder,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME } from '../engine/config';
import { isManifestPath, parseFile } from '../engine/parse';
import { RENDERED_SCHEME, RenderStatusNotification, type RenderStatusParams } from '../protocol';
import { readManifest } from '../workspaceFiles';
import { configDiagnostics } from './diagnostics';
import { applyFolderSettings, readConfigFile } from './folderSettings';
import { createFolder, type Folder, insideFolder, isUnder } from './folders';
import { FolderRenders } from './renders';
import { scanFolder } from './scanner';
import { filePathOf, pathOf } from './uris';

/** Typing in a chart or kustomization renders it again once the typing pauses this long. */
export const TYPING_RENDER_DELAY_MS = 300;

/** What the server may ask of the client for the folders. */
export interface WorkspaceClientSupport {
  configuration: boolean;
  progress: boolean;
}

/**
 * The workspace folders and what feeds their analyzers: open documents (as the user types), the files on
 * disk (scanned at start, then watched) and the settings of each folder. Every change of an analyzer's
 * files is followed by `scheduleAnalysis`.
 */
export class WorkspaceState {
  private folders: Folder[] = [];
  private readonly loose = createFolder('', '', 'Open files', (path) => this.isOpen(path));
  /**
   * Open documents by their analyzer key (the path): the client and Node encode URIs differently (`(`, `+`,
   * `@`…), so a file is known to be open by its path, never by re-encoding it.
   */
  private readonly openPaths = new Map<string, string>();
  /** Workspace trust, as the client reports it (an editor without the notion trusts). */
  private trusted = true;
  private support: WorkspaceClientSupport = { configuration: false, progress: false };
  private readonly isOpen = (path: string) => this.openPaths.has(path);
  private readonly warn = (message: string) => this.connection.console.warn(`kube-maturity: ${message}`);

  /** Tools that charts or kustomizations of the workspace need and that were not found, with their setting. */
  private readonly missingTools = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly scheduleAnalysis: (now?: boolean) => void,
    /** An open document's text, by the URI the client sent. */
    private readonly documentText: (uri: string) => string | undefined = () => undefined,
  ) {}

  /** The text of an open document (any language: helpers are not manifests), by its path. */
  openText(path: string): string | undefined {
    const uri = this.openPaths.get(path);
    return uri === undefined ? undefined : this.documentText(uri);
  }

  /** The URI under which the client shows a rendered document (read-only, from `renderedText`). */
  renderedUriOf(path: string): string {
    return pathToFileURL(path)
      .toString()
      .replace(/^file:/, `${RENDERED_SCHEME}:`);
  }

  /** A rendered document's text, by its URI, from the folder that rendered it. */
  renderedText(uri: string): string | undefined {
    if (!uri.startsWith(`${RENDERED_SCHEME}:`)) return undefined;
    let path: string;
    try {
      path = fileURLToPath(`file:${uri.slice(RENDERED_SCHEME.length + 1)}`);
    } catch {
      return undefined;
    }
    return this.folderOf(path).renders?.renderedText(path);
  }

  /** Stops every render and removes the temporary copies. */
  dispose(): void {
    for (const folder of this.folders) folder.renders?.dispose();
  }

  /** Resolves when no render of any folder is waiting or running (tests wait on it). */
  async rendersIdle(): Promise<void> {
    for (const folder of this.folders) await folder.renders?.idle();
  }

  private attachRenders(folder: Folder): void {
    if (!folder.path) return;
    folder.renders = new FolderRenders(folder, {
      trusted: () => this.trusted,
      openText: (path) => this.openText(path),
      changed: () => this.scheduleAnalysis(true),
      missingTool: (tool, setting) => {
        if (this.missingTools.has(tool)) return;
        this.missingTools.set(tool, setting);
        void this.connection.sendNotification(RenderStatusNotification.method, {
          missing: [...this.missingTools].map(([name, settingName]) => ({
            tool: name,
            setting: settingName,
          })),
        } satisfies RenderStatusParams);
      },
      warn: this.warn,
    });
  }

  initialize(
    rootUri: string | null | undefined,
    folders: WorkspaceFolder[] | null | undefined,
    options: { trusted: boolean; support: WorkspaceClientSupport },
  ): void {
    this.trusted = options.trusted;
    this.support = options.support;
    const given = folders ?? (rootUri ? [{ uri: rootUri, name: basename(pathOf(rootUri)) || rootUri }] : []);
    this.folders = given.map((folder) =>
      createFolder(folder.uri, filePathOf(folder.uri) ?? '', folder.name, this.isOpen),
    );
    for (const folder of this.folders) this.attachRenders(folder);
  }

  /**
   * Whether every folder's settings have been read once: before, an analysis would judge with the defaults
   * (a control the user turned off would flash its findings on the documents opened with the editor).
   */
  get settingsLoaded(): boolean {
    return this.everyFolderSettingsRead;
  }
  private everyFolderSettingsRead = false;
  /** Whether the first scan of every folder is done: before, the workspace's results are partial. */
  get loaded(): boolean {
    return this.everyFolderScanned;
  }
  private everyFolderScanned = false;

  /** Loads every folder's settings (then analyses what is open), then scans the folders. */
  async load(): Promise<void> {
    for (const folder of this.allFolders()) await this.loadSettings(folder);
    this.everyFolderSettingsRead = true;
    // The documents opened with the editor waited for the settings: analysed at once.
    this.scheduleAnalysis(true);
    for (const folder of this.folders) await this.scan(folder);
    for (const folder of this.folders) folder.renders?.refresh();
    this.everyFolderScanned = true;
    this.scheduleAnalysis();
  }

  async changeFolders(event: WorkspaceFoldersChangeEvent): Promise<void> {
    this.folders = this.folders.filter((folder) => {
      const removed = event.removed.some((gone) => gone.uri === folder.uri);
      if (removed) folder.renders?.dispose();
      return !removed;
    });
    for (const added of event.added) {
      const folder = createFolder(added.uri, filePathOf(added.uri) ?? '', added.name, this.isOpen);
      this.attachRenders(folder);
      this.folders.push(folder);
      await this.loadSettings(folder);
      await this.scan(folder);
      folder.renders?.refresh();
    }
    this.scheduleAnalysis();
  }

  async setTrusted(trusted: boolean): Promise<void> {
    if (this.trusted === trusted) return;
    this.trusted = trusted;
    // Reloading the settings rescans whatever a change of excludes uncovers.
    await this.reloadAllSettings();
  }

  async reloadAllSettings(): Promise<void> {
    // A binary set or installed since: the renders that follow say again what is missing.
    if (this.missingTools.size > 0) {
      this.missingTools.clear();
      void this.connection.sendNotification(RenderStatusNotification.method, {
        missing: [],
      } satisfies RenderStatusParams);
    }
    for (const folder of this.allFolders()) await this.loadSettings(folder);
    this.scheduleAnalysis();
  }

  /** The workspace folders, then the files opened outside them. */
  allFolders(): Folder[] {
    return [...this.folders, this.loose];
  }

  /** The folders the views show: the open files outside them only when there are some (or no folder). */
  activeFolders(): Folder[] {
    return this.loose.analyzer.filePaths.length > 0 || this.folders.length === 0
      ? this.allFolders()
      : this.folders;
  }

  /** The innermost folder of a path, else the files opened outside any. */
  folderOf(path: string): Folder {
    let best: Folder | undefined;
    for (const folder of this.folders) {
      if (folder.path && isUnder(folder, path) && (!best || folder.path.length > best.path.length))
        best = folder;
    }
    return best ?? this.loose;
  }

  /** The URI of an analyzer key: an open document's as the client sent it. */
  uriOf(path: string): string {
    const open = this.openPaths.get(path);
    if (open) return open;
    return path.startsWith('untitled:') || path.includes('://') ? path : pathToFileURL(path).toString();
  }

  openDocument(document: TextDocument): void {
    this.openPaths.set(pathOf(document.uri), document.uri);
    this.changeDocument(document);
  }

  changeDocument(document: TextDocument): void {
    const path = pathOf(document.uri);
    this.folderOf(path).renders?.refresh(path, TYPING_RENDER_DELAY_MS);
    if (!isManifestPath(path) && document.languageId !== 'yaml' && document.languageId !== 'json') return;
    const folder = this.folderOf(path);
    // The previous version of the buffer lends the documents of the chunks the edit left as they were.
    folder.analyzer.setFile(parseFile(path, document.getText(), folder.analyzer.getFile(path)));
    this.scheduleAnalysis();
  }

  closeDocument(uri: string): void {
    const path = pathOf(uri);
    const folder = this.folderOf(path);
    this.openPaths.delete(path);
    // Closed without saving: the file on disk renders again.
    folder.renders?.refresh(path);
    // The file on disk is what counts again (unsaved edits are gone), if it is a file of the folder.
    if (folder !== this.loose && filePathOf(uri) && !folder.isExcluded(path) && insideFolder(folder, path)) {
      void readManifest(path, folder.editor.maxFileSize).then((read) => {
        if ('text' in read && !this.isOpen(path)) folder.analyzer.setFile(parseFile(path, read.text));
        else if (!('text' in read) && !this.isOpen(path)) folder.analyzer.removeFile(path);
        this.scheduleAnalysis();
      });
    } else {
      folder.analyzer.removeFile(path);
      this.scheduleAnalysis();
    }
  }

  /** A change the client's watchers saw; the caller schedules the analysis once for a batch of them. */
  async fileChanged(uri: string, type: FileChangeType): Promise<void> {
    const path = filePathOf(uri);
    if (!path || this.isOpen(path)) return;
    const folder = this.folderOf(path);
    if (folder === this.loose) return;
    if (basename(path) === CONFIG_FILE_NAME && join(folder.path, CONFIG_FILE_NAME) === path) {
      await this.loadSettings(folder);
      return;
    }
    // Saved, created or deleted: what it is part of renders again (helpers and other chart files too).
    folder.renders?.refresh(path);
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
    if (this.isOpen(path)) return;
    if ('text' in read) folder.analyzer.setFile(parseFile(path, read.text));
    else folder.analyzer.removeFile(path);
  }

  /** Reads the folder's `.kube-maturity.yaml` and `kubeMaturity.*` settings; a change rebuilds its analyzer. */
  private async loadSettings(folder: Folder): Promise<void> {
    const config = readConfigFile(folder);
    folder.configError = config.problem;
    if (config.problem) this.showConfigProblem(config.problem.message);
    if (config.path)
      void this.connection.sendDiagnostics({
        uri: pathToFileURL(config.path).toString(),
        diagnostics: configDiagnostics(config.problem),
      });
    let editorSettings: unknown;
    let filesExclude: unknown;
    if (this.support.configuration) {
      try {
        [editorSettings, filesExclude] = await this.connection.workspace.getConfiguration([
          { scopeUri: folder.uri || undefined, section: 'kubeMaturity' },
          { scopeUri: folder.uri || undefined, section: 'files.exclude' },
        ]);
      } catch (error) {
        this.warn(`the client did not answer for the settings: ${(error as Error).message}`);
      }
    }
    const uncovers = applyFolderSettings(folder, {
      fromFile: config.settings,
      editorSettings,
      filesExclude,
      trusted: this.trusted,
      warn: this.warn,
      isOpen: this.isOpen,
    });
    // A glob taken away brings its files back: read those the analyzer does not hold.
    if (uncovers && folder.scanned) await this.scan(folder, { onlyMissing: true });
    // The new analyzer gets the rendered documents; trust, tools and render settings may have changed.
    if (folder.renders) {
      folder.renders.applyTo(folder.analyzer);
      if (folder.scanned) folder.renders.refresh();
    }
  }

  private showConfigProblem(message: string): void {
    // A request to the client (whatever its typing says): its answer, or its failure, must not take the
    // server down.
    const shown: unknown = this.connection.window.showErrorMessage(
      `kube-maturity: ${message}. Using the default configuration until it is fixed.`,
    );
    (shown as PromiseLike<unknown> | undefined)?.then?.(undefined, () => undefined);
  }

  /** Reads every manifest of a folder that is not open, with work-done progress. */
  private async scan(folder: Folder, options: { onlyMissing?: boolean } = {}): Promise<void> {
    // A folder that is not a local directory (a remote host, another scheme) is never walked.
    if (!folder.path) return;
    folder.scanned = true;
    const progress = this.support.progress
      ? await this.connection.window.createWorkDoneProgress().catch(() => undefined)
      : undefined;
    progress?.begin('Kubernetes maturity', 0, `scanning ${folder.name}`, false);
    await scanFolder(folder, { ...options, isOpen: this.isOpen, warn: this.warn, progress });
    progress?.done();
  }
}
