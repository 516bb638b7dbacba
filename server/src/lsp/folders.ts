import { existsSync, realpathSync } from 'node:fs';
import { sep } from 'node:path';
import { allControls } from '../controls';
import { type AnalysisResult, Analyzer } from '../engine/analyze';
import { defaultSettings, type Settings } from '../engine/config';
import type { WorkspaceResult } from '../engine/workspace';
import { knownControls } from './controlCatalog';
import type { ConfigProblem } from './diagnostics';
import { FixPreview } from './fixes';
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
  result?: AnalysisResult;
  summary?: WorkspaceResult;
  /** Fix-all previews of `analyzer`: dropped whenever the analyzer is replaced. */
  fixPreview?: FixPreview;
}

/** The analyzer of a folder's settings, as the editor needs it (fixes computed when first read). */
export function newAnalyzer(settings: Settings): Analyzer {
  return new Analyzer(settings, allControls, { lazyFixes: true });
}

export function createFolder(uri: string, path: string, name: string): Folder {
  const settings = defaultSettings();
  return {
    uri,
    path,
    name,
    analyzer: newAnalyzer(settings),
    settings,
    editor: cleanEditorSettings(undefined, knownControls, () => undefined),
    isExcluded: () => false,
    excludes: [],
    notApplied: [],
  };
}

export function fixPreviewOf(folder: Folder): FixPreview {
  folder.fixPreview ??= new FixPreview(folder.analyzer, newAnalyzer(folder.settings));
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
