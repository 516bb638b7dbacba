import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { globMatcher } from '../glob';
import { SEVERITY_RANK, type Severity } from './control';
import { entries, nodeSpan, type YNode } from './nodes';
import { LineIndex, type Position } from './text';

export type SeveritySetting = Severity | 'off';

export interface FixDefaults {
  cpuRequest: string;
  memoryRequest: string;
  cpuLimit: string;
  memoryLimit: string;
  jobTtlSecondsAfterFinished: number;
  startingDeadlineSeconds: number;
  probeInitialDelaySeconds: number;
  probePeriodSeconds: number;
  hpaMinReplicas: number;
  hpaMaxReplicas: number;
  hpaCpuUtilization: number;
}

export interface Exemption {
  /** Control ids, or ["*"] for all. */
  controls: string[];
  /** Prefixes; every criterion given must match. */
  namespaces?: string[];
  names?: string[];
  containers?: string[];
  reason?: string;
}

export interface Settings {
  severities: Record<string, SeveritySetting>;
  exemptions: Exemption[];
  exclude: string[];
  /** Percentage of passed checks a stage needs to be met. */
  stageThreshold: number;
  /** The Kubernetes version manifests are checked against for deprecated and removed APIs ("1.33"). */
  kubernetesVersion?: string;
  fixDefaults: FixDefaults;
  /** How `--render` (and the editor, in a trusted workspace) renders each chart. */
  render: RenderSettings;
}

/** One chart's `helm template` inputs; paths are relative to the configuration file's folder. */
export interface ChartRenderSetting {
  path: string;
  release?: string;
  namespace?: string;
  /** Values files, later ones win (local files only: never a URL). */
  values: string[];
  set: Record<string, string>;
  kubeVersion?: string;
}

export interface RenderSettings {
  charts: ChartRenderSetting[];
}

export const DEFAULT_FIX_DEFAULTS: FixDefaults = {
  cpuRequest: '100m',
  memoryRequest: '128Mi',
  cpuLimit: '500m',
  memoryLimit: '256Mi',
  jobTtlSecondsAfterFinished: 86400,
  startingDeadlineSeconds: 200,
  probeInitialDelaySeconds: 10,
  probePeriodSeconds: 10,
  hpaMinReplicas: 2,
  hpaMaxReplicas: 5,
  hpaCpuUtilization: 80,
};

export function defaultSettings(): Settings {
  return {
    severities: {},
    exemptions: [],
    exclude: [],
    stageThreshold: 80,
    fixDefaults: { ...DEFAULT_FIX_DEFAULTS },
    render: { charts: [] },
  };
}

export const CONFIG_FILE_NAME = '.kube-maturity.yaml';

