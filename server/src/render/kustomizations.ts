/**
 * The Kustomize roots of a workspace checked as they would be deployed: each kustomization that no other
 * kustomization uses is built; its objects are analysed in place of the files they came from, and every
 * finding is put back on the line of the base file (or of the patch that introduced the field) that
 * wrote it. A finding two overlays show on the same base line is reported once.
 */
import { basename, dirname, join, normalize, relative, resolve } from 'node:path';
import { type Document, isMap, isScalar, isSeq, parseAllDocuments, parseDocument } from 'yaml';
import { KUSTOMIZATION_NAMES } from '../engine/kustomize';
import type { Finding, FindingFix, ReportedProblem } from '../engine/result';
import { LineIndex, type Position } from '../engine/text';
import type { SourceFile } from '../engine/workspace';
import type { RenderLimits } from './helm';
import { generatedPlace, transformedPlace } from './kustomizationFields';
import { type BuiltObject, buildKustomization, type KustomizeTool, remoteResources } from './kustomize';
import { type FindingPlacer, lineHolding } from './placement';
import { type RenderedItem, type RenderedStep, renderedPathAt } from './templateMap';
import { memoByText } from './textMemo';

const COMPONENT = /^kind:\s*Component\s*$/m;

const PATCH_TRANSFORMERS = new Set([
  'PatchTransformer',
  'PatchStrategicMergeTransformer',
  'PatchJson6902Transformer',
]);

export interface BuiltFile {
  virtualPath: string;
  root: string;
  text: string;
  /** The file the object came from, as the checked paths name it. */
  originFile?: string;
  /** The patches of the kustomizations that patched it, in their order. */
  patches: Patch[];
  /** The other transformers that changed it: each kustomization (as the checked paths name it) and kind. */
  transformedBy: Array<{ kustomization: string; transformer: string }>;
  /** The kustomizations whose transformers changed it (patches included), in their order. */
  kustomizations: string[];
  /** The generator that made it, when no file declared it (ConfigMapGenerator, SecretGenerator). */
  generatedBy?: { kustomization: string; generator: string };
}

/** A patch of a kustomization: a file (as the checked paths name it) or written in the kustomization. */
export interface Patch {
  file: string;
  /** Applied to the objects its `target` selects: the object it names need not be this one. */
  targeted: boolean;
  /** A patch written in the kustomization (`patch: |`): parsed once, with where its lines start there. */
  inline?: { line: number; indent: number; text: string; documents: Document.Parsed[]; lines: LineIndex };
}

export interface KustomizeRenders {
  sources: SourceFile[];
  skipped: Array<{ file: string; reason: string }>;
  problems: ReportedProblem[];
  built: Map<string, BuiltFile>;
  roots: number;
  /** The findings of built objects as placed, each with the builds that show it (kustomizeFixes.ts). */
  fixes: BuiltFinding[];
}

/** A finding put on a base or patch line, and each built object it was found in (one per root). */
export interface BuiltFinding {
  finding: Finding;
  builds: Array<{
    /** The finding of the built object, as analysed (its object names the built one). */
    finding: Finding;
    /** Its control's fix of the built object, when the analysis computed it. */
    fix?: FindingFix;
    built: BuiltFile;
  }>;
}

function displayPath(cwd: string, absolute: string): string {
  return relative(cwd, absolute).split('\\').join('/');
}

/** The entries of a kustomization's lists, read once per text and set of keys (textMemo.ts). */
const entryReaders = new Map<string, (text: string) => readonly string[]>();

function listEntries(text: string, keys: readonly string[]): readonly string[] {
  const asked = keys.join(',');
  let read = entryReaders.get(asked);
  if (!read) {
    read = memoByText((kustomization) => readEntries(kustomization, keys));
    entryReaders.set(asked, read);
  }
  return read(text);
}

function readEntries(text: string, keys: readonly string[]): string[] {
  const document = parseDocument(text, { uniqueKeys: false });
  if (!isMap(document.contents)) return [];
  const found: string[] = [];
  for (const key of keys) {
    const list = document.contents.get(key);
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      if (isScalar(item) && typeof item.value === 'string') found.push(item.value);
      else if (isMap(item)) {
        const path = item.get('path');
        if (typeof path === 'string') found.push(path);
      }
    }
  }
  return found;
}

