import type { YAMLMap } from 'yaml';
import type { Settings } from './config';
import type { Fixer } from './fixer';
import type { ContainerKind, ContainerRef, KubeObject, PodSpecRef } from './model';
import { getPair, keySpan, nodeSpan, pairSpan, type YPair } from './nodes';
import type { ObjectIndex } from './objectIndex';

export type Stage = 2 | 3 | 4 | 5 | 6 | 7;
export type Category = 'security' | 'reliability' | 'efficiency' | 'operations';
export type Severity = 'error' | 'warning' | 'info';

/** The one ranking of severities (and of `off`, below them all): higher is more severe. */
export const SEVERITY_RANK: Readonly<Record<Severity | 'off', number>> = {
  off: 0,
  info: 1,
  warning: 2,
  error: 3,
};

/** The most severe of some severities, or undefined when there are none. */
export function mostSevere(severities: Iterable<Severity>): Severity | undefined {
  let result: Severity | undefined;
  for (const severity of severities) {
    if (!result || SEVERITY_RANK[severity] > SEVERITY_RANK[result]) result = severity;
  }
  return result;
}
/**
 * What a fix does to the running workload (controls.md, "Fix safety"): `safe` cannot change what runs or
 * how (applied unattended); `review` is correct but changes behaviour (applied only when asked for);
 * `draft` writes a new object or a value a person must choose (never applied by the CLI).
 */
export type FixClass = 'safe' | 'review' | 'draft';
export const FIX_CLASSES: readonly FixClass[] = ['safe', 'review', 'draft'];
export type FixKind = FixClass | 'none';

/** The stricter of two classes: a fix that overrides an explicit value is at least review. */
export function stricterClass(a: FixClass, b: FixClass): FixClass {
  return FIX_CLASSES.indexOf(a) >= FIX_CLASSES.indexOf(b) ? a : b;
}
/** What one check of the control is evaluated on. */
export type Scope = 'container' | 'podSpec' | 'object' | 'namespace' | 'workspace';

export interface PeerAliases {
  polaris?: string[];
  kubeLinter?: string[];
  kubeScore?: string[];
}

export interface ControlMeta<S extends Scope = Scope> {
  id: string;
  stage: Stage;
  category: Category;
  severity: Severity;
  title: string;
  /** Why it matters, for hover and docs. */
  description: string;
  /** What to do, and what the fix does when there is one. */
  remediation: string;
  peers: PeerAliases;
  fix: FixKind;
  /** What applying the fix changes at run time (docs page, hover); required when there is a fix. */
  fixEffect?: string;
  scope: S;
  /** Container scope: which lists of the pod spec are checked (default: containers only). */
  containerKinds?: ContainerKind[];
  /** Object scope: the kinds the control applies to. */
  kinds?: string[];
}

/** Byte offsets [start, end) in the file's text. */
export type Span = [number, number];

interface ReportFields {
  /** What is wrong, without the subject: "no livenessProbe". The engine names the object and container. */
  message: string;
  /** Where to put the finding; defaults to the unit's anchor (the container's name, the object's name…). */
  at?: Span;
  /** Overrides the control's severity for this finding (for example an API already removed). */
  severity?: Severity;
}

/**
 * What a check reports. `data` is what its control's `fix` needs to repair this finding, of the type the
 * fix declares: required when that type does not admit undefined.
 */
export type Report<D = unknown> = ReportFields & (undefined extends D ? { data?: D } : { data: D });

/** Returned by `check` when the control does not apply to this unit: no check is counted. */
export const NOT_APPLICABLE = Symbol('not applicable');
export type CheckResult = void | typeof NOT_APPLICABLE;

interface BaseContext<D = undefined> {
  index: ObjectIndex;
  settings: Settings;
  report(report: Report<D>): void;
}

export interface ObjectContext<D = undefined> extends BaseContext<D> {
  object: KubeObject;
}

export interface PodSpecContext<D = undefined> extends ObjectContext<D> {
  podSpec: PodSpecRef;
}

export interface ContainerContext<D = undefined> extends PodSpecContext<D> {
  container: ContainerRef;
}

/** What a container check reads, without its report sink: for helpers shared by controls whatever their data. */
export type ContainerFields = Omit<ContainerContext, 'report'>;

export interface NamespaceContext<D = undefined> extends BaseContext<D> {
  namespace: string;
  /** The workloads of the namespace; the first one anchors the finding when no Namespace object exists. */
  workloads: KubeObject[];
  /** The object a finding is attached to (the Namespace object, or the namespace's first workload). */
  object: KubeObject;
}

export type WorkspaceContext<D = undefined> = BaseContext<D>;

export interface ContextFor<D = undefined> {
  container: ContainerContext<D>;
  podSpec: PodSpecContext<D>;
  object: ObjectContext<D>;
  namespace: NamespaceContext<D>;
  workspace: WorkspaceContext<D>;
}

/** A control: `D` is the data its check reports for its fix (declared by the fix's `data` parameter). */
export interface Control<S extends Scope = Scope, D = undefined> {
  meta: ControlMeta<S>;
  check(context: ContextFor<D>[S]): CheckResult;
  /** Builds the fix of one finding, with the data the check reported; leaving the fixer empty offers none. */
  fix?(context: ContextFor<D>[S], fixer: Fixer, data: D): void;
}

export function defineControl<S extends Scope, D = undefined>(control: Control<S, D>): Control<S, D> {
  return control;
}

/**
 * A control of scope S, whatever data its check hands its fix: the engine passes the context it built for
 * the scope and the data the check reported, without reading that data.
 */
interface ControlOfScope<S extends Scope> {
  meta: ControlMeta<S>;
  check(context: never): CheckResult;
  fix?(context: never, fixer: Fixer, data: never): void;
}

export type AnyControl =
  | ControlOfScope<'container'>
  | ControlOfScope<'podSpec'>
  | ControlOfScope<'object'>
  | ControlOfScope<'namespace'>
  | ControlOfScope<'workspace'>;

/** The span of a key and its scalar value, or of the key alone when the value is a block. */
export function spanOfKey(map: YAMLMap | undefined, key: string): Span | undefined {
  const pair = getPair(map, key);
  return pair ? anchorSpanOfPair(pair) : undefined;
}

export function anchorSpanOfPair(pair: YPair): Span | undefined {
  const value = pair.value as { items?: unknown } | null;
  if (value && typeof value === 'object' && 'items' in value) return keySpan(pair);
  return pairSpan(pair);
}

export function spanOf(node: unknown): Span | undefined {
  return nodeSpan(node);
}