/** A Kubernetes resource quantity as fixes write it: `100m`, `0.5`, `128Mi`, `1G`. */
const QUANTITY = /^(?:\d{1,12}(?:\.\d{1,9})?|\.\d{1,9})(?:m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** The smallest value each numeric fix default may take (all are whole numbers). */
const FIX_DEFAULT_MINIMUM: Partial<Record<keyof FixDefaults, number>> = {
  jobTtlSecondsAfterFinished: 0,
  startingDeadlineSeconds: 1,
  probeInitialDelaySeconds: 0,
  probePeriodSeconds: 1,
  hpaMinReplicas: 1,
  hpaMaxReplicas: 1,
  hpaCpuUtilization: 1,
};
const FIX_DEFAULT_MAXIMUM = 1_000_000_000;

/** Why a fix default cannot be used, or undefined when it can: the same rule for the file and the editor. */
export function fixDefaultProblem(field: string, value: unknown): string | undefined {
  if (!(field in DEFAULT_FIX_DEFAULTS))
    return `unknown key "fixDefaults.${field}" (expected ${Object.keys(DEFAULT_FIX_DEFAULTS).join(', ')})`;
  const key = field as keyof FixDefaults;
  if (typeof DEFAULT_FIX_DEFAULTS[key] === 'string') {
    return typeof value === 'string' && QUANTITY.test(value)
      ? undefined
      : `fixDefaults.${field} must be a quantity such as 100m or 128Mi`;
  }
  const minimum = FIX_DEFAULT_MINIMUM[key] ?? 0;
  return typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= minimum &&
    value <= FIX_DEFAULT_MAXIMUM
    ? undefined
    : `fixDefaults.${field} must be a whole number from ${minimum} to ${FIX_DEFAULT_MAXIMUM}`;
}

/** A stage threshold is a finite percentage. */
export function isStageThreshold(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;
}

/** A configuration that cannot be used: the message names the file, the key and its position. */
export class ConfigError extends Error {
  constructor(
    message: string,
    /** Where in the configuration file (0-based, LSP style), when the problem has a place. */
    readonly position?: Position,
  ) {
    super(message);
  }
}

const SEVERITY_VALUES = ['off', 'info', 'warning', 'error'];

/**
 * Reads `.kube-maturity.yaml`. Every key is checked: an unknown key, a wrong type or an unknown control id
 * is a ConfigError naming the key, never silently ignored. Nothing in the file is executed.
 */
export function parseConfig(text: string, fileName: string, knownControls: ReadonlySet<string>): Settings {
  const lines = new LineIndex(text);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const positionOf = (node: unknown) => {
    const span = nodeSpan(node);
    return span ? lines.position(span[0]) : undefined;
  };
  const at = (position: Position | undefined) =>
    position ? `${fileName}:${position.line + 1}:${position.character + 1}` : fileName;
  const where = (node: unknown) => at(positionOf(node));
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const position = lines.position(error.pos[0]);
    throw new ConfigError(`${at(position)}: ${error.message.split('\n')[0]}`, position);
  }
  const settings = defaultSettings();
  const root = doc.contents as YNode | null;
  if (root === null || (isScalar(root) && root.value === null)) return settings;
  if (!isMap(root))
    throw new ConfigError(
      `${where(root)}: the configuration must be a mapping of settings`,
      positionOf(root),
    );

  const fail = (node: unknown, message: string): never => {
    throw new ConfigError(`${where(node)}: ${message}`, positionOf(node));
  };
  const stringList = (node: YNode | undefined, key: string): string[] => {
    if (!isSeq(node)) return fail(node, `${key} must be a list of strings`);
    return node.items.map((item) => {
      if (!isScalar(item) || typeof item.value !== 'string') return fail(item, `${key} must contain strings`);
      return item.value;
    });
  };
  const checkControl = (id: string, node: unknown) => {
    if (id !== '*' && !knownControls.has(id))
      fail(node, `unknown control "${id}" (see \`kube-maturity controls\`)`);
  };

  for (const [key, value, pair] of entries(root)) {
    switch (key) {
      case 'controls': {
        if (!isMap(value))
          fail(value ?? pair.key, 'controls must map control ids to off, info, warning or error');
        for (const [id, severity, controlPair] of entries(value)) {
          checkControl(id, controlPair.key);
          if (!isScalar(severity) || !SEVERITY_VALUES.includes(String(severity.value))) {
            fail(severity ?? controlPair.key, `controls.${id} must be one of ${SEVERITY_VALUES.join(', ')}`);
          }
          settings.severities[id] = String((severity as { value: unknown }).value) as SeveritySetting;
        }
        break;
      }
      case 'exemptions': {
        if (!isSeq(value)) fail(value ?? pair.key, 'exemptions must be a list');
        for (const item of (value as { items: unknown[] }).items) {
          if (!isMap(item)) fail(item, 'each exemption must be a mapping');
          const exemption: Exemption = { controls: [] };
          for (const [field, fieldValue, fieldPair] of entries(item)) {
            if (field === 'controls') {
              exemption.controls = stringList(fieldValue, 'exemptions[].controls');
              for (const id of exemption.controls) checkControl(id, fieldValue);
            } else if (field === 'namespaces' || field === 'names' || field === 'containers') {
              exemption[field] = stringList(fieldValue, `exemptions[].${field}`);
            } else if (field === 'reason') {
              if (!isScalar(fieldValue) || typeof fieldValue.value !== 'string')
                fail(fieldValue, 'reason must be a string');
              exemption.reason = (fieldValue as { value: string }).value;
            } else {
              fail(
                fieldPair.key,
                `unknown key "exemptions[].${field}" (expected controls, namespaces, names, containers, reason)`,
              );
            }
          }
          if (exemption.controls.length === 0) fail(item, 'an exemption needs controls (ids or "*")');
          settings.exemptions.push(exemption);
        }
        break;
      }
      case 'exclude':
        settings.exclude = stringList(value, 'exclude');
        for (const glob of settings.exclude) {
          if (glob.startsWith('/') || /(^|[\\/{,])\.\.($|[\\/},])/.test(glob)) {
            fail(value, `exclude globs are relative to the workspace: "${glob}" points outside it`);
          }
          try {
            globMatcher([glob]);
          } catch (error) {
            fail(value, `exclude: ${(error as Error).message}`);
          }
        }
        break;
      case 'stageThreshold': {
        const threshold = isScalar(value) ? value.value : undefined;
        if (!isStageThreshold(threshold)) {
          fail(value ?? pair.key, 'stageThreshold must be a number from 0 to 100 (a percentage)');
        }
        settings.stageThreshold = threshold as number;
        break;
      }
      case 'kubernetesVersion': {
        const version = isScalar(value) ? String(value.source ?? value.value) : '';
        if (!/^1\.\d+$/.test(version)) fail(value ?? pair.key, 'kubernetesVersion must look like "1.33"');
        settings.kubernetesVersion = version;
        break;
      }
      case 'fixDefaults': {
        if (!isMap(value)) fail(value ?? pair.key, 'fixDefaults must be a mapping');
        for (const [field, fieldValue, fieldPair] of entries(value)) {
          const actual = isScalar(fieldValue) ? fieldValue.value : undefined;
          const problem = fixDefaultProblem(field, actual);
          if (problem)
            fail(field in DEFAULT_FIX_DEFAULTS ? (fieldValue ?? fieldPair.key) : fieldPair.key, problem);
          (settings.fixDefaults as unknown as Record<string, unknown>)[field] = actual;
        }
        for (const [request, limit] of [
          ['cpuRequest', 'cpuLimit'],
          ['memoryRequest', 'memoryLimit'],
        ] as const) {
          const { [request]: requested, [limit]: limited } = settings.fixDefaults;
          if (quantityValue(requested) > quantityValue(limited))
            fail(
              value,
              `fixDefaults.${request} (${requested}) must not be above ${limit} (${limited}): the API server refuses such a container`,
            );
        }
        const { hpaMinReplicas, hpaMaxReplicas } = settings.fixDefaults;
        if (hpaMaxReplicas < hpaMinReplicas)
          fail(
            value,
            `fixDefaults.hpaMaxReplicas (${hpaMaxReplicas}) must not be below hpaMinReplicas (${hpaMinReplicas})`,
          );
        break;
      }
      case 'render':
        settings.render = parseRenderSettings(value ?? (pair.key as YNode), fail, stringList);
        break;
      default:
        fail(
          pair.key,
          `unknown key "${key}" (expected controls, exemptions, exclude, stageThreshold, kubernetesVersion, fixDefaults, render)`,
        );
    }
  }
  return settings;
}

