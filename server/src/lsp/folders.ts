import { existsSync, realpathSync } from 'node:fs';
import { sep } from 'node:path';
import { allControls } from '../controls';
import { type AnalysisResult, Analyzer, type Finding, type ReportedProblem } from '../engine/analyze';
import { defaultSettings, type Settings } from '../engine/config';
import type { WorkspaceResult } from '../engine/workspace';
import { knownControls } from './controlCatalog';
import type { ConfigProblem } from './diagnostics';
import { FixPreview } from './fixes';
import { RenderedAnalysis } from './renderedResults';
import type { FolderRenders } from './renders';
import { cleanEditorSettings, type EditorSettings } from './settings';

/** One workspace folder (or, with path '', the files opened outside any folder). */
export interface Folder {
  uri: string;
  path: string;
  name: string;
  analyzer: Analyzer;
  settings: Settings;
  editor: EditorSettings;
  configError?: ConfigProblem;
  isExcluded: (path: string) => boolean;
  /** Restricted mode: what the workspace's configuration asked for and was not applied. */
  notApplied: string[];
  /** The globs behind `isExcluded`, to see what a settings change uncovers. */
  excludes: string[];
  /** True once the initial scan ran: later exclude changes rescan what they uncover. */
  scanned?: boolean;
  /** The analyzer's last result. */
  analysis?: AnalysisResult;
  /** That result as the views show it: with rendered findings put back on their files. */
  result?: AnalysisResult;
  /** The folder's charts and Kustomize roots, rendered (a workspace folder's only). */
  renders?: FolderRenders;
  summary?: WorkspaceResult;
  /** Fix-all previews of `analyzer`: dropped whenever the analyzer is replaced. */
  fixPreview?: FixPreview;
  /** Which files its analyzers keep parsed (the open ones): the others are held as text. */
  keepParsed: (path: string) => boolean;
}

/** The analyzer of a folder's settings, as the editor needs it (fixes computed when first read). */
export function newAnalyzer(settings: Settings, keepParsed?: (path: string) => boolean): Analyzer {
  return new Analyzer(settings, allControls, { lazyFixes: true, keepParsed });
}

export function createFolder(
  uri: string,
  path: string,
  name: string,
  keepParsed: (path: string) => boolean = () => true,
): Folder {
  const settings = defaultSettings();
  return {
    uri,
    path,
    name,
    keepParsed,
    analyzer: newAnalyzer(settings, keepParsed),
    settings,
    editor: cleanEditorSettings(undefined, knownControls, () => undefined),
    isExcluded: () => false,
    excludes: [],
    notApplied: [],
  };
}

/** A file's findings in the folder's current result: its own, and those of renders put back on it. */
export function findingsOf(folder: Folder, path: string): Finding[] {
  return folder.result instanceof RenderedAnalysis
    ? folder.result.findingsOf(path)
    : folder.analyzer.findingsOf(path);
}

/** A file's problems in the folder's current result, render problems included. */
export function problemsOf(folder: Folder, path: string): ReportedProblem[] {
  return folder.result instanceof RenderedAnalysis
    ? folder.result.problemsOf(path)
    : folder.analyzer.problemsOf(path);
}

/** Why a chart or kustomization of the file was not rendered. */
export function renderNoticesOf(folder: Folder, path: string): readonly string[] {
  return folder.result instanceof RenderedAnalysis ? folder.result.noticesOf(path) : [];
}

/** The charts and kustomizations the folder's views list as not rendered, with why. */
export function notRenderedOf(folder: Folder): string[] {
  return folder.result instanceof RenderedAnalysis ? folder.result.allNotices() : [];
}

export function fixPreviewOf(folder: Folder): FixPreview {
  folder.fixPreview ??= new FixPreview(folder.analyzer, newAnalyzer(folder.settings, folder.keepParsed));
  return folder.fixPreview;
}

/** True when the path is the folder's or lies below it (as written: links are not resolved). */
export function isUnder(folder: Folder, path: string): boolean {
  return path === folder.path || path.startsWith(folder.path.endsWith(sep) ? folder.path : folder.path + sep);
}

/** True when a path, with every link resolved, lies inside the folder (resolved too). */
export function insideFolder(folder: Folder, path: string): boolean {
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

/** A file's path as the folder's views show it: relative to the folder, with `/`. */
export function displayPathOf(folder: Folder, file: string): string {
  return folder.path && file.startsWith(folder.path)
    ? file
        .slice(folder.path.length + 1)
        .split(sep)
        .join('/')
    : file;
}
