import { kustomizationRootOf } from './kustomize';
import { isCustomResource, type KubeObject } from './model';
import { get, items, str, stringRecord, text } from './nodes';
import { filePathOf, hasPodSpec, serviceSelectorOf, startOf } from './objectSummary';

/** A Kubernetes label selector (matchLabels and matchExpressions), read from YAML once. */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: Array<{ key: string; operator: string; values: string[] }>;
}

export function readLabelSelector(node: unknown): LabelSelector | undefined {
  if (node === undefined) return undefined;
  const matchExpressions = items(get(node, 'matchExpressions')).map((expression) => ({
    key: str(get(expression, 'key')) ?? '',
    operator: str(get(expression, 'operator')) ?? '',
    values: items(get(expression, 'values'))
      .map((value) => text(value))
      .filter((value): value is string => value !== undefined),
  }));
  return { matchLabels: stringRecord(get(node, 'matchLabels')), matchExpressions };
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values } of selector.matchExpressions) {
    const present = Object.hasOwn(labels, key);
    switch (operator) {
      case 'In':
        if (!present || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (present && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A Service-style selector: every key/value must be carried by the labels; an empty one selects nothing. */
export function mapSelectorMatches(
  selector: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  const pairs = Object.entries(selector);
  return pairs.length > 0 && pairs.every(([key, value]) => labels[key] === value);
}

export function formatLabels(labels: Record<string, string>): string {
  const pairs = Object.entries(labels);
  return pairs.length === 0 ? '(no labels)' : pairs.map(([key, value]) => `${key}=${value}`).join(',');
}

/**
 * What a check read from the index: `Kind|namespace`, `Kind|*`, `workload|namespace`, `template|namespace`
 * (pod templates for label matching), `custom|namespace` (custom resources), `object|…` (one object's
 * declarations), `*` for everything, or `Kind|#` for only how many objects of a kind there are (a check
 * that asked whether there is any).
 */
export type Dependency = string;

/** The dependency on how many objects of a kind the workspace holds. */
const NO_OBJECTS: readonly KubeObject[] = [];

export function countKeyOf(kind: string): Dependency {
  return `${kind}|#`;
}

type Keyed = Pick<KubeObject, 'kind' | 'group' | 'namespace' | 'name' | 'podSpec' | 'podTemplate'> & {
  generatedName?: boolean;
};

/**
 * What identifies an object in a cluster: kind and API group, namespace, name. Undefined for an object
 * without a name, or with a `generateName` (each one is a new object). It is also the dependency key of
 * the object's declarations (`object|…`).
 */
export function identityOf(object: Keyed): string | undefined {
  if (!object.name || object.generatedName) return undefined;
  let identity = identities.get(object);
  if (identity === undefined) {
    identity = `object|${object.kind}|${object.group}|${object.namespace}|${object.name}`;
    identities.set(object, identity);
  }
  return identity;
}

/** Identities, built once per object: the index is rebuilt on every run, its objects mostly are not. */
const identities = new WeakMap<object, string>();

/** The dependency keys an object's change touches: a check that read any of them must run again. */
export function dependencyKeysOf(object: Keyed): Dependency[] {
  const keys = [`${object.kind}|${object.namespace}`, `${object.kind}|*`, '*'];
  if (hasPodSpec(object as KubeObject)) keys.push(`workload|${object.namespace}`, 'workload|*');
  if (object.podTemplate) keys.push(`template|${object.namespace}`, 'template|*');
  if (isCustomResource(object)) keys.push(`custom|${object.namespace}`);
  const identity = identityOf(object);
  if (identity) keys.push(identity);
  return keys;
}

/** Declaration order: by file path, then position in the file. */
export function declarationOrder(a: KubeObject, b: KubeObject): number {
  const [pathA, pathB] = [filePathOf(a), filePathOf(b)];
  if (pathA !== pathB) return pathA < pathB ? -1 : 1;
  return startOf(a) - startOf(b);
}

/** The lookups of one workspace's objects, built once and shared by every check's view. */
class IndexTables {
  readonly byKind = new Map<string, KubeObject[]>();
  readonly byKindAndNamespace = new Map<string, KubeObject[]>();
  readonly workloadsByNamespace = new Map<string, KubeObject[]>();
  readonly allWorkloads: KubeObject[] = [];
  readonly templatesByNamespace = new Map<string, KubeObject[]>();
  readonly allTemplates: KubeObject[] = [];
  readonly customByNamespace = new Map<string, KubeObject[]>();
  readonly visible: KubeObject[] = [];
  /** Declarations of objects declared more than once, by identity (all kustomizations together). */
  readonly copies = new Map<string, KubeObject[]>();
  /** For each of those, its declarations in the same kustomization (or outside any), in declaration order. */
  readonly declarations = new Map<KubeObject, KubeObject[]>();
  /** Service selectors, read once. */
  readonly serviceSelectors = new WeakMap<KubeObject, Record<string, string>>();
  /** Per namespace, pod templates by each label they carry (`key\0value`), in their order; built when first asked. */
  private readonly templatesByLabel = new Map<string, Map<string, KubeObject[]>>();
  /** Per namespace, core Services by the first pair of their selector, with their place among the namespace's Services. */
  private readonly servicesByLabel = new Map<
    string,
    { byPair: Map<string, KubeObject[]>; order: Map<KubeObject, number> }
  >();
  constructor(all: readonly KubeObject[], kustomizationDirs: ReadonlySet<string>) {
    const first = new Map<string, KubeObject>();
    for (const object of all) {
      const identity = identityOf(object);
      if (identity !== undefined) {
        const earlier = first.get(identity);
        if (earlier === undefined) first.set(identity, object);
        else {
          const list = this.copies.get(identity);
          if (list) list.push(object);
          else this.copies.set(identity, [earlier, object]);
        }
      }
      this.add(object);
    }
    if (this.copies.size === 0) return;
    const hidden = new Set<KubeObject>();
    for (const list of this.copies.values()) {
      list.sort(declarationOrder);
      const byRoot = new Map<string, KubeObject[]>();
      for (const object of list) {
        const root = kustomizationRootOf(filePathOf(object), kustomizationDirs) ?? '';
        const group = byRoot.get(root);
        if (group) {
          group.push(object);
          hidden.add(object);
        } else byRoot.set(root, [object]);
      }
      for (const group of byRoot.values()) for (const object of group) this.declarations.set(object, group);
    }
    if (hidden.size === 0) return;
    // Rare: the lookups are built again without the copies.
    for (const map of [
      this.byKind,
      this.byKindAndNamespace,
      this.workloadsByNamespace,
      this.templatesByNamespace,
    ])
      map.clear();
    this.customByNamespace.clear();
    for (const list of [this.visible, this.allWorkloads, this.allTemplates]) list.length = 0;
    for (const object of all) if (!hidden.has(object)) this.add(object);
  }

  /** A Service's selector (spec.selector), read once. */
  serviceSelector(service: KubeObject): Record<string, string> {
    let selector = this.serviceSelectors.get(service);
    if (!selector) {
      selector = serviceSelectorOf(service);
      this.serviceSelectors.set(service, selector);
    }
    return selector;
  }

  /** The namespace's pod templates that carry the label `key: value`, in their order. */
  templatesLabelled(namespace: string, key: string, value: string): readonly KubeObject[] {
    let byPair = this.templatesByLabel.get(namespace);
    if (!byPair) {
      byPair = new Map();
      for (const template of this.templatesByNamespace.get(namespace) ?? [])
        for (const [labelKey, labelValue] of Object.entries(template.podTemplate?.labels ?? {}))
          push(byPair, pairKey(labelKey, labelValue), template);
      this.templatesByLabel.set(namespace, byPair);
    }
    return byPair.get(pairKey(key, value)) ?? NO_OBJECTS;
  }

  /** The namespace's core Services a selector of which could match these labels (its first pair is among them), in their order. */
  serviceCandidates(namespace: string, labels: Record<string, string>): KubeObject[] {
    let services = this.servicesByLabel.get(namespace);
    if (!services) {
      services = { byPair: new Map(), order: new Map() };
      const all = this.byKindAndNamespace.get(`Service|${namespace}`) ?? [];
      all.forEach((service, position) => {
        if (service.group !== '') return;
        const first = Object.entries(this.serviceSelector(service))[0];
        if (!first) return;
        services!.order.set(service, position);
        push(services!.byPair, pairKey(first[0], first[1]), service);
      });
      this.servicesByLabel.set(namespace, services);
    }
    const candidates: KubeObject[] = [];
    for (const [key, value] of Object.entries(labels))
      for (const service of services.byPair.get(pairKey(key, value)) ?? NO_OBJECTS) candidates.push(service);
    const { order } = services;
    return candidates.length < 2 ? candidates : candidates.sort((a, b) => order.get(a)! - order.get(b)!);
  }

  private add(object: KubeObject): void {
    this.visible.push(object);
    push(this.byKind, object.kind, object);
    push(this.byKindAndNamespace, `${object.kind}|${object.namespace}`, object);
    if (hasPodSpec(object)) {
      this.allWorkloads.push(object);
      push(this.workloadsByNamespace, object.namespace, object);
    }
    if (object.podTemplate) {
      this.allTemplates.push(object);
      push(this.templatesByNamespace, object.namespace, object);
    }
    if (isCustomResource(object)) push(this.customByNamespace, object.namespace, object);
  }
}

/**
 * All objects of a workspace (or of a CLI run), indexed by kind and namespace for cross-resource controls.
 * While a check runs, every lookup is recorded, so that a change re-runs only the checks that read it.
 *
 * An object declared more than once (the same kind and group, namespace and name) is one object in a
 * cluster: lookups see its first declaration only (by file path, then position), so that no control counts
 * it twice. Declarations in different kustomizations (the folders of `kustomizationDirs` with their
 * subfolders: a base, its overlays, sibling overlays) are different objects until kustomize builds them,
 * and are all seen; so are declarations outside any kustomization and inside one.
 */
export class ObjectIndex {
  /** Builds the lookups of a workspace's objects. */
  static of(
    all: readonly KubeObject[],
    /** Folders that hold a kustomization file (see kustomize.ts, readWorkspaceLayout). */
    kustomizationDirs: ReadonlySet<string> = new Set(),
  ): ObjectIndex {
    return new ObjectIndex(new IndexTables(all, kustomizationDirs));
  }

  private constructor(
    private readonly tables: IndexTables,
    /** What a check read through this view, so that a change to it re-runs the check. */
    private readonly reads?: Set<Dependency>,
  ) {}

  /** The same lookups, recording into `reads` what is read through them (one check's view). */
  recordingInto(reads: Set<Dependency>): ObjectIndex {
    return new ObjectIndex(this.tables, reads);
  }

  private record(dependency: Dependency): void {
    this.reads?.add(dependency);
  }

  /** Every object: a check that reads this depends on the whole workspace. */
  get objects(): readonly KubeObject[] {
    this.record('*');
    return this.tables.visible;
  }

  /** The objects of a kind: a check that reads them depends on every one of them. */
  ofKind(kind: string): readonly KubeObject[] {
    this.record(`${kind}|*`);
    return this.tables.byKind.get(kind) ?? NO_OBJECTS;
  }

  /**
   * How many objects of a kind there are: a check that asks only this depends on the count alone, so
   * editing one of them does not re-run it.
   */
  count(kind: string): number {
    this.record(countKeyOf(kind));
    return this.tables.byKind.get(kind)?.length ?? 0;
  }

  hasKind(kind: string, group?: string): boolean {
    return this.ofKind(kind).some((object) => group === undefined || object.group === group);
  }

  /** Objects of a kind in a namespace ('' is the unnamed namespace). */
  inNamespace(kind: string, namespace: string): KubeObject[] {
    this.record(`${kind}|${namespace}`);
    return this.tables.byKindAndNamespace.get(`${kind}|${namespace}`) ?? [];
  }

  /** Workloads with a pod spec (the objects the pod-spec and container controls check). */
  workloads(namespace?: string): KubeObject[] {
    this.record(`workload|${namespace ?? '*'}`);
    return namespace === undefined
      ? this.tables.allWorkloads
      : (this.tables.workloadsByNamespace.get(namespace) ?? []);
  }

  /**
   * Objects whose pods carry known labels, for label matching (`object.podTemplate`): workloads, with or
   * without a pod spec yet, and the custom resources whose pods an operator creates.
   */
  podTemplates(namespace?: string): KubeObject[] {
    this.record(`template|${namespace ?? '*'}`);
    return namespace === undefined
      ? this.tables.allTemplates
      : (this.tables.templatesByNamespace.get(namespace) ?? []);
  }

  /** Custom resources (objects of an API group that is not Kubernetes' own) in a namespace. */
  customResources(namespace: string): KubeObject[] {
    this.record(`custom|${namespace}`);
    return this.tables.customByNamespace.get(namespace) ?? [];
  }

  /**
   * Every declaration of this object in its kustomization (or outside any), in declaration order: the
   * object alone when it is declared once. The first is the one the other lookups see.
   */
  declarationsOf(object: KubeObject): readonly KubeObject[] {
    const identity = identityOf(object);
    if (identity) this.record(identity);
    return this.tables.declarations.get(object) ?? [object];
  }

  /** Whether another object has the same identity, in any kustomization (what the analyzer must re-check when it moves). */
  hasCopies(object: KubeObject): boolean {
    const identity = identityOf(object);
    return identity !== undefined && this.tables.copies.has(identity);
  }

  /**
   * What changes for other checks when the kustomizations change: which declaration of an object declared
   * more than once the lookups see.
   */
  copyDependencyKeys(): Dependency[] {
    const keys = new Set<Dependency>();
    for (const list of this.tables.copies.values()) {
      for (const object of list) for (const key of dependencyKeysOf(object)) keys.add(key);
      keys.add(countKeyOf(list[0].kind));
    }
    return [...keys];
  }

  /**
   * Services (core group) in the workload's namespace whose selector its pod template labels satisfy,
   * found through the labels (not by trying every Service of the namespace).
   */
  servicesSelecting(workload: KubeObject): KubeObject[] {
    const labels = workload.podTemplate?.labels ?? {};
    this.inNamespace('Service', workload.namespace);
    return this.tables
      .serviceCandidates(workload.namespace, labels)
      .filter((service) => mapSelectorMatches(this.tables.serviceSelector(service), labels));
  }

  /**
   * The pod templates of a namespace that a Service-style selector selects (every pair carried; an empty
   * selector selects nothing), in their order, found through the selector's rarest label.
   */
  podTemplatesSelectedBy(selector: Record<string, string>, namespace: string): KubeObject[] {
    this.podTemplates(namespace);
    let fewest: readonly KubeObject[] | undefined;
    for (const [key, value] of Object.entries(selector)) {
      const labelled = this.tables.templatesLabelled(namespace, key, value);
      if (!fewest || labelled.length < fewest.length) fewest = labelled;
    }
    return (fewest ?? NO_OBJECTS).filter((template) =>
      mapSelectorMatches(selector, template.podTemplate?.labels ?? {}),
    );
  }
}

function pairKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
