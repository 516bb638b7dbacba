/**
 * The charts and Kustomize roots of one workspace folder, rendered for the editor: each is rendered when
 * the folder is loaded, when one of its files changes on disk, and (after a pause) while the user types
 * in one of them (from a temporary copy holding the unsaved text). The latest render of a chart wins;
 * renders are cached by the binary's version, the arguments and the files' sizes, times and unsaved
 * text. Nothing runs in an untrusted workspace. The rendered documents become files of the folder's
 * analyzer (under virtual paths) and stand for the templates and bases they came from.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  type Dirent,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rm,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { type Document, parseAllDocuments } from 'yaml';
import type { Analyzer } from '../engine/analyze';
import { CONFIG_FILE_NAME } from '../engine/config';
import { isKustomization } from '../engine/kustomize';
import { type ParsedFile, parseFile } from '../engine/parse';
import { isRenderedDocumentPath, type ReportedProblem } from '../engine/result';
import type { SourceFile } from '../engine/workspace';
import { type ChartRenders, chartFolders, renderCharts } from '../render/charts';
import { TemplateCache } from '../render/chartTemplates';
import {
  buildKustomizeRoots,
  type KustomizeRenders,
  kustomizeClosure,
  kustomizeRoots,
} from '../render/kustomizations';
import {
  HELM_VERSION_ARGS,
  kustomizeToolOf,
  kustomizeVersionArgs,
  resolveRenderTools,
  toolVersion,
} from '../render/tools';
import { readRegularFileSync } from '../workspaceFiles';
import type { Folder } from './folders';

/** A render in the editor: half a minute, 32 MiB of output. */
const EDITOR_RENDER_LIMITS = { timeoutMs: 30_000, maxOutputBytes: 32 * 1024 * 1024 };
/** A chart's or closure's files are listed up to this many, and copied up to this size each. */
const MAX_LISTED_FILES = 5_000;
const MAX_COPIED_FILE_BYTES = 4 * 1024 * 1024;
const RENDERS_AT_ONCE = 2;
/**
 * A render after a typing pause is made ready (files listed, the unsaved text copied, templates parsed)
 * this long before the pause ends, so that the tool starts when it does.
 */
const PREPARE_AHEAD_MS = 20;
const CACHED_RENDERS = 64;

export const UNTRUSTED_REASON = 'not rendered: rendering is off in an untrusted workspace';

/** What a folder's renders need from the server. */
export interface RenderHost {
  trusted(): boolean;
  /** The text of an open document, by its path. */
  openText(path: string): string | undefined;
  /** Renders changed the folder's analyzer: analyse again. */
  changed(): void;
  /** A chart or kustomization needs a binary that is missing (the setting that names it). */
  missingTool(tool: 'helm' | 'kustomize', setting: string): void;
  warn(message: string): void;
}

/** One chart or Kustomize root as last rendered: its documents and what they stand for. */
export interface RenderUnit {
  kind: 'chart' | 'kustomization';
  /** The chart folder, or the root kustomization file, relative to the workspace folder. */
  root: string;
  /** The rendered documents by their (absolute, virtual) path. */
  documents: Map<string, string>;
  /** The files the documents stand for (absolute), with why each is not analysed itself. */
  renderedAway: Map<string, string>;
  /** Render problems, on absolute paths. */
  problems: ReportedProblem[];
  /** Why the unit was not rendered, shown on its Chart.yaml or kustomization (absolute). */
  notice?: { file: string; message: string };
  /** The mapping of the render, in paths relative to the workspace folder. */
  charts?: ChartRenders;
  kustomizations?: KustomizeRenders;
  /** What the render is cached by (the binary, the arguments, the files and their unsaved text). */
  key?: string;
}

/** A file a unit's render reads, as the listing of its folders saw it (path relative to the folder). */
interface ListedFile {
  path: string;
  size: number;
  modified: number;
}

interface UnitTarget {
  kind: 'chart' | 'kustomization';
  root: string;
  /** Folders (relative) whose files the render reads: recursively for a chart, each alone for a kustomization. */
  folders: string[];
  recursive: boolean;
  /** Configured values files of a chart (relative), which may lie outside it. */
  valuesFiles: string[];
}

