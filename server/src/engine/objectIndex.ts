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

/** All objects of a workspace (or of a CLI run), indexed by kind and namespace for cross-resource controls. */
export class ObjectIndex {
  private readonly byKind = new Map<string, KubeObject[]>();

  constructor(readonly objects: readonly KubeObject[]) {
    for (const object of objects) {
      const list = this.byKind.get(object.kind);
      if (list) list.push(object);
      else this.byKind.set(object.kind, [object]);
    }
  }

  ofKind(kind: string): KubeObject[] {
    return this.byKind.get(kind) ?? [];
  }

  hasKind(kind: string, group?: string): boolean {
    return this.ofKind(kind).some((object) => group === undefined || object.group === group);
  }

  /** Objects of a kind in a namespace ('' is the unnamed namespace). */
  inNamespace(kind: string, namespace: string): KubeObject[] {
    return this.ofKind(kind).filter((object) => object.namespace === namespace);
  }

  workloads(namespace?: string): KubeObject[] {
    return this.objects.filter(
      (object) => object.podSpec !== undefined && (namespace === undefined || object.namespace === namespace),
    );
  }

  /** Services in the workload's namespace whose selector its pod template labels satisfy. */
  servicesSelecting(workload: KubeObject): KubeObject[] {
    const labels = workload.podSpec?.templateLabels ?? {};
    return this.inNamespace('Service', workload.namespace).filter((service) =>
      mapSelectorMatches(stringRecord(get(get(service.node, 'spec'), 'selector')), labels),
    );
  }
}
