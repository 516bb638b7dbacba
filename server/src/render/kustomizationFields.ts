/**
 * Built fields that a kustomization itself wrote, not a base or patch: the objects of its ConfigMap and
 * Secret generators, and what its `images`, `namespace`, `replicas`, `commonLabels`/`labels` and
 * `commonAnnotations` set. Each is found on the kustomization line that wrote it.
 */
import { basename, dirname, join, normalize } from 'node:path';
import { isMap, isScalar, isSeq, type Pair, type YAMLMap } from 'yaml';
import type { Position } from '../engine/text';
import type { FindingPlacer } from './placement';
import type { RenderedStep } from './templateMap';

export interface KustomizationPlace {
  file: string;
  position: Position;
}

const GENERATOR_KEYS: Record<string, string> = {
  ConfigMapGenerator: 'configMapGenerator',
  SecretGenerator: 'secretGenerator',
};

function rootOf(file: string, placer: FindingPlacer): YAMLMap | undefined {
  if (placer.readText(file) === undefined) return undefined;
  const contents = placer.documentsOf(file)[0]?.contents;
  return isMap(contents) ? contents : undefined;
}

function keyPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
}

function placeAt(file: string, node: unknown, placer: FindingPlacer): KustomizationPlace | undefined {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range ? { file, position: placer.positionIn(file, range[0]) } : undefined;
}

function keyPlace(file: string, map: YAMLMap, key: string, placer: FindingPlacer) {
  return placeAt(file, keyPair(map, key)?.key, placer);
}

/** The entry of a named list (generators, replicas) whose name is the longest within the built name. */
function namedEntry(list: unknown, builtName: string): YAMLMap | undefined {
  let found: YAMLMap | undefined;
  if (!isSeq(list)) return undefined;
  for (const item of list.items) {
    const name = isMap(item) ? item.get('name') : undefined;
    if (!isMap(item) || typeof name !== 'string' || !builtName.includes(name)) continue;
    const longest = found?.get('name');
    if (typeof longest !== 'string' || name.length > longest.length) found = item;
  }
  return found;
}

function envFileKeys(text: string | undefined): Set<string> {
  return new Set(
    (text ?? '')
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
      .map((line) => line.split('=')[0].trim()),
  );
}

/** The item of a generator entry that gives the data key: a literal, a file, or an env file holding it. */
function dataItem(entry: YAMLMap, key: string, folder: string, placer: FindingPlacer): unknown {
  for (const field of ['literals', 'files', 'envs', 'env']) {
    const list = entry.get(field, true);
    const items = isSeq(list) ? list.items : isScalar(list) ? [list] : [];
    for (const item of items) {
      const text = isScalar(item) ? String(item.value) : '';
      const given = text.includes('=') ? text.slice(0, text.indexOf('=')).trim() : undefined;
      if (
        field === 'literals' ? given === key : field === 'files' ? (given ?? basename(text)) === key : false
      )
        return item;
      if (
        (field === 'envs' || field === 'env') &&
        envFileKeys(placer.readText(normalize(join(folder, text)).split('\\').join('/'))).has(key)
      )
        return item;
    }
  }
  return undefined;
}

/**
 * A generated ConfigMap or Secret: the generator entry (of the kustomization that made it or of one that
 * merged into it, the last first) whose item gives the data key on the path (`depth` 2), else the made
 * entry's name (`depth` 0).
 */
export function generatedPlace(
  generated: { kustomization: string; generator: string },
  kustomizations: readonly string[],
  contents: unknown,
  path: readonly RenderedStep[],
  placer: FindingPlacer,
): (KustomizationPlace & { depth: number }) | undefined {
  const listKey = GENERATOR_KEYS[generated.generator];
  const builtName = isMap(contents) ? contents.getIn(['metadata', 'name']) : undefined;
  if (!listKey || typeof builtName !== 'string') return undefined;
  const [first, second] = path;
  const dataKey =
    first &&
    'key' in first &&
    ['data', 'stringData', 'binaryData'].includes(first.key) &&
    second &&
    'key' in second
      ? second.key
      : undefined;
  const chain = [
    generated.kustomization,
    ...kustomizations.filter((file) => file !== generated.kustomization),
  ];
  if (dataKey !== undefined)
    for (const file of [...chain].reverse()) {
      const entry = namedEntry(rootOf(file, placer)?.get(listKey), builtName);
      const item = entry && dataItem(entry, dataKey, dirname(file), placer);
      const place = item === undefined ? undefined : placeAt(file, item, placer);
      if (place) return { ...place, depth: 2 };
    }
  const entry = namedEntry(rootOf(generated.kustomization, placer)?.get(listKey), builtName);
  const place = entry && keyPlace(generated.kustomization, entry, 'name', placer);
  return place && { ...place, depth: 0 };
}

