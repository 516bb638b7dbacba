import type { Alias, Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import * as yaml from 'yaml';

// The bundles (dist/*.js) reach a CommonJS module's exports through a getter at every use: the node
// tests run on every key lookup, so they are read once here.
export const isAlias = yaml.isAlias;
export const isMap = yaml.isMap;
export const isPair = yaml.isPair;
export const isScalar = yaml.isScalar;
export const isSeq = yaml.isSeq;
const isNode = yaml.isNode;
const visit = yaml.visit;
// Class tests are the fast path for the nodes this package's `yaml` builds; nodes of another copy of
// `yaml` take the identity tests above.
const ScalarNode = yaml.Scalar;
const MapNode = yaml.YAMLMap;
const SeqNode = yaml.YAMLSeq;

/** A node of a parsed YAML document, as the `yaml` package builds it (with source ranges). */
export type YNode = Scalar | YAMLMap | YAMLSeq | Alias;
export type YPair = Pair<unknown, unknown>;

/**
 * Alias targets, found once per document so that reading a value through an alias costs nothing and an
 * alias bomb is never expanded.
 */
const aliasTargets = new WeakMap<Alias, YNode>();

/** Resolves the aliases of a document to their anchors; returns the first alias no anchor before it names. */
export function indexAliases(doc: Document.Parsed): Alias | undefined {
  const anchors = new Map<string, YNode>();
  let unresolved: Alias | undefined;
  visit(doc, {
    Node(_key, node) {
      const anchored = node as YNode;
      if (isAlias(anchored)) {
        const target = anchors.get(anchored.source);
        if (target) aliasTargets.set(anchored, target);
        else unresolved ??= anchored;
      } else if (anchored.anchor) {
        anchors.set(anchored.anchor, anchored);
      }
    },
  });
  return unresolved;
}

export function deref(node: unknown): YNode | undefined {
  if (node instanceof ScalarNode || node instanceof MapNode || node instanceof SeqNode) return node;
  if (isAlias(node)) return aliasTargets.get(node);
  // Alias aside, the nodes are scalars, maps and sequences.
  return isNode(node) ? (node as YNode) : undefined;
}

export function isViaAlias(node: unknown): boolean {
  return isAlias(node);
}

export function asMap(node: unknown): YAMLMap | undefined {
  if (node instanceof MapNode) return node;
  const target = deref(node);
  return isMap(target) ? target : undefined;
}

export function asSeq(node: unknown): YAMLSeq | undefined {
  if (node instanceof SeqNode) return node;
  const target = deref(node);
  return isSeq(target) ? target : undefined;
}

export function asScalar(node: unknown): Scalar | undefined {
  if (node instanceof ScalarNode) return node;
  const target = deref(node);
  return isScalar(target) ? target : undefined;
}

export function keyText(pair: YPair): string | undefined {
  const key = deref(pair.key);
  if (!isScalar(key) || key.value === null) return undefined;
  // The `yaml` package marks merge keys with a symbol value.
  if (typeof key.value === 'symbol') return key.source;
  return typeof key.value !== 'object' ? String(key.value) : undefined;
}

/** A `<<` merge key (plain, as YAML writes it: a quoted "<<" is an ordinary key). */
export function isMergePair(pair: YPair): boolean {
  const key = pair.key;
  if (!(key instanceof ScalarNode) && !isScalar(key)) return false;
  const value = (key as Scalar).value;
  if (typeof value === 'symbol') return true;
  const type = (key as Scalar).type;
  return value === '<<' && type !== 'QUOTE_DOUBLE' && type !== 'QUOTE_SINGLE';
}

/**
 * How far merge keys are followed: a merged mapping may merge others, this many levels down, and one
 * reading merges at most this many mappings. Each mapping is merged once (the first time it is met, which
 * is where its keys win), so a chain of aliases that would expand exponentially costs no more than this.
 */
export const MAX_MERGE_DEPTH = 8;
export const MAX_MERGED_MAPS = 64;

/**
 * The mappings a mapping merges through its `<<` keys, in the order their keys apply (YAML merge keys:
 * the mapping's own keys win, then the merged ones in list order, each with the mappings it merges in
 * turn before the next one), and whether MAX_MERGE_DEPTH or MAX_MERGED_MAPS cut what is read.
 */
function walkMerges(map: YAMLMap): { maps: YAMLMap[]; cut: boolean } {
  const maps: YAMLMap[] = [];
  let cut = false;
  const seen = new Set<YAMLMap>([map]);
  const walk = (current: YAMLMap, depth: number): void => {
    for (const item of current.items) {
      if (!isPair(item) || !isMergePair(item)) continue;
      const value = deref(item.value);
      const sources = isSeq(value) ? value.items : [item.value];
      for (const source of sources) {
        const merged = asMap(source);
        if (!merged || seen.has(merged)) continue;
        if (depth > MAX_MERGE_DEPTH || maps.length >= MAX_MERGED_MAPS) {
          cut = true;
          return;
        }
        seen.add(merged);
        maps.push(merged);
        walk(merged, depth + 1);
      }
    }
  };
  walk(map, 1);
  return { maps, cut };
}

/** The mappings a mapping merges, in the order their keys apply (bounded: see walkMerges). */
export function mergedMaps(map: YAMLMap): YAMLMap[] {
  return walkMerges(map).maps;
}

/** True when the merge keys of a mapping reach past MAX_MERGE_DEPTH or MAX_MERGED_MAPS (what is read is cut). */
export function mergeBoundExceeded(map: YAMLMap): boolean {
  return walkMerges(map).cut;
}

/** Set by ownPair: whether the mapping it last read has merge keys (no allocation on the hot path). */
let ownPairSawMerges = false;

/** The pair a mapping sets itself for this key, merge keys not followed (see ownPairSawMerges). */
function ownPair(map: YAMLMap, key: string): YPair | undefined {
  ownPairSawMerges = false;
  for (const item of map.items) {
    // Most keys are plain string scalars: compared without resolving anything.
    const itemKey = (item as YPair).key;
    const value = itemKey instanceof ScalarNode ? itemKey.value : undefined;
    if (typeof value === 'string') {
      if (value === '<<' && isMergePair(item as YPair)) ownPairSawMerges = true;
      else if (value === key && isPair(item)) return item;
      continue;
    }
    if (!isPair(item)) continue;
    if (isMergePair(item)) ownPairSawMerges = true;
    else if (keyText(item) === key) return item;
  }
  return undefined;
}

/**
 * The pair of a mapping with this key; `<<` merge keys are followed when the key is not set directly (the
 * mapping's own key wins; merged mappings apply in order, see mergedMaps).
 */
export function getPair(map: YAMLMap | undefined, key: string): YPair | undefined {
  // Callers pass what a document holds: a scalar or a list where a mapping belongs has no keys.
  if (!isMap(map)) return undefined;
  const own = ownPair(map, key);
  if (own) return own;
  if (ownPairSawMerges) {
    for (const source of mergedMaps(map)) {
      const found = ownPair(source, key);
      if (found) return found;
    }
  }
  missedKeyObserver?.(map, key);
  return undefined;
}

/** Told of every key a lookup did not find, while `observeMissedKeys` runs (one check at a time). */
let missedKeyObserver: ((map: YAMLMap, key: string) => void) | undefined;

/**
 * Runs `run`, telling `observer` of each key looked up and not found: what a check read as missing, so that
 * a finding about a missing field can say when the mapping has a misspelling of it.
 */
export function observeMissedKeys<T>(observer: (map: YAMLMap, key: string) => void, run: () => T): T {
  const previous = missedKeyObserver;
  missedKeyObserver = observer;
  try {
    return run();
  } finally {
    missedKeyObserver = previous;
  }
}

export function get(map: unknown, key: string): YNode | undefined {
  const pair = getPair(asMap(map), key);
  return pair ? (deref(pair.value) ?? undefined) : undefined;
}

export function getIn(node: unknown, path: readonly string[]): YNode | undefined {
  let current: YNode | undefined = deref(node);
  for (const key of path) {
    current = get(current, key);
    if (!current) return undefined;
  }
  return current;
}

export function has(map: unknown, key: string): boolean {
  return getPair(asMap(map), key) !== undefined;
}

/** Items of a sequence, aliases resolved. */
export function items(node: unknown): YNode[] {
  const seq = asSeq(node);
  if (!seq) return [];
  const result: YNode[] = [];
  for (const item of seq.items) {
    const resolved = deref(item);
    if (resolved) result.push(resolved);
  }
  return result;
}

export function mapItems(node: unknown): YAMLMap[] {
  return items(node).filter((item): item is YAMLMap => isMap(item));
}

/**
 * Pairs of a mapping with their string keys, merge keys expanded: the mapping's own pairs in order, then
 * those its `<<` keys bring in for keys it does not set itself (see mergedMaps for the order and bounds).
 * A merged pair belongs to the merged mapping: its spans are the anchor's, in the same document.
 */
export function entries(node: unknown): Array<[string, YNode | undefined, YPair]> {
  const map = asMap(node);
  if (!map) return [];
  const result: Array<[string, YNode | undefined, YPair]> = [];
  let merges = false;
  for (const item of map.items) {
    if (!isPair(item)) continue;
    if (isMergePair(item)) {
      merges = true;
      continue;
    }
    const key = keyText(item);
    if (key !== undefined) result.push([key, deref(item.value), item]);
  }
  if (!merges) return result;
  const present = new Set(result.map(([key]) => key));
  for (const source of mergedMaps(map)) {
    for (const item of source.items) {
      if (!isPair(item) || isMergePair(item)) continue;
      const key = keyText(item);
      if (key === undefined || present.has(key)) continue;
      present.add(key);
      result.push([key, deref(item.value), item]);
    }
  }
  return result;
}

/** A scalar read as text: strings as they are, numbers and booleans as written in YAML. */
export function text(node: unknown): string | undefined {
  const scalar = asScalar(node);
  if (!scalar || scalar.value === null || scalar.value === undefined) return undefined;
  if (typeof scalar.value === 'string') return scalar.value;
  if (
    typeof scalar.value === 'number' ||
    typeof scalar.value === 'boolean' ||
    typeof scalar.value === 'bigint'
  ) {
    return scalar.source ?? String(scalar.value);
  }
  return undefined;
}

export function str(node: unknown): string | undefined {
  const scalar = asScalar(node);
  return scalar && typeof scalar.value === 'string' ? scalar.value : undefined;
}

export function num(node: unknown): number | undefined {
  const scalar = asScalar(node);
  if (!scalar) return undefined;
  if (typeof scalar.value === 'number') return scalar.value;
  if (typeof scalar.value === 'bigint') return Number(scalar.value);
  return undefined;
}

const YAML11_TRUE = new Set(['yes', 'y', 'on', 'true']);
const YAML11_FALSE = new Set(['no', 'n', 'off', 'false']);

export function bool(node: unknown): boolean | undefined {
  const scalar = asScalar(node);
  if (!scalar) return undefined;
  if (typeof scalar.value === 'boolean') return scalar.value;
  if (typeof scalar.value === 'string' && scalar.type === 'PLAIN') {
    // The API server reads manifests as YAML 1.1 (sigs.k8s.io/yaml), where plain yes/on/y are booleans too.
    const lowered = scalar.value.toLowerCase();
    if (YAML11_TRUE.has(lowered)) return true;
    if (YAML11_FALSE.has(lowered)) return false;
  }
  return undefined;
}

export function isNullish(node: unknown): boolean {
  const scalar = asScalar(node);
  return node === null || node === undefined || (scalar !== undefined && scalar.value === null);
}

/** A string-to-string record (labels, annotations, selectors); non-scalar values are left out. */
export function stringRecord(node: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of entries(node)) {
    const valueText = text(value);
    if (valueText !== undefined) record[key] = valueText;
  }
  return record;
}