function toSlash(path: string): string {
  return path.split(sep).join('/');
}

export class FolderRenders {
  private readonly units = new Map<string, RenderUnit>();
  private targets?: UnitTarget[];
  private readonly running = new Map<string, AbortController>();
  /** Renders made ready that wait for the end of the typing pause, by unit. */
  private readonly waiting = new Map<string, AbortController>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly cache = new Map<string, RenderUnit>();
  /** Per unit, the temporary copy its unsaved text renders from, and what each copied file was. */
  /** Per unit, its rendered documents as parsed by its last render, by their (absolute, virtual) path. */
  private readonly parsedRendered = new Map<string, Map<string, ParsedFile>>();
  private readonly templateCaches = new Map<string, TemplateCache>();
  /** Template texts as last read from disk, with the size and time they were read at. */
  private readonly diskTexts = new Map<string, { signature: string; text: string }>();
  private readonly mirrors = new Map<string, { folder: string; files: Map<string, string> }>();
  private readonly queue: Array<() => Promise<void>> = [];
  private active = 0;
  private disposed = false;
  /** Settles when every render asked for so far has finished (tests and the initial load wait on it). */
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly folder: Folder,
    private readonly host: RenderHost,
  ) {}

  /** The units as last rendered, in path order (the order the CLI renders them in, whatever finished first). */
  get all(): RenderUnit[] {
    return [...this.units.values()].sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  }

  /** True when `path` is a rendered document of this folder. */
  isRendered(path: string): boolean {
    for (const unit of this.units.values()) if (unit.documents.has(path)) return true;
    return false;
  }

  /** The text of a rendered document, for the editor's read-only view of it. */
  renderedText(path: string): string | undefined {
    for (const unit of this.units.values()) {
      const text = unit.documents.get(path);
      if (text !== undefined) return text;
    }
    return undefined;
  }

  /**
   * Renders again what `path` is part of (everything when undefined), after `delayMs`: a chart's file
   * re-renders the chart, a file of a kustomization's folders re-builds its roots. A file that adds or
   * removes a chart or kustomization finds the units again.
   */
  refresh(path?: string, delayMs = 0): void {
    if (this.disposed || !this.folder.path) return;
    if (path === undefined || this.changesLayout(path)) this.targets = undefined;
    const targets = this.currentTargets();
    const affected = path === undefined ? targets : targets.filter((target) => this.reads(target, path));
    const known = new Set(targets.map((target) => target.root));
    let removed = false;
    for (const root of [...this.units.keys()])
      if (!known.has(root)) {
        this.units.delete(root);
        removed = true;
      }
    if (removed) this.apply();
    for (const target of affected) this.schedule(target, delayMs);
  }

  /** True when the workspace is trusted: only then is anything rendered. */
  trusted(): boolean {
    return this.host.trusted();
  }

  /**
   * The unsaved text of a unit's files that differs from the file on disk, by path relative to the
   * folder: what a render from the editor's text replaces (chart fixes are verified with it).
   */
  unsavedTexts(root: string): Map<string, string> {
    const target = this.currentTargets().find((candidate) => candidate.root === root);
    return target ? this.overlaysOf(this.listFiles(target)) : new Map();
  }

  /** Puts the units' documents and reasons into a (new) analyzer of the folder. */
  applyTo(analyzer: Analyzer): void {
    for (const unit of this.units.values())
      for (const [path, text] of unit.documents) analyzer.setFile(parseFile(path, text));
    analyzer.setRenderedAway(this.renderedAway());
  }

  /** Resolves once no render is waiting or running. */
  idle(): Promise<void> {
    if (this.active === 0 && this.queue.length === 0 && this.timers.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.running.values()) controller.abort();
    this.queue.length = 0;
    for (const { folder } of this.mirrors.values()) rmSync(folder, { recursive: true, force: true });
    this.mirrors.clear();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private changesLayout(path: string): boolean {
    const name = basename(path);
    return name === 'Chart.yaml' || name === 'requirements.yaml' || isKustomization(path);
  }

  private relative(path: string): string {
    return toSlash(relative(this.folder.path, path)) || '.';
  }

  private absolute(path: string): string {
    return path === '.' ? this.folder.path : join(this.folder.path, path);
  }

  /** The kustomizations of the folder (relative), with the editor's text for open ones. */
  kustomizationSources(): SourceFile[] {
    return this.sources().filter((source) => isKustomization(source.path));
  }

  /** The folder's files as the render code names them (relative), with the editor's text for open ones. */
  private sources(): SourceFile[] {
    const sources: SourceFile[] = [];
    const { analyzer } = this.folder;
    for (const path of analyzer.filePaths) {
      if (this.isRendered(path)) continue;
      const file = analyzer.getFile(path);
      if (file) sources.push({ path: this.relative(path), text: file.text });
    }
    return sources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private currentTargets(): UnitTarget[] {
    if (this.targets) return this.targets;
    const sources = this.sources();
    const charts = chartFolders(sources).map(toSlash);
    // What a closure reads (once, not per root: 17 roots among 10,000 files took 0.3 s of the scan).
    const kustomizations = sources.filter((source) => isKustomization(source.path));
    this.targets = [
      ...charts.map(
        (chart): UnitTarget => ({
          kind: 'chart',
          root: chart,
          folders: [chart],
          recursive: true,
          valuesFiles: (this.configuredChart(chart)?.values ?? []).map((file) =>
            this.relative(resolve(this.folder.path, file)),
          ),
        }),
      ),
      ...kustomizeRoots(sources).map(
        (root): UnitTarget => ({
          kind: 'kustomization',
          root: root.path,
          folders: [...kustomizeClosure(root, kustomizations)].map(toSlash),
          recursive: false,
          valuesFiles: [],
        }),
      ),
    ];
    return this.targets;
  }

  /** The configuration's `render.charts` entry of a chart folder (relative). */
  private configuredChart(chart: string) {
    return this.folder.settings.render.charts.find(
      (setting) => resolve(this.folder.path, setting.path) === this.absolute(chart),
    );
  }

  private reads(target: UnitTarget, path: string): boolean {
    const file = this.relative(path);
    if (target.valuesFiles.includes(file)) return true;
    return target.folders.some((folder) =>
      target.recursive ? folder === '.' || file.startsWith(`${folder}/`) : toSlash(dirname(file)) === folder,
    );
  }

  private schedule(target: UnitTarget, delayMs: number): void {
    clearTimeout(this.timers.get(target.root));
    // A render made ready for the end of an earlier pause would render text that is no longer current.
    this.waiting.get(target.root)?.abort();
    const due = performance.now() + delayMs;
    this.timers.set(
      target.root,
      setTimeout(
        () => {
          this.timers.delete(target.root);
          this.running.get(target.root)?.abort();
          const controller = new AbortController();
          this.running.set(target.root, controller);
          const startAfter = this.pauseEnd(target.root, due, controller);
          this.enqueue(async () => {
            if (controller.signal.aborted) return;
            const unit = await this.render(target, controller.signal, startAfter).catch((error: Error) => {
              this.host.warn(`rendering ${target.root} failed: ${error.message}`);
              return undefined;
            });
            if (this.running.get(target.root) === controller) this.running.delete(target.root);
            if (!unit || controller.signal.aborted || this.disposed) return;
            this.units.set(target.root, unit);
            this.apply();
          });
        },
        Math.max(0, delayMs - PREPARE_AHEAD_MS),
      ),
    );
  }

  /** Settles at `due` (at once when it is past); until then a new schedule of the unit aborts its render. */
  private pauseEnd(root: string, due: number, controller: AbortController): Promise<void> | undefined {
    const remaining = due - performance.now();
    if (remaining <= 0) return undefined;
    this.waiting.set(root, controller);
    return new Promise((resolve) => {
      const open = () => {
        clearTimeout(timer);
        controller.signal.removeEventListener('abort', open);
        if (this.waiting.get(root) === controller) this.waiting.delete(root);
        resolve();
      };
      const timer = setTimeout(open, remaining);
      controller.signal.addEventListener('abort', open);
    });
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue.push(task);
    this.drain();
  }

  private drain(): void {
    while (this.active < RENDERS_AT_ONCE && this.queue.length > 0) {
      const task = this.queue.shift()!;
      this.active++;
      void task().finally(() => {
        this.active--;
        this.drain();
        if (this.active === 0 && this.queue.length === 0 && this.timers.size === 0)
          for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    }
  }

  /** Every unit's rendered-away files. */
  private renderedAway(): Map<string, string> {
    const reasons = new Map<string, string>();
    for (const unit of this.units.values())
      for (const [path, reason] of unit.renderedAway) reasons.set(path, reason);
    return reasons;
  }

  /** The analyzer follows the units: their documents set, those of older renders removed. */
  private apply(): void {
    const { analyzer } = this.folder;
    const wanted = new Map<string, string>();
    for (const unit of this.units.values()) for (const [path, text] of unit.documents) wanted.set(path, text);
    for (const path of analyzer.filePaths)
      if (isRenderedDocumentPath(path) && !wanted.has(path)) analyzer.removeFile(path);
    for (const [path, text] of wanted) {
      if (analyzer.getFile(path)?.text === text) continue;
      let parsed: ParsedFile | undefined;
      for (const files of this.parsedRendered.values()) parsed ??= files.get(path);
      analyzer.setFile(parsed && parsed.text === text ? parsed : parseFile(path, text));
    }
    analyzer.setRenderedAway(this.renderedAway());
    this.folder.result = undefined;
    this.host.changed();
  }

  private async render(
    target: UnitTarget,
    signal: AbortSignal,
    startAfter?: Promise<void>,
  ): Promise<RenderUnit | undefined> {
    const sources = this.sources();
    const ownFiles = sources.filter((source) => this.reads(target, this.absolute(source.path)));
    const unit: RenderUnit = {
      kind: target.kind,
      root: target.root,
      documents: new Map(),
      renderedAway: new Map(),
      problems: [],
    };
    // Not rendered: the files are analysed as without rendering (templates the engine cannot read stay
    // skipped with its reason); the Chart.yaml or kustomization says why.
    const notRendered = (reason: string) => {
      const file =
        target.kind === 'chart' ? `${target.root === '.' ? '' : `${target.root}/`}Chart.yaml` : target.root;
      const what =
        target.kind === 'chart' ? 'its templates are not checked' : 'its files are checked one by one';
      unit.notice = { file: this.absolute(file), message: `${reason}: ${what}` };
      return unit;
    };
    if (!this.host.trusted()) return notRendered(UNTRUSTED_REASON);
    if (!this.folder.editor.render) return notRendered('not rendered: kubeMaturity.render is off');
    const tools = resolveRenderTools(
      { helm: this.folder.editor.helmPath, kustomize: this.folder.editor.kustomizePath },
      (path) => path,
    );
    const binary = target.kind === 'chart' ? tools.helm : tools.kustomize?.binary;
    const setting = target.kind === 'chart' ? 'kubeMaturity.helm.path' : 'kubeMaturity.kustomize.path';
    if (!binary) {
      this.host.missingTool(target.kind === 'chart' ? 'helm' : 'kustomize', setting);
      const name = target.kind === 'chart' ? 'helm' : 'kustomize or kubectl';
      // A kustomization without its binary is checked file by file, as without rendering.
      return notRendered(`not rendered: ${name} was not found; set ${setting} or put it on PATH`);
    }
    const version =
      target.kind === 'chart'
        ? await toolVersion(binary, HELM_VERSION_ARGS)
        : await toolVersion(binary, kustomizeVersionArgs(kustomizeToolOf(binary)));
    const listing = this.listFiles(target);
    const overlays = this.overlaysOf(listing);
    const configured = target.kind === 'chart' ? this.configuredChart(target.root) : undefined;
    const hash = createHash('sha256');
    hash.update(JSON.stringify([target.kind, target.root, binary, version, configured ?? null]));
    for (const file of listing) hash.update(`\u0000${file.path}\u0000${file.size}\u0000${file.modified}`);
    // Values files outside the chart are read from disk (helm reads them where they are).
    for (const file of target.valuesFiles) {
      const stat = lstatSync(this.absolute(file), { throwIfNoEntry: false });
      hash.update(`\u0002${file}\u0000${stat?.size ?? -1}\u0000${stat?.mtimeMs ?? -1}`);
    }
    for (const [path, text] of overlays) hash.update(`\u0001${path}\u0000${text}`);
    const key = hash.digest('hex');
    const cached = this.cache.get(key);
    if (cached) return cached;

    // Unsaved text is rendered from a temporary copy of what the render reads, kept between renders
    // and brought up to date file by file (copying a large chart on every keystroke would cost more
    // than rendering it).
    const cwd = overlays.size > 0 ? this.mirror(target.root, listing, overlays) : this.folder.path;
    if (overlays.size === 0) this.dropMirror(target.root);
    try {
      const limits = { ...EDITOR_RENDER_LIMITS, signal, startAfter };
      const rendered =
        target.kind === 'chart'
          ? await renderCharts(
              ownFiles,
              {
                helm: binary,
                limits,
                charts: this.folder.settings.render.charts,
                configRoot: this.folder.path,
                configFile: {
                  path: CONFIG_FILE_NAME,
                  read: () => {
                    try {
                      return readRegularFileSync(join(this.folder.path, CONFIG_FILE_NAME));
                    } catch {
                      return undefined;
                    }
                  },
                },
                // Each chart renders alone here: an entry naming no chart would be reported once per chart.
                reportUnknownCharts: false,
                parseRendered: this.rendererParse(target.root),
                templateCache: this.templateCache(target.root),
                chartFiles: (chart) =>
                  chart === target.root ? this.chartTexts(chart, listing, overlays) : undefined,
              },
              cwd,
            )
          : await buildKustomizeRoots(
              sources,
              { tool: kustomizeToolOf(binary), limits, only: new Set([target.root]) },
              cwd,
            );
      if (signal.aborted) return undefined;
      if ('rendered' in rendered) unit.charts = rendered;
      else unit.kustomizations = rendered;
      for (const source of rendered.sources)
        if (isRenderedDocumentPath(source.path)) unit.documents.set(this.absolute(source.path), source.text);
      for (const skipped of rendered.skipped)
        unit.renderedAway.set(this.absolute(skipped.file), skipped.reason);
      for (const problem of rendered.problems)
        unit.problems.push({ ...problem, file: this.absolute(problem.file) });
    } catch (error) {
      // A render that failed half-way leaves the copy in an unknown state: the next one starts afresh.
      this.dropMirror(target.root);
      throw error;
    }
    unit.key = key;
    if (this.cache.size >= CACHED_RENDERS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, unit);
    return unit;
  }

  /** The listed files whose open document's text differs from the file on disk, with that text. */
  private overlaysOf(listing: readonly ListedFile[]): Map<string, string> {
    const overlays = new Map<string, string>();
    for (const file of listing) {
      const open = this.host.openText(this.absolute(file.path));
      if (open !== undefined && open !== this.diskText(file)) overlays.set(file.path, open);
    }
    return overlays;
  }

  /** A listed file's text on disk, read again only when its size or time changed. */
  private diskText(file: ListedFile): string | undefined {
    const signature = `${file.size} ${file.modified}`;
    const known = this.diskTexts.get(file.path);
    if (known?.signature === signature) return known.text;
    let text: string;
    try {
      text = readRegularFileSync(this.absolute(file.path), MAX_COPIED_FILE_BYTES);
    } catch {
      return undefined;
    }
    this.diskTexts.set(file.path, { signature, text });
    return text;
  }

  /**
   * A chart's templates and helpers by their path in the chart, as the render reads them: the unsaved
   * text, else the file's text, read again only when its size or time changed.
   */
  private chartTexts(
    chart: string,
    listing: readonly ListedFile[],
    overlays: ReadonlyMap<string, string>,
  ): Map<string, string> {
    const prefix = chart === '.' ? '' : `${chart}/`;
    const texts = new Map<string, string>();
    for (const file of listing) {
      if (!/(^|\/)templates\/.*\.(ya?ml|tpl)$/.test(file.path) || !file.path.startsWith(prefix)) continue;
      const text = overlays.get(file.path) ?? this.diskText(file);
      if (text !== undefined) texts.set(file.path.slice(prefix.length), text);
    }
    return texts;
  }

  private templateCache(root: string): TemplateCache {
    let cache = this.templateCaches.get(root);
    if (!cache) {
      cache = new TemplateCache();
      this.templateCaches.set(root, cache);
    }
    cache.startRender();
    return cache;
  }

  /**
   * Parses the rendered documents as the analyzer will (its ParsedFile, kept for `apply`), reusing the
   * unit's last render's files whose text is the same.
   */
  private rendererParse(root: string): (virtualPath: string, text: string) => Document.Parsed | undefined {
    const last = this.parsedRendered.get(root) ?? new Map<string, ParsedFile>();
    const next = new Map<string, ParsedFile>();
    this.parsedRendered.set(root, next);
    return (virtualPath, text) => {
      const path = this.absolute(virtualPath);
      const known = last.get(path);
      const file = known && known.text === text ? known : parseFile(path, text);
      next.set(path, file);
      // A rendered document the analysis skips (template braces left in it) is still mapped.
      return file.documents[0]?.doc ?? (parseAllDocuments(text)[0] as Document.Parsed | undefined);
    };
  }

  /**
   * The temporary copy of a unit's files with the unsaved text in place of the files on disk: created on
   * the first render from unsaved text, then only the files whose size, time or unsaved text changed
   * are written again, and those that are gone removed.
   */
  private mirror(
    root: string,
    listing: readonly ListedFile[],
    overlays: ReadonlyMap<string, string>,
  ): string {
    let mirror = this.mirrors.get(root);
    if (!mirror) {
      mirror = { folder: mkdtempSync(join(tmpdir(), 'kube-maturity-unsaved-')), files: new Map() };
      this.mirrors.set(root, mirror);
    }
    const listed = new Set<string>();
    for (const file of listing) {
      listed.add(file.path);
      const overlay = overlays.get(file.path);
      const signature =
        overlay !== undefined
          ? `unsaved ${createHash('sha256').update(overlay).digest('hex')}`
          : `disk ${file.size} ${file.modified}`;
      if (mirror.files.get(file.path) === signature) continue;
      const to = join(mirror.folder, file.path);
      mkdirSync(dirname(to), { recursive: true });
      if (overlay !== undefined) writeFileSync(to, overlay);
      else copyFileSync(this.absolute(file.path), to);
      mirror.files.set(file.path, signature);
    }
    for (const path of [...mirror.files.keys()])
      if (!listed.has(path)) {
        rmSync(join(mirror.folder, path), { force: true });
        mirror.files.delete(path);
      }
    return mirror.folder;
  }

  /** The unit's copy is no longer needed (its files are saved): removed in the background. */
  private dropMirror(root: string): void {
    const mirror = this.mirrors.get(root);
    if (!mirror) return;
    this.mirrors.delete(root);
    rm(mirror.folder, { recursive: true, force: true }, () => undefined);
  }

  /** The regular files a render reads (links and special files never), relative to the folder, bounded. */
  private listFiles(target: UnitTarget): ListedFile[] {
    const files: ListedFile[] = [];
    const visit = (folder: string, recursive: boolean) => {
      let entries: Dirent[];
      try {
        entries = readdirSync(this.absolute(folder), { withFileTypes: true });
      } catch {
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (files.length >= MAX_LISTED_FILES) return;
        const path = folder === '.' ? entry.name : `${folder}/${entry.name}`;
        if (entry.isDirectory()) {
          if (recursive && entry.name !== '.git' && entry.name !== 'node_modules') visit(path, true);
        } else if (entry.isFile()) {
          const stat = lstatSync(this.absolute(path));
          if (stat.size <= MAX_COPIED_FILE_BYTES)
            files.push({ path, size: stat.size, modified: stat.mtimeMs });
        }
      }
    };
    for (const folder of target.folders) visit(folder, target.recursive);
    return files;
  }
}
