import { isAbsolute } from 'node:path';
import {
  type FixDefaults,
  fixDefaultProblem,
  isStageThreshold,
  type Settings,
  type SeveritySetting,
} from '../engine/config';
import type { MaturityModel } from '../engine/verdict';

export const DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024;

/** The `kubeMaturity.*` settings of one folder, cleaned: every value has its type or its default. */
export interface EditorSettings {
  severity: Record<string, SeveritySetting>;
  stageThreshold?: number;
  lens: MaturityModel;
  fixDefaults: Partial<FixDefaults>;
  exclude: string[];
  maxFileSize: number;
  kubernetesVersion?: string;
  /** Render charts and build kustomizations (trusted workspaces only). */
  render: boolean;
  /** Machine-scoped binaries for rendering; PATH is searched without them. */
  helmPath?: string;
  kustomizePath?: string;
}

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Cleans what `workspace/configuration` returned for `kubeMaturity`. A value of the wrong type is dropped
 * with a warning (the settings editor validates too, but settings.json can hold anything).
 */
export function cleanEditorSettings(
  raw: unknown,
  knownControls: ReadonlySet<string>,
  warn: (message: string) => void,
): EditorSettings {
  const settings: EditorSettings = {
    severity: {},
    lens: 'fairwinds',
    fixDefaults: {},
    exclude: [],
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    render: true,
  };
  if (!isRecord(raw)) return settings;
  if (isRecord(raw.severity)) {
    for (const [id, value] of Object.entries(raw.severity)) {
      if (!knownControls.has(id)) warn(`kubeMaturity.severity: unknown control "${id}"`);
      else if (typeof value !== 'string' || !SEVERITIES.has(value))
        warn(`kubeMaturity.severity.${id}: expected off, info, warning or error`);
      else settings.severity[id] = value as SeveritySetting;
    }
  }
  if (raw.stageThreshold !== null && raw.stageThreshold !== undefined) {
    if (isStageThreshold(raw.stageThreshold)) settings.stageThreshold = raw.stageThreshold;
    else warn('kubeMaturity.stageThreshold: expected a percentage from 0 to 100');
  }
  if (raw.lens === 'fairwinds' || raw.lens === 'cncf') settings.lens = raw.lens;
  else if (raw.lens !== undefined) warn('kubeMaturity.lens: expected fairwinds or cncf');
  if (isRecord(raw.fixDefaults)) {
    for (const [key, value] of Object.entries(raw.fixDefaults)) {
      const problem = fixDefaultProblem(key, value);
      if (problem) warn(`kubeMaturity.${problem}`);
      else (settings.fixDefaults as Record<string, unknown>)[key] = value;
    }
  }
  if (Array.isArray(raw.exclude))
    settings.exclude = raw.exclude.filter((glob): glob is string => typeof glob === 'string');
  if (typeof raw.maxFileSize === 'number' && raw.maxFileSize > 0) settings.maxFileSize = raw.maxFileSize;
  if (typeof raw.kubernetesVersion === 'string' && /^1\.\d+$/.test(raw.kubernetesVersion))
    settings.kubernetesVersion = raw.kubernetesVersion;
  if (isRecord(raw.render) && raw.render.enabled === false) settings.render = false;
  settings.helmPath = absolutePath(raw, 'helm', warn);
  settings.kustomizePath = absolutePath(raw, 'kustomize', warn);
  return settings;
}

/** `kubeMaturity.<tool>.path`: an absolute path, or nothing (PATH is searched). */
function absolutePath(
  raw: Record<string, unknown>,
  tool: 'helm' | 'kustomize',
  warn: (message: string) => void,
): string | undefined {
  const section = raw[tool];
  const path = isRecord(section) ? section.path : undefined;
  if (path === undefined || path === null || path === '') return undefined;
  if (typeof path === 'string' && isAbsolute(path)) return path;
  warn(`kubeMaturity.${tool}.path: expected an absolute path to the ${tool} binary`);
  return undefined;
}

/**
 * The engine settings of a folder: its `.kube-maturity.yaml` (the team's), with the editor settings a
 * person set on top (their own view: a severity, a threshold, fix defaults).
 */
export function mergeSettings(fromFile: Settings, editor: EditorSettings): Settings {
  return {
    ...fromFile,
    severities: { ...fromFile.severities, ...editor.severity },
    stageThreshold: editor.stageThreshold ?? fromFile.stageThreshold,
    kubernetesVersion: editor.kubernetesVersion ?? fromFile.kubernetesVersion,
    fixDefaults: { ...fromFile.fixDefaults, ...editor.fixDefaults },
    exclude: [...fromFile.exclude, ...editor.exclude],
  };
}