/** Converts a node to plain data for comparisons, refusing to expand more than a few aliases. */
export function toPlain(node: unknown, budget = { nodes: 10_000 }): unknown {
  const resolved = deref(node);
  if (budget.nodes-- <= 0) throw new Error('value too large to compare');
  if (!resolved) return null;
  if (isScalar(resolved)) return resolved.value;
  if (isSeq(resolved)) return resolved.items.map((item) => toPlain(item, budget));
  const result: Record<string, unknown> = {};
  for (const [key, value] of entries(resolved)) result[key] = toPlain(value, budget);
  return result;
}

/** Start and end offsets of a node in its text: [start, end of value). */
export function nodeSpan(node: unknown): [number, number] | undefined {
  const range = (node as { range?: [number, number, number] | null } | undefined)?.range;
  return range ? [range[0], range[1]] : undefined;
}

/** Span of a pair from the start of its key to the end of its value. */
export function pairSpan(pair: YPair): [number, number] | undefined {
  const keySpan = nodeSpan(pair.key);
  if (!keySpan) return undefined;
  const valueSpan = nodeSpan(pair.value);
  return [keySpan[0], valueSpan && valueSpan[1] > keySpan[1] ? valueSpan[1] : keySpan[1]];
}

export function keySpan(pair: YPair): [number, number] | undefined {
  return nodeSpan(pair.key);
}

export { Scalar, YAMLMap, YAMLSeq } from 'yaml';
