/**
 * Which line of a kustomization set a built field through its own fields (not a base or a patch): each
 * transformer field of the root's kustomizations (`namespace`, a key of an `images` entry, a `replicas`
 * entry, a key of `commonLabels`, `labels[].pairs` or `commonAnnotations`) taken out in turn and the root
 * built again; every built scalar whose value then differs was written on that field's line.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument } from 'yaml';
import type { RenderLimits } from '../../server/src/render/helm';
import { buildKustomization, type KustomizeTool } from '../../server/src/render/kustomize';
import type { KustomizePlan, Written } from './instrumentedBuild';

interface Removal {
  file: string;
  path: Array<string | number>;
  line: number;
}

function removals(file: string, text: string): Removal[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const root = document.contents;
  if (!isMap(root)) return [];
  const found: Removal[] = [];
  const add = (path: Array<string | number>, node: unknown) => {
    const range = (node as { range?: number[] } | undefined)?.range;
    if (range) found.push({ file, path, line: lineCounter.linePos(range[0]).line - 1 });
  };
  const keysOf = (map: unknown, path: Array<string | number>) => {
    if (isMap(map))
      for (const pair of map.items) if (isScalar(pair.key)) add([...path, String(pair.key.value)], pair.key);
  };
  const namespace = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'namespace');
  if (namespace) add(['namespace'], namespace.key);
  const images = root.get('images');
  if (isSeq(images))
    images.items.forEach((entry, index) => {
      if (!isMap(entry)) return;
      for (const pair of entry.items)
        if (isScalar(pair.key) && ['newTag', 'newName', 'digest'].includes(String(pair.key.value)))
          add(['images', index, String(pair.key.value)], pair.key);
    });
  const replicas = root.get('replicas');
  if (isSeq(replicas))
    replicas.items.forEach((entry, index) => {
      const count = isMap(entry)
        ? entry.items.find((pair) => isScalar(pair.key) && pair.key.value === 'count')
        : undefined;
      if (count) add(['replicas', index], count.key);
    });
  keysOf(root.get('commonLabels'), ['commonLabels']);
  keysOf(root.get('commonAnnotations'), ['commonAnnotations']);
  const labels = root.get('labels');
  if (isSeq(labels))
    labels.items.forEach((entry, index) => {
      if (isMap(entry)) keysOf(entry.get('pairs'), ['labels', index, 'pairs']);
    });
  return found;
}

/** Every scalar of a built object by its path, as the accuracy report names paths. */
function leaves(value: unknown, path = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value))
    value.forEach((item, index) => {
      leaves(item, `${path}${path ? '.' : ''}[${index}]`, into);
    });
  else if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) leaves(inner, `${path}${path ? '.' : ''}${key}`, into);
  else into.set(path, value);
  return into;
}

function objectOf(object: { text: string }): Record<string, unknown> | undefined {
  return parseAllDocuments(object.text)[0]?.toJS() as Record<string, unknown> | undefined;
}

/** The writers of built scalars that kustomization fields set: by `object position|path`. */
export async function transformerWriters(
  tool: KustomizeTool,
  plan: KustomizePlan,
  real: ReadonlyArray<{ text: string }>,
  limits: RenderLimits,
): Promise<Map<string, Written[]>> {
  const writers = new Map<string, Written[]>();
  const realObjects = real.map(objectOf);
  for (const file of plan.kustomizations) {
    const text = readFileSync(join(plan.tree, file), 'utf8');
    for (const removal of removals(file, text)) {
      const copy = join(
        mkdtempSync(join(tmpdir(), 'kube-maturity-transformer-writers-')),
        basename(plan.tree),
      );
      try {
        cpSync(plan.tree, copy, { recursive: true });
        const document = parseDocument(text);
        document.deleteIn(removal.path);
        writeFileSync(join(copy, file), document.toString());
        const outcome = await buildKustomization(tool, join(copy, plan.root), limits);
        if (outcome.kind !== 'built' || outcome.objects.length !== real.length) continue;
        outcome.objects.forEach((object, position) => {
          const before = realObjects[position];
          const after = objectOf(object);
          if (!before || !after || before.kind !== after.kind) return;
          const changed = leaves(after);
          for (const [path, value] of leaves(before)) {
            if (isDeepStrictEqual(changed.get(path), value)) continue;
            const key = `${position}|${path}`;
            writers.set(key, [...(writers.get(key) ?? []), { file: removal.file, line: removal.line }]);
          }
        });
      } finally {
        rmSync(dirname(copy), { recursive: true, force: true });
      }
    }
  }
  return writers;
}