function leastIndent(text: string): number {
  let least = Number.POSITIVE_INFINITY;
  for (const line of text.split('\n'))
    if (line.trim() !== '') least = Math.min(least, line.length - line.trimStart().length);
  return least;
}

/** The patches of a kustomization in its order: files, and those written in it as literal blocks. */
function patchEntries(kustomization: SourceFile): Patch[] {
  const document = parseDocument(kustomization.text, { uniqueKeys: false });
  if (!isMap(document.contents)) return [];
  const folder = dirname(kustomization.path);
  const lines = new LineIndex(kustomization.text);
  const found: Patch[] = [];
  for (const key of ['patches', 'patchesStrategicMerge', 'patchesJson6902']) {
    const list = document.contents.get(key);
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      const targeted = isMap(item) && item.has('target');
      const path = isMap(item) ? item.get('path', true) : item;
      if (isScalar(path) && typeof path.value === 'string' && !path.value.includes('\n')) {
        found.push({ file: normalize(join(folder, path.value)).split('\\').join('/'), targeted });
        continue;
      }
      const node = isMap(item) ? item.get('patch', true) : item;
      if (!isScalar(node) || typeof node.value !== 'string' || node.type !== 'BLOCK_LITERAL' || !node.range)
        continue;
      // A literal block's lines are the patch's, each indented by the block's indentation.
      const line = lines.position(node.range[0]).line + 1;
      const indent =
        leastIndent(kustomization.text.slice(lines.lineStart(line), node.range[1])) - leastIndent(node.value);
      if (!Number.isFinite(indent)) continue;
      const documents = parseAllDocuments(node.value);
      found.push({
        file: kustomization.path,
        targeted,
        inline: {
          line,
          indent,
          text: node.value,
          documents: Array.isArray(documents) ? documents : [],
          lines: new LineIndex(node.value),
        },
      });
    }
  }
  return found;
}

export function emptyKustomizeRenders(): KustomizeRenders {
  return { sources: [], skipped: [], problems: [], built: new Map(), roots: 0, fixes: [] };
}

/**
 * The kustomizations among `sources` that no other one uses as a resource, base or component (and that
 * are not Components): what `kustomize build` is run on.
 */
export function kustomizeRoots(sources: readonly SourceFile[]): SourceFile[] {
  const kustomizations = sources.filter((source) => KUSTOMIZATION_NAMES.has(basename(source.path)));
  const folders = new Map(kustomizations.map((source) => [normalize(dirname(source.path)), source]));
  const used = new Set<string>();
  for (const [folder, source] of folders)
    for (const entry of listEntries(source.text, ['resources', 'bases', 'components'])) {
      const target = normalize(join(folder, entry));
      if (folders.has(target)) used.add(target);
    }
  return [...folders]
    .filter(([root, source]) => !used.has(root) && !COMPONENT.test(source.text))
    .map(([, source]) => source);
}

/**
 * The folders a root's build reads (its own, and those of every resource, base, component and patch it
 * names, followed through their kustomizations), as the checked paths name them: what a change of a
 * file re-builds, and what a build from unsaved text copies.
 */
export function kustomizeClosure(
  root: SourceFile,
  /** The workspace's files (only its kustomizations are read: a caller with many roots passes those). */
  sources: readonly SourceFile[],
): Set<string> {
  const byFolder = new Map(
    sources
      .filter((source) => KUSTOMIZATION_NAMES.has(basename(source.path)))
      .map((source) => [normalize(dirname(source.path)), source]),
  );
  const folders = new Set<string>();
  const pending = [normalize(dirname(root.path))];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    if (folders.has(folder)) continue;
    folders.add(folder);
    const kustomization = byFolder.get(folder);
    if (!kustomization) continue;
    const keys = ['resources', 'bases', 'components', 'patches', 'patchesStrategicMerge', 'crds'];
    for (const entry of listEntries(kustomization.text, keys)) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || entry.includes('?')) continue;
      const target = normalize(join(folder, entry));
      pending.push(byFolder.has(target) ? target : normalize(dirname(target)));
    }
  }
  return folders;
}