function imageName(image: string): string {
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);
const LABEL_MAPS = new Set(['labels', 'matchLabels', 'selector']);

/** The `images` entry for the image and its key (digest, newTag, newName) whose value the built image holds. */
function imagePlace(
  file: string,
  root: YAMLMap,
  deployed: string,
  written: string | undefined,
  placer: FindingPlacer,
) {
  const images = root.get('images');
  if (!isSeq(images)) return undefined;
  const names = new Set([imageName(deployed), ...(written ? [imageName(written)] : [])]);
  for (const entry of images.items) {
    if (!isMap(entry)) continue;
    const name = entry.get('name');
    const newName = entry.get('newName');
    if (!names.has(String(name)) && !(typeof newName === 'string' && names.has(newName))) continue;
    const key = ['digest', 'newTag', 'newName'].find((candidate) => {
      const value = entry.get(candidate);
      return value !== undefined && value !== null && deployed.includes(String(value));
    });
    return keyPlace(file, entry, key ?? 'name', placer);
  }
  return undefined;
}

/** The label (or annotation) key in `commonLabels`, `labels[].pairs` or `commonAnnotations`. */
function labelPlace(file: string, root: YAMLMap, key: string, annotation: boolean, placer: FindingPlacer) {
  const maps: unknown[] = annotation ? [root.get('commonAnnotations')] : [root.get('commonLabels')];
  const labels = root.get('labels');
  if (!annotation && isSeq(labels))
    for (const item of labels.items) if (isMap(item)) maps.push(item.get('pairs'));
  for (const map of maps) if (isMap(map) && keyPair(map, key)) return keyPlace(file, map, key, placer);
  return undefined;
}

/**
 * The kustomization field (the last of `kustomizations` that has one) that set the scalar at the end of
 * the path, when the files did not write its built value: an image, the namespace, the replica count, a
 * label or annotation.
 */
export function transformedPlace(
  kustomizations: readonly string[],
  contents: unknown,
  path: readonly RenderedStep[],
  written: string | undefined,
  deployed: string | undefined,
  placer: FindingPlacer,
): KustomizationPlace | undefined {
  if (deployed === undefined) return undefined;
  const keys = path.map((step) => ('key' in step ? step.key : undefined));
  const last = keys[keys.length - 1];
  const parent = keys[keys.length - 2];
  const builtName = isMap(contents) ? contents.getIn(['metadata', 'name']) : undefined;
  for (const file of [...kustomizations].reverse()) {
    const root = rootOf(file, placer);
    if (!root) continue;
    let place: KustomizationPlace | undefined;
    if (last === 'image' && parent === undefined && CONTAINER_LISTS.has(keys[keys.length - 3] ?? ''))
      place = imagePlace(file, root, deployed, written, placer);
    else if (keys.length === 2 && keys[0] === 'metadata' && last === 'namespace') {
      const namespace = root.get('namespace');
      if (namespace === deployed) place = keyPlace(file, root, 'namespace', placer);
    } else if (
      keys.length === 2 &&
      keys[0] === 'spec' &&
      last === 'replicas' &&
      typeof builtName === 'string'
    ) {
      const entry = namedEntry(root.get('replicas'), builtName);
      if (entry) place = keyPlace(file, entry, entry.has('count') ? 'count' : 'name', placer);
    } else if (
      last !== undefined &&
      parent !== undefined &&
      (LABEL_MAPS.has(parent) || parent === 'annotations')
    )
      place = labelPlace(file, root, last, parent === 'annotations', placer);
    if (place) return place;
  }
  return undefined;
}
