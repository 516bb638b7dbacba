import type { YAMLMap } from 'yaml';
import type { ContainerFields, Span } from '../../engine/control';
import { spanOfKey } from '../../engine/control';
import type { Fixer, FixValue } from '../../engine/fixer';
import { asMap, asSeq, bool, get, getPair, isNullish, items, text, type YNode } from '../../engine/nodes';

/** The container's own securityContext, when it is a mapping. */
export function containerSecurityContext(context: ContainerFields): YAMLMap | undefined {
  return asMap(get(context.container.node, 'securityContext'));
}

/** The pod-level securityContext, when it is a mapping. */
export function podSecurityContext(context: ContainerFields): YAMLMap | undefined {
  return asMap(get(context.podSpec.node, 'securityContext'));
}

export interface EffectiveSetting {
  /** Where the value that applies to the container is written. */
  level: 'container' | 'pod';
  /** The securityContext mapping that holds it. */
  map: YAMLMap;
  value: YNode;
}

/**
 * A field that exists in both the pod and the container securityContext, as the container sees it:
 * the container's own value when it sets one, else the pod's. A null value counts as unset.
 */
export function effectiveSetting(context: ContainerFields, key: string): EffectiveSetting | undefined {
  for (const [level, map] of [
    ['container', containerSecurityContext(context)],
    ['pod', podSecurityContext(context)],
  ] as const) {
    const value = get(map, key);
    if (map && value !== undefined && !isNullish(value)) return { level, map, value };
  }
  return undefined;
}

/** Where to report a container securityContext field: the field, else the securityContext key, else the container. */
export function containerFieldSpan(context: ContainerFields, key: string): Span | undefined {
  const securityContext = containerSecurityContext(context);
  return spanOfKey(securityContext, key) ?? spanOfKey(context.container.node, 'securityContext');
}

/** A boolean field of the container securityContext (`privileged`, `readOnlyRootFilesystem`...). */
export function containerBool(context: ContainerFields, key: string): boolean | undefined {
  return bool(get(containerSecurityContext(context), key));
}

/**
 * Sets `path` under the container's securityContext, creating what is missing. A securityContext that is
 * neither a mapping nor null cannot be edited safely.
 */
export function setContainerSecurityContext(
  context: ContainerFields,
  fixer: Fixer,
  path: readonly string[],
  value: FixValue,
): void {
  const pair = getPair(context.container.node, 'securityContext');
  if (pair && !asMap(pair.value) && !isNullish(pair.value)) {
    fixer.fail();
    return;
  }
  fixer.set(context.container.node, ['securityContext', ...path], value);
}

/** Capability names compared as the runtimes do: case-insensitive, with or without the CAP_ prefix. */
export function capabilityName(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

/** The capabilities mapping of the container securityContext. */
export function capabilities(context: ContainerFields): YAMLMap | undefined {
  return asMap(get(containerSecurityContext(context), 'capabilities'));
}

/** Entries of capabilities.add or capabilities.drop with their normalised names. */
export function capabilityEntries(
  context: ContainerFields,
  list: 'add' | 'drop',
): Array<{ name: string; node: YNode; index: number }> {
  const seq = asSeq(get(capabilities(context), list));
  if (!seq) return [];
  const result: Array<{ name: string; node: YNode; index: number }> = [];
  items(seq).forEach((node, index) => {
    const value = text(node);
    if (value !== undefined) result.push({ name: capabilityName(value), node, index });
  });
  return result;
}

/**
 * True when every key of `path` is written directly under its parent: not reached through an alias or a
 * merge key, so that removing or appending there edits this container only.
 */
export function writtenDirectly(root: YAMLMap, path: readonly string[]): boolean {
  let current: unknown = root;
  for (const key of path) {
    const map = current as YAMLMap;
    const pair = getPair(map, key);
    if (!pair || !map.items.includes(pair)) return false;
    const value = pair.value;
    if (asMap(value) !== value && asSeq(value) !== value) return false;
    current = value;
  }
  return true;
}