/** Why kube-maturity does not build a root at all (helm inside kustomize, a remote resource), if so. */
function refusal(source: SourceFile): ReportedProblem | undefined {
  if (/^helmCharts\s*:/m.test(source.text))
    return {
      file: source.path,
      kind: 'render',
      message:
        'runs helm inside kustomize (helmCharts:), which kube-maturity never enables: build it yourself (kustomize build --enable-helm … | kube-maturity check -)',
      range: lineHolding(source.text, 'helmCharts'),
    };
  const remote = remoteResources(source.text);
  if (remote.length === 0) return undefined;
  return {
    file: source.path,
    kind: 'render',
    message: `needs the network: ${remote[0]} is remote; vendor it or build the kustomization yourself (kustomize build … | kube-maturity check -)`,
    range: lineHolding(source.text, remote[0]),
  };
}

/** The kustomizations (not Components) that a kustomization names as a resource or base. */
function kustomizationsUsed(source: SourceFile, sources: readonly SourceFile[]): SourceFile[] {
  const folder = normalize(dirname(source.path));
  const targets = new Set(
    listEntries(source.text, ['resources', 'bases']).map((entry) => normalize(join(folder, entry))),
  );
  return sources.filter(
    (candidate) =>
      KUSTOMIZATION_NAMES.has(basename(candidate.path)) &&
      targets.has(normalize(dirname(candidate.path))) &&
      !COMPONENT.test(candidate.text),
  );
}

function closureOf(roots: readonly SourceFile[], sources: readonly SourceFile[]): Set<string> {
  return new Set(roots.flatMap((root) => [...kustomizeClosure(root, sources)]));
}

/**
 * The patch files of the kustomizations that only roots which were not built use, with why they are not
 * checked.
 */
function uncheckedPatches(
  failed: readonly string[],
  built: readonly SourceFile[],
  sources: readonly SourceFile[],
): Map<string, string> {
  const kustomizationIn = (folders: Set<string>) =>
    sources.filter(
      (source) =>
        KUSTOMIZATION_NAMES.has(basename(source.path)) && folders.has(normalize(dirname(source.path))),
    );
  // The files patchEntries names (not its inline patches), from the entries read once per text.
  const patchFiles = (kustomization: SourceFile) =>
    listEntries(kustomization.text, ['patches', 'patchesStrategicMerge', 'patchesJson6902'])
      .filter((entry) => !entry.includes('\n'))
      .map((entry) =>
        normalize(join(dirname(kustomization.path), entry))
          .split('\\')
          .join('/'),
      );
  const checked = new Set(kustomizationIn(closureOf(built, sources)).flatMap(patchFiles));
  const reasons = new Map<string, string>();
  for (const root of failed) {
    const source = sources.find((candidate) => candidate.path === root)!;
    for (const kustomization of kustomizationIn(kustomizeClosure(source, sources)))
      for (const file of patchFiles(kustomization))
        if (!checked.has(file) && !reasons.has(file))
          reasons.set(
            file,
            kustomization.path === root
              ? `Kustomize patch applied by ${root}, which could not be built (see its problem): not checked`
              : `Kustomize patch applied by ${kustomization.path}, used only by ${root}, which could not be built (see its problem): not checked`,
          );
  }
  return reasons;
}

