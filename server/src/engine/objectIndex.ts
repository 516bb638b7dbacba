import type { KubeObject } from './model';
import { get, items, str, stringRecord, text } from './nodes';

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
 * What a check read from the index: `Kind|namespace`, `Kind|*`, `workload|namespace`, `*` for everything,
 * or `Kind|#` for only how many objects of a kind there are (a check that asked whether there is any).
 */
export type Dependency = string;

/** The dependency on how many objects of a kind the workspace holds. */
export function countKeyOf(kind: string): Dependency {
  return `${kind}|#`;
}

/** The dependency keys an object's change touches: a check that read any of them must run again. */
export function dependencyKeysOf(object: Pick<KubeObject, 'kind' | 'namespace' | 'podSpec'>): Dependency[] {
  const keys = [`${object.kind}|${object.namespace}`, `${object.kind}|*`, '*'];
  if (object.podSpec) keys.push(`workload|${object.namespace}`, 'workload|*');
  return keys;
}

/**
 * All objects of a workspace (or of a CLI run), indexed by kind and namespace for cross-resource controls.
 * While a check runs, every lookup is recorded, so that a change re-runs only the checks that read it.
 */
export class ObjectIndex {
  private readonly byKind = new Map<string, KubeObject[]>();
  private readonly byKindAndNamespace = new Map<string, KubeObject[]>();
  private readonly workloadsByNamespace = new Map<string, KubeObject[]>();
  private readonly allWorkloads: KubeObject[] = [];
  /** Service selectors, read once. */
  private readonly serviceSelectors = new WeakMap<KubeObject, Record<string, string>>();
  /** Set by the analyzer around one check. */
  recorder: Set<Dependency> | undefined;

  constructor(private readonly all: readonly KubeObject[]) {
    for (const object of all) {
      push(this.byKind, object.kind, object);
      push(this.byKindAndNamespace, `${object.kind}|${object.namespace}`, object);
      if (object.podSpec) {
        this.allWorkloads.push(object);
        push(this.workloadsByNamespace, object.namespace, object);
      }
    }
  }

  private record(dependency: Dependency): void {
    this.recorder?.add(dependency);
  }

  /** Every object: a check that reads this depends on the whole workspace. */
  get objects(): readonly KubeObject[] {
    this.record('*');
    return this.all;
  }

  ofKind(kind: string): KubeObject[] {
    const list = this.byKind.get(kind) ?? [];
    if (!this.recorder) return list;
    // A check that only asks how many there are (`ofKind(kind).length === 0`) depends on the count alone:
    // editing one of them does not change what it saw.
    const index = this;
    return new Proxy(list, {
      get(target, property, receiver) {
        index.record(property === 'length' ? countKeyOf(kind) : `${kind}|*`);
        return Reflect.get(target, property, receiver);
      },
      has(target, property) {
        index.record(`${kind}|*`);
        return Reflect.has(target, property);
      },
      ownKeys(target) {
        index.record(`${kind}|*`);
        return Reflect.ownKeys(target);
      },
      getOwnPropertyDescriptor(target, property) {
        index.record(`${kind}|*`);
        return Reflect.getOwnPropertyDescriptor(target, property);
      },
    });
  }

  hasKind(kind: string, group?: string): boolean {
    return this.ofKind(kind).some((object) => group === undefined || object.group === group);
  }

  /** Objects of a kind in a namespace ('' is the unnamed namespace). */
  inNamespace(kind: string, namespace: string): KubeObject[] {
    this.record(`${kind}|${namespace}`);
    return this.byKindAndNamespace.get(`${kind}|${namespace}`) ?? [];
  }

  workloads(namespace?: string): KubeObject[] {
    this.record(`workload|${namespace ?? '*'}`);
    return namespace === undefined ? this.allWorkloads : (this.workloadsByNamespace.get(namespace) ?? []);
  }

  /** Services in the workload's namespace whose selector its pod template labels satisfy. */
  servicesSelecting(workload: KubeObject): KubeObject[] {
    const labels = workload.podSpec?.templateLabels ?? {};
    return this.inNamespace('Service', workload.namespace).filter((service) => {
      let selector = this.serviceSelectors.get(service);
      if (!selector) {
        selector = stringRecord(get(get(service.node, 'spec'), 'selector'));
        this.serviceSelectors.set(service, selector);
      }
      return mapSelectorMatches(selector, labels);
    });
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
