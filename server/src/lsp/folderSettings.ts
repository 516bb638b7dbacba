import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONFIG_FILE_NAME,
  ConfigError,
  defaultSettings,
  parseConfig,
  restrictWorkspaceSettings,
  type Settings,
} from '../engine/config';
import { excludeMatcher, readRegularFileSync } from '../workspaceFiles';
import { controlOf, knownControls } from './controlCatalog';
import type { ConfigProblem } from './diagnostics';
import { type Folder, insideFolder, newAnalyzer } from './folders';
import { cleanEditorSettings, mergeSettings } from './settings';

/** A folder's `.kube-maturity.yaml`: the defaults when it has none, or when it cannot be used (the problem). */
export interface ConfigFile {
  settings: Settings;
  /** Where the file is, when there is one: its diagnostics are published there. */
  path?: string;
  problem?: ConfigProblem;
}

export function readConfigFile(folder: Folder): ConfigFile {
  const path = folder.path ? join(folder.path, CONFIG_FILE_NAME) : '';
  if (!path || !existsSync(path)) return { settings: defaultSettings() };
  try {
    if (!insideFolder(folder, path)) throw new Error('it links outside the workspace folder');
    return { settings: parseConfig(readRegularFileSync(path), CONFIG_FILE_NAME, knownControls), path };
  } catch (error) {
    const message =
      error instanceof ConfigError
        ? error.message
        : `cannot read ${CONFIG_FILE_NAME}: ${(error as Error).message}`;
    const position = error instanceof ConfigError ? error.position : undefined;
    const range = position && {
      start: position,
      end: { line: position.line, character: position.character + 1 },
    };
    return { settings: defaultSettings(), path, problem: { message, range } };
  }
}

export interface FolderSettingsSources {
  fromFile: Settings;
  /** What the client answered for the `kubeMaturity` section: anything, it is cleaned. */
  editorSettings: unknown;
  /** What the client answered for `files.exclude`. */
  filesExclude: unknown;
  trusted: boolean;
  warn: (message: string) => void;
  /** Open documents stay in the analyzer even when the settings exclude them. */
  isOpen: (path: string) => boolean;
}

/**
 * Gives a folder its settings: its `.kube-maturity.yaml` with the editor settings on top (restricted in an
 * untrusted workspace), its excludes, and an analyzer of those settings holding the files it held but the
 * newly excluded ones. True when a glob was taken away: its files are to be read again.
 */
export function applyFolderSettings(folder: Folder, sources: FolderSettingsSources): boolean {
  let { fromFile, filesExclude } = sources;
  folder.editor = cleanEditorSettings(sources.editorSettings, knownControls, sources.warn);
  folder.notApplied = [];
  if (!sources.trusted) {
    // Restricted mode: the workspace's own configuration cannot hide findings (controls.md, README).
    const restricted = restrictWorkspaceSettings(fromFile, (id) => controlOf(id)?.meta.severity);
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
  folder.analyzer = newAnalyzer(folder.settings, folder.keepParsed);
  folder.fixPreview = undefined;
  for (const path of previous.filePaths) {
    const file = previous.getFile(path)!;
    if (!folder.isExcluded(path) || sources.isOpen(path)) folder.analyzer.setFile(file);
  }
  folder.result = undefined;
  return uncovers;
}