/** Kustomize's error with its paths as the checked paths name them, on the line naming a missing file. */
function buildErrorProblem(source: SourceFile, message: string, cwd: string): ReportedProblem {
  const shown = message.replace(/(?<=^|[\s'(])\/[^\s'"`():]+/g, (absolute) => displayPath(cwd, absolute));
  const missing = /lstat (\S+): no such file or directory/.exec(message)?.[1];
  const named = missing && displayPath(resolve(cwd, dirname(source.path)), missing);
  return {
    file: source.path,
    kind: 'render',
    message: `kustomize: ${shown}`,
    range: named && !named.startsWith('..') ? lineHolding(source.text, named) : undefined,
  };
}

/**
 * Builds the Kustomize roots among `sources` (paths as the checked paths name them, relative to `cwd`),
 * or only the root kustomizations `only` names.
 */
export async function buildKustomizeRoots(
  sources: readonly SourceFile[],
  options: { tool: KustomizeTool; limits: RenderLimits; only?: ReadonlySet<string> },
  cwd = process.cwd(),
): Promise<KustomizeRenders> {
  const renders = emptyKustomizeRenders();
  const consumed = new Map<string, string>();
  const patchesOf = new Map<string, Patch[]>();
  const addBuilt = (source: SourceFile, objects: readonly BuiltObject[]) => {
    renders.roots++;
    objects.forEach((object, position) => {
      const virtualPath = `${source.path}#built-${position + 1}.yaml`;
      const originFile =
        object.origin && 'file' in object.origin ? displayPath(cwd, object.origin.file) : undefined;
      if (originFile) consumed.set(originFile, source.path);
      const patches = new Set<Patch>();
      const transformedBy: BuiltFile['transformedBy'] = [];
      const kustomizations = new Set<string>();
      const sourceAt = (absolute: string) =>
        sources.find((candidate) => resolve(cwd, candidate.path) === absolute);
      for (const step of object.transformedBy) {
        const kustomization = sourceAt(step.kustomization);
        if (!kustomization) continue;
        kustomizations.add(kustomization.path);
        if (!PATCH_TRANSFORMERS.has(step.transformer)) {
          transformedBy.push({ kustomization: kustomization.path, transformer: step.transformer });
          continue;
        }
        let entries = patchesOf.get(kustomization.path);
        if (!entries) {
          entries = patchEntries(kustomization);
          patchesOf.set(kustomization.path, entries);
        }
        for (const entry of entries) patches.add(entry);
      }
      const generatedBy =
        object.origin && 'generatedBy' in object.origin
          ? {
              kustomization:
                sourceAt(object.origin.generatedBy)?.path ?? displayPath(cwd, object.origin.generatedBy),
              generator: object.origin.generator,
            }
          : undefined;
      renders.built.set(virtualPath, {
        virtualPath,
        root: source.path,
        text: object.text,
        originFile,
        patches: [...patches],
        transformedBy,
        kustomizations: [...kustomizations],
        ...(generatedBy ? { generatedBy } : {}),
      });
      renders.sources.push({ path: virtualPath, text: object.text });
    });
  };
  // What the layout reads of the workspace (once, not per root: 17 roots among 10,000 files took 0.5 s).
  const kustomizations = sources.filter((source) => KUSTOMIZATION_NAMES.has(basename(source.path)));
  const roots = kustomizeRoots(kustomizations);
  const queue = roots.filter((source) => !options.only || options.only.has(source.path));
  const attempted = new Set(queue.map((source) => source.path));
  // In a build of some roots only, the others are built on their own.
  const builtRoots = roots.filter((source) => !attempted.has(source.path) && !refusal(source));
  const failed = new Map<string, ReportedProblem>();
  while (queue.length > 0) {
    const source = queue.shift()!;
    const refused = refusal(source);
    const outcome = refused
      ? undefined
      : await buildKustomization(options.tool, resolve(cwd, dirname(source.path)), options.limits);
    if (outcome?.kind !== 'built') {
      const problem =
        refused ??
        (outcome?.kind === 'error'
          ? buildErrorProblem(source, outcome.message, cwd)
          : {
              file: source.path,
              kind: 'render' as const,
              message: `not built: ${outcome?.kind === 'unavailable' ? outcome.reason : ''}`,
            });
      renders.problems.push(problem);
      failed.set(source.path, problem);
    } else {
      builtRoots.push(source);
      addBuilt(source, outcome.objects);
    }
    if (queue.length > 0) continue;
    // The kustomizations a root that was not built uses, that no built root uses: built in its place.
    const covered = closureOf(builtRoots, kustomizations);
    for (const [path, problem] of failed)
      for (const used of kustomizationsUsed(
        kustomizations.find((candidate) => candidate.path === path)!,
        kustomizations,
      )) {
        if (attempted.has(used.path) || covered.has(normalize(dirname(used.path)))) continue;
        attempted.add(used.path);
        queue.push(used);
        problem.message += `; ${used.path} is built on its own instead`;
      }
  }
  const unchecked = uncheckedPatches([...failed.keys()], builtRoots, kustomizations);
  for (const source of sources) {
    const by = consumed.get(source.path);
    const notBuilt = unchecked.get(source.path);
    if (by)
      renders.skipped.push({
        file: source.path,
        reason: `built by ${by}: its findings are shown on its lines`,
      });
    else if (notBuilt) renders.skipped.push({ file: source.path, reason: notBuilt });
    else renders.sources.push(source);
  }
  return renders;
}

/** Keys a strategic merge matches list items by, in the order they are looked for. */
export const MERGE_KEYS = ['name', 'containerPort', 'mountPath', 'devicePath', 'ip', 'port'];

/**
 * The written item of a built list item: the one with its merge key's value, else the one at its place
 * when that one has none or one that kustomize changed into the built one.
 */
function itemFor(
  items: readonly unknown[],
  step: { index: number; siblings?: readonly RenderedItem[] },
): unknown {
  const fields = step.siblings?.[step.index]?.fields;
  const key =
    fields && MERGE_KEYS.find((candidate) => fields[candidate] !== undefined && fields[candidate] !== '');
  if (!key || !step.siblings) return items[step.index];
  const keyValue = (item: unknown) => {
    const value: unknown = isMap(item) ? item.get(key) : undefined;
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined;
  };
  const wanted = fields[key];
  // Ports are list-map items by number and protocol: `tcp` and `TCP` on one port are two items.
  const protocol =
    fields.containerPort !== undefined || fields.port !== undefined ? fields.protocol : undefined;
  const sameProtocol = (item: unknown) => {
    if (protocol === undefined) return true;
    const written: unknown = isMap(item) ? item.get('protocol') : undefined;
    return written === undefined ? protocol === 'TCP' : String(written) === protocol;
  };
  const same = items.find((item) => keyValue(item) === wanted && sameProtocol(item));
  if (same) return same;
  const there = keyValue(items[step.index]);
  // A name kustomize changed (a generated Secret's hash) still holds the written one.
  return there === undefined || wanted.includes(there) ? items[step.index] : undefined;
}

/** The deepest node of a YAML document on a rendered path: the key (or item) start, and how far it got. */
export interface Located {
  offset?: number;
  depth: number;
  /** The value written at the path's end, when the path reaches a scalar. */
  value?: string;
  /** The node the path reached (the document's contents when it reached none of it). */
  node?: unknown;
  /** The mapping holding the last key reached, when the last step reached is a key. */
  parent?: unknown;
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && typeof node.value !== 'object'
    ? String(node.value)
    : undefined;
}

function locateInDocument(contents: unknown, path: readonly RenderedStep[]): Located {
  let node = contents;
  let parent: unknown;
  let offset: number | undefined;
  let depth = 0;
  for (const step of path) {
    if ('key' in step) {
      if (!isMap(node)) break;
      const pair = node.items.find(
        (candidate) => isScalar(candidate.key) && String(candidate.key.value) === step.key,
      );
      if (!pair || !isScalar(pair.key) || !pair.key.range) break;
      offset = pair.key.range[0];
      parent = node;
      node = pair.value;
    } else {
      if (!isSeq(node)) break;
      const item = itemFor(node.items, step);
      const range = (item as { range?: [number, number, number] } | undefined)?.range;
      if (!item || !range) break;
      offset = range[0];
      parent = undefined;
      node = item;
    }
    depth++;
  }
  return { offset, depth, value: depth === path.length ? scalarText(node) : undefined, node, parent };
}

/**
 * In a JSON 6902 patch (a list of operations), the `add` or `replace` whose pointer the path reaches
 * furthest: its `value` key (or the operation) and the pointer's depth; undefined for another file.
 */
function locateOperation(
  documents: readonly Document.Parsed[],
  path: readonly RenderedStep[],
): Located | undefined {
  const operations = documents[0]?.contents;
  if (!isSeq(operations) || !operations.items.every((item) => isMap(item) && item.has('op')))
    return undefined;
  let best: Located = { depth: -1 };
  for (const operation of operations.items) {
    if (!isMap(operation) || !['add', 'replace'].includes(String(operation.get('op')))) continue;
    const pointer: unknown = operation.get('path');
    if (typeof pointer !== 'string') continue;
    const segments = pointer
      .split('/')
      .slice(1)
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
    const matches = segments.every((segment, index) => {
      const step = path[index];
      if (!step) return false;
      return 'key' in step ? step.key === segment : segment === '-' || Number(segment) === step.index;
    });
    if (!matches) continue;
    const value = operation.items.find((pair) => isScalar(pair.key) && pair.key.value === 'value');
    // The fields of its value that the path reaches further.
    const within: Located = value ? locateInDocument(value.value, path.slice(segments.length)) : { depth: 0 };
    if (segments.length + within.depth <= best.depth) continue;
    const range = ((value?.key as { range?: number[] }) ?? operation)?.range;
    best = {
      offset: within.offset ?? range?.[0],
      depth: segments.length + within.depth,
      value: within.value,
      node: within.node,
      parent: within.depth > 0 ? within.parent : undefined,
    };
  }
  return best.depth < 0 ? undefined : best;
}

/**
 * The document of a file that declares this object: the same kind, the longest name within the built one
 * (kustomize adds prefixes and suffixes); else (`loose`: its own file, a patch applied to what its target
 * selects) the first of its kind, the first.
 */
function documentFor(
  parsed: readonly Document.Parsed[],
  kind: unknown,
  name: unknown,
  loose: boolean,
): unknown {
  const documents = parsed.filter((document) => isMap(document.contents));
  const sameKind = documents.filter((document) => document.get('kind') === kind);
  let named: Document.Parsed | undefined;
  for (const document of sameKind) {
    const declared = document.getIn(['metadata', 'name']);
    if (typeof declared !== 'string' || typeof name !== 'string' || !name.includes(declared)) continue;
    const longest = named?.getIn(['metadata', 'name']);
    if (typeof longest !== 'string' || declared.length > longest.length) named = document;
  }
  return (named ?? (loose ? (sameKind[0] ?? documents[0]) : undefined))?.contents;
}

/** The file (and patch) that writes the deepest part of a built object's path, and what it reached. */
export interface BuiltWriter extends Located {
  file: string;
  /** The patch that writes it; absent for the object's own file. */
  patch?: Patch;
  /** A JSON 6902 operation writes it. */
  operation?: boolean;
  /** The document of the writing file that declares or patches the object (not for an operation). */
  document?: unknown;
}

/**
 * Where a field of a built object (its rendered path in `contents`) was written: the deepest field that
 * its file or a patch of it writes on the path, the patch's when it writes more of it. `documentsOf`
 * parses a file or an inline patch (undefined when it cannot be read).
 */
/** The scalar a built object holds at the end of `path`, when the path reaches one. */
function deployedValue(contents: unknown, path: readonly RenderedStep[]): string | undefined {
  return locateInDocument(contents, path).value;
}

export function writerOf(
  built: BuiltFile,
  contents: unknown,
  path: readonly RenderedStep[],
  documentsOf: (patch: Patch) => readonly Document.Parsed[] | undefined,
): BuiltWriter {
  const kind = isMap(contents) ? contents.get('kind') : undefined;
  const name = isMap(contents) ? contents.getIn(['metadata', 'name']) : undefined;
  let best: BuiltWriter = { file: built.originFile ?? built.root, depth: -1 };
  // A scalar several write is the last one's that wrote the built value, but a patch's kind and merge keys
  // only name what it merges into.
  const deployed = deployedValue(contents, path);
  const last = path[path.length - 1];
  const names = last !== undefined && 'key' in last && (MERGE_KEYS.includes(last.key) || path.length === 1);
  const own: Patch | undefined = built.originFile ? { file: built.originFile, targeted: true } : undefined;
  for (const patch of own ? [own, ...built.patches] : built.patches) {
    const documents = documentsOf(patch);
    if (!documents) continue;
    const operation = locateOperation(documents, path);
    const document = operation
      ? undefined
      : documentFor(documents, kind, name, patch.targeted && !built.generatedBy);
    const found = operation ?? locateInDocument(document, path);
    if (found.offset === undefined) continue;
    const writesValue =
      deployed !== undefined &&
      found.depth === best.depth &&
      found.value === deployed &&
      (best.value !== deployed || !names);
    if (found.depth > best.depth || writesValue)
      best = {
        file: patch.file,
        ...found,
        ...(patch === own ? {} : { patch }),
        ...(operation ? { operation: true } : { document }),
      };
  }
  return best;
}

/**
 * Where a field of a built object (its rendered path in `contents`) was written: the line of the writer
 * (writerOf) in its file, or in the kustomization that holds the patch.
 */
export function locateBuilt(
  built: BuiltFile,
  contents: unknown,
  path: readonly RenderedStep[],
  placer: FindingPlacer,
): { file: string; position: Position } {
  const best = writerOf(built, contents, path, (patch) =>
    placer.readText(patch.file) === undefined
      ? undefined
      : (patch.inline?.documents ?? placer.documentsOf(patch.file)),
  );
  if (best.depth < path.length || best.value !== deployedValue(contents, path)) {
    const set = transformedPlace(
      built.kustomizations,
      contents,
      path,
      best.value,
      deployedValue(contents, path),
      placer,
    );
    if (set) return set;
  }
  const generated =
    built.generatedBy && generatedPlace(built.generatedBy, built.kustomizations, contents, path, placer);
  if (generated && generated.depth > best.depth) return generated;
  if (best.offset === undefined) return { file: best.file, position: { line: 0, character: 0 } };
  const inline = best.patch?.inline;
  if (!inline) return { file: best.file, position: placer.positionIn(best.file, best.offset) };
  const within = inline.lines.position(best.offset);
  return {
    file: best.file,
    position: { line: inline.line + within.line, character: inline.indent + within.character },
  };
}

/**
 * Puts the findings of built objects back on the files they came from: the line of the deepest field the
 * file writes on the finding's path, or the patch's when a patch writes more of it. A finding at the same
 * place twice (one base, two overlays) is kept once. Their fixes are withheld there, and kept with the builds
 * that show them in `renders.fixes` for kustomizeFixes.ts to turn into fixes of the kustomizations.
 */
export function mapBuiltFindings(
  findings: Finding[],
  renders: KustomizeRenders,
  placer: FindingPlacer,
): Finding[] {
  // The same problem at the same place from several builds (one base, two overlays): kept once, naming them.
  const seen = new Map<string, { finding: Finding; roots: string[]; fixes: BuiltFinding }>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    const built = finding.file ? renders.built.get(finding.file) : undefined;
    if (!built) {
      kept.push(finding);
      continue;
    }
    const { contents, lines } = placer.rendered(built.virtualPath, built.text);
    const path = finding.range ? renderedPathAt(contents, lines.offset(finding.range.start)) : [];
    const { file, position } = locateBuilt(built, contents, path, placer);
    const build = { finding, built, ...(finding.fix ? { fix: finding.fix } : {}) };
    placer.place(finding, file, position, finding.fixWithheld ?? 'its control offers no fix for it');
    const problem = finding.message.slice(finding.message.indexOf(': ') + 2);
    const key = `${finding.control}|${finding.file}|${position.line}:${position.character}|${finding.container ?? ''}|${problem}`;
    const earlier = seen.get(key);
    if (earlier) {
      if (!earlier.roots.includes(built.root)) earlier.roots.push(built.root);
      if (!finding.exempt) earlier.fixes.builds.push(build);
      continue;
    }
    const fixes: BuiltFinding = { finding, builds: [build] };
    seen.set(key, { finding, roots: [built.root], fixes });
    if (!finding.exempt) renders.fixes.push(fixes);
    kept.push(finding);
  }
  for (const { finding, roots } of seen.values())
    if (roots.length > 1)
      finding.message += ` (in every build of it here: ${roots.map((root) => dirname(root)).join(', ')})`;
  return kept;
}
