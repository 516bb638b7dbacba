/**
 * The files of a workspace as the analyzer sees them: their objects, which files kustomizations apply as
 * patches (partial objects, skipped with the reason), and what changed since the last run.
 */
import { DormantFile, dormantOf } from './dormantFiles';
import { changesLayout, readWorkspaceLayout, sameFolders } from './kustomize';
import { extractObjects, type KubeObject } from './model';
import type { ParsedFile } from './parse';
import { isRenderedDocumentPath, type ReportedProblem, reportedProblem } from './result';

/** Paths in the order an analysis reports files: by code unit. */
export function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What changed since the last run: files with their objects before the change, and the kustomizations. */
export interface FileChanges {
  files: ReadonlyMap<string, KubeObject[]>;
  kustomizationDirsChanged: boolean;
}

export class FileSet {
  private readonly files = new Map<string, ParsedFile>();
  private readonly patches = new Map<string, string>();
  /** Files a render stands for (a chart's templates, a built kustomization's bases): held, not analysed. */
  private renderedAway: ReadonlyMap<string, string> = new Map();
  private kustomizationsChanged = false;
  /** Folders holding a kustomization: declarations in different ones are different objects (ObjectIndex). */
  private dirs: ReadonlySet<string> = new Set();
  private dirsChanged = false;
  private readonly objectsByFile = new Map<string, KubeObject[]>();
  private pending = new Map<string, KubeObject[]>();
  private orderedPathsCache?: string[];

  /** A shard of a parallel run: the kustomizations and paths of the workspace's other files. */
  private otherKustomizations: readonly ParsedFile[] = [];
  private otherPaths: readonly string[] = [];
  /** Files held as text (dormantFiles.ts), and those whose parse is held until the next `release`. */
  private readonly dormant = new Map<string, DormantFile>();
  private held: DormantFile[] = [];

  /**
   * `keepParsed`, when given, says which files stay parsed (the editor's open ones): the others are held
   * as text, their objects as summaries whose nodes are parsed again when read. A kustomization (the
   * layout reads it on every change) and a rendered document always stay parsed.
   */
  constructor(private readonly keepParsed?: (path: string) => boolean) {}

  setOthers(kustomizations: readonly ParsedFile[], paths: readonly string[]): void {
    this.otherKustomizations = kustomizations;
    this.otherPaths = paths;
    this.kustomizationsChanged = true;
  }

  set(file: ParsedFile): void {
    if (!this.files.has(file.path)) this.orderedPathsCache = undefined;
    this.markChanged(file.path);
    if (!this.files.has(file.path) || changesLayout(file.path)) this.kustomizationsChanged = true;
    this.dormant.delete(file.path);
    this.files.set(file.path, this.holdingOf(file));
    this.objectsByFile.set(file.path, this.objectsFor(file));
  }

  /** The file as this set holds it: as text when it may be, else parsed (a text-only file's parse taken back). */
  private holdingOf(file: ParsedFile): ParsedFile {
    const { path } = file;
    const dormantAlready = dormantOf(file);
    const mayBeDormant =
      this.keepParsed !== undefined &&
      !this.keepParsed(path) &&
      file.skipped === undefined &&
      !changesLayout(path) &&
      !isRenderedDocumentPath(path);
    if (!mayBeDormant) return dormantAlready ? dormantAlready.parse().file : file;
    const dormant = dormantAlready ?? new DormantFile(file, extractObjects(file));
    this.dormant.set(path, dormant);
    if (!dormantAlready) this.held.push(dormant);
    return dormant.file;
  }

  /** The objects the next run checks of a file: none when it is skipped. */
  private objectsFor(file: ParsedFile): KubeObject[] {
    if (this.skipReason(file)) return [];
    const dormant = this.dormant.get(file.path);
    return dormant ? [...dormant.objects] : extractObjects(file);
  }

  /** After a run: the parses of the text-only files it read are held no longer. */
  release(): void {
    for (const dormant of this.held) dormant.release();
    this.held = [];
  }