/**
 * What an untrusted workspace's own configuration may change (restricted mode): it can add exemptions
 * (every exempt check stays listed, with its reason) and make controls stricter, but it cannot turn a
 * control off or down, exclude files, lower the stage threshold or choose the values fixes write. Returns
 * the settings to use and what was not applied, for the tree to say.
 */
export function restrictWorkspaceSettings(
  settings: Settings,
  defaultSeverity: (id: string) => SeveritySetting | undefined,
): { settings: Settings; notApplied: string[] } {
  const defaults = defaultSettings();
  const notApplied: string[] = [];
  const severities: Settings['severities'] = {};
  for (const [id, severity] of Object.entries(settings.severities)) {
    const current = defaultSeverity(id);
    if (current !== undefined && SEVERITY_RANK[severity] < SEVERITY_RANK[current])
      notApplied.push(`controls.${id}: ${severity}`);
    else severities[id] = severity;
  }
  if (settings.exclude.length > 0) notApplied.push(`exclude (${settings.exclude.length} glob(s))`);
  let { stageThreshold } = settings;
  if (stageThreshold < defaults.stageThreshold) {
    notApplied.push(`stageThreshold: ${stageThreshold}`);
    stageThreshold = defaults.stageThreshold;
  }
  const changedDefaults = Object.keys(settings.fixDefaults).filter(
    (key) =>
      settings.fixDefaults[key as keyof FixDefaults] !== defaults.fixDefaults[key as keyof FixDefaults],
  );
  if (changedDefaults.length > 0) notApplied.push(`fixDefaults (${changedDefaults.join(', ')})`);
  return {
    settings: { ...settings, severities, exclude: [], stageThreshold, fixDefaults: defaults.fixDefaults },
    notApplied,
  };
}