  /**
   * The files whose objects a render stands for, with the reason each is not analysed itself; the files
   * that leave or join the set are analysed again.
   */
  setRenderedAway(reasons: ReadonlyMap<string, string>): void {
    const before = this.renderedAway;
    this.renderedAway = reasons;
    for (const path of new Set([...before.keys(), ...reasons.keys()])) {
      const file = this.files.get(path);
      if (!file || before.get(path) === reasons.get(path)) continue;
      this.markChanged(path);
      this.objectsByFile.set(path, this.objectsFor(file));
    }
  }

  /** Whether the file was there. */
  remove(path: string): boolean {
    if (!this.files.has(path)) return false;
    this.markChanged(path);
    this.orderedPathsCache = undefined;
    this.files.delete(path);
    this.dormant.delete(path);
    this.objectsByFile.delete(path);
    this.patches.delete(path);
    if (changesLayout(path)) this.kustomizationsChanged = true;
    return true;
  }

  get(path: string): ParsedFile | undefined {
    return this.files.get(path);
  }

  get paths(): string[] {
    return [...this.files.keys()];
  }

  /**
   * The paths in order: objects, anchors, name lists and reports follow it, so that the result never
   * depends on the order files were added in (an editor's history) and equals a fresh analysis.
   */
  orderedPaths(): string[] {
    this.orderedPathsCache ??= [...this.files.keys()].sort(byPath);
    return this.orderedPathsCache;
  }

  objectsOf(path: string): KubeObject[] | undefined {
    return this.objectsByFile.get(path);
  }

  /** Every object, in path order. */
  objects(): KubeObject[] {
    const objects: KubeObject[] = [];
    for (const path of this.orderedPaths())
      for (const object of this.objectsByFile.get(path) ?? []) objects.push(object);
    return objects;
  }

  get kustomizationDirs(): ReadonlySet<string> {
    return this.dirs;
  }

  /** Files with at least one Kubernetes object. */
  get manifestFileCount(): number {
    let count = 0;
    for (const objects of this.objectsByFile.values()) if (objects.length > 0) count++;
    return count;
  }

  /** Why a file is not analysed (a Helm template, a generated file, a Kustomize patch), if it is not. */
  skipReason(file: ParsedFile): string | undefined {
    return this.renderedAway.get(file.path) ?? file.skipped ?? this.patches.get(file.path);
  }

  /** A copy of the patches, for a result that later changes must not reach. */
  /** Why each file is skipped that the files themselves do not say (patches, rendered files), for a result that later changes must not reach. */
  skipReasonsSnapshot(): ReadonlyMap<string, string> {
    const reasons = new Map<string, string>();
    for (const path of [...this.patches.keys(), ...this.renderedAway.keys()]) {
      const file = this.files.get(path);
      const reason = file && this.skipReason(file);
      if (reason) reasons.set(path, reason);
    }
    return reasons;
  }

  /** The problems of one file (syntax errors, wrong types); none for skipped files. */
  problemsOf(path: string): ReportedProblem[] {
    const file = this.files.get(path);
    if (!file || this.skipReason(file)) return [];
    return file.problems.map((problem) => reportedProblem(file, problem));
  }

  /** Brings the Kustomize patches up to date, then hands over what changed since the last call. */
  takeChanges(): FileChanges {
    this.refreshKustomizePatches();
    const changes = { files: this.pending, kustomizationDirsChanged: this.dirsChanged };
    this.pending = new Map();
    this.dirsChanged = false;
    return changes;
  }

  private markChanged(path: string): void {
    if (!this.pending.has(path)) this.pending.set(path, this.objectsByFile.get(path) ?? []);
  }

  /** Marks the files kustomizations apply as patches (and unmarks the ones they no longer do). */
  refreshKustomizePatches(): void {
    if (!this.kustomizationsChanged) return;
    this.kustomizationsChanged = false;
    const layout = readWorkspaceLayout(
      [...this.files.values(), ...this.otherKustomizations],
      this.otherPaths,
    );
    if (!sameFolders(layout.kustomizationDirs, this.dirs)) {
      this.dirs = layout.kustomizationDirs;
      this.dirsChanged = true;
    }
    for (const [path, file] of this.files) {
      const reason = layout.skipped.get(path);
      if (reason === this.patches.get(path) || file.skipped) continue;
      this.markChanged(path);
      if (reason) this.patches.set(path, reason);
      else this.patches.delete(path);
      this.objectsByFile.set(path, this.objectsFor(file));
    }
  }
}