const QUANTITY_SUFFIX: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The value of a quantity as fixes write it (`500m`, `1.5`, `256Mi`), to compare two of them. */
export function quantityValue(quantity: string): number {
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(quantity);
  if (!match) return Number.NaN;
  return Number(match[1]) * (QUANTITY_SUFFIX[match[2]] ?? Number.NaN);
}

const DNS_NAME = /^[a-z0-9](?:[-a-z0-9]{0,51}[a-z0-9])?$/;

/** A relative path with `.` segments and repeated or trailing slashes removed (`..` kept). */
function normalizedPath(path: string): string {
  return path
    .split(/[\\/]+/)
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

/** True for an absolute path, a drive letter, or one whose `..` segments climb above where it starts. */
function pointsOutside(path: string): boolean {
  if (/^([\\/]|[A-Za-z]:)/.test(path)) return true;
  let depth = 0;
  for (const segment of normalizedPath(path).split('/')) {
    depth += segment === '..' ? -1 : 1;
    if (depth < 0) return true;
  }
  return false;
}

/** `render: { charts: [{ path, release?, namespace?, values?, set?, kubeVersion? }] }` */
function parseRenderSettings(
  node: YNode,
  fail: (node: unknown, message: string) => never,
  stringList: (node: YNode | undefined, key: string) => string[],
): RenderSettings {
  if (!isMap(node)) return fail(node, 'render must be a mapping (charts: …)');
  const render: RenderSettings = { charts: [] };
  for (const [key, value, pair] of entries(node)) {
    if (key !== 'charts') fail(pair.key, `unknown key "render.${key}" (expected charts)`);
    if (!isSeq(value)) return fail(value ?? pair.key, 'render.charts must be a list of charts');
    for (const item of value.items) {
      if (!isMap(item)) fail(item, 'a render.charts entry must be a mapping with a path');
      const chart: ChartRenderSetting = { path: '', values: [], set: {} };
      for (const [field, fieldValue, fieldPair] of entries(item)) {
        const text = () => {
          if (!isScalar(fieldValue) || typeof fieldValue.value !== 'string' || fieldValue.value === '')
            return fail(fieldValue ?? fieldPair.key, `render.charts[].${field} must be a non-empty string`);
          return fieldValue.value;
        };
        switch (field) {
          case 'path':
            chart.path = text();
            if (pointsOutside(chart.path))
              fail(
                fieldValue,
                `render.charts[].path is relative to the workspace: "${chart.path}" points outside it`,
              );
            break;
          case 'release':
          case 'namespace': {
            const name = text();
            if (!DNS_NAME.test(name))
              fail(
                fieldValue,
                `render.charts[].${field} must be a lowercase DNS name of at most 53 characters`,
              );
            chart[field] = name;
            break;
          }
          case 'values':
            chart.values = stringList(fieldValue, 'render.charts[].values');
            for (const [index, file] of chart.values.entries())
              if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file))
                fail(
                  isSeq(fieldValue) ? fieldValue.items[index] : fieldValue,
                  'render.charts[].values must be local files: a URL would need the network',
                );
              else if (pointsOutside(file))
                fail(
                  isSeq(fieldValue) ? fieldValue.items[index] : fieldValue,
                  `render.charts[].values are relative to the workspace: "${file}" points outside it`,
                );
            break;
          case 'set':
            if (!isMap(fieldValue))
              fail(fieldValue ?? fieldPair.key, 'render.charts[].set must map value paths to values');
            for (const [path, setValue] of entries(fieldValue)) {
              if (!isScalar(setValue) || setValue.value === null || typeof setValue.value === 'object')
                fail(setValue ?? fieldValue, `render.charts[].set.${path} must be a scalar`);
              chart.set[path] = String(setValue.value);
            }
            break;
          case 'kubeVersion': {
            const version = text();
            if (!/^v?1\.\d+(?:\.\d+)?$/.test(version))
              fail(fieldValue, 'render.charts[].kubeVersion must look like "1.33.0"');
            chart.kubeVersion = version;
            break;
          }
          default:
            fail(
              fieldPair.key,
              `unknown key "render.charts[].${field}" (expected path, release, namespace, values, set, kubeVersion)`,
            );
        }
      }
      if (chart.path === '') fail(item, 'a render.charts entry needs a path (the chart folder)');
      const folder = normalizedPath(chart.path);
      if (render.charts.some((earlier) => normalizedPath(earlier.path) === folder))
        fail(item, `render.charts names the chart "${chart.path}" twice`);
      render.charts.push(chart);
    }
  }
  return render;
}
