/**
 * A built kustomization's fix as a fix of its files. The engine's fix edits the built object; what it
 * changes is read by comparing the object before and after it (renderedFixes.ts), and each change is
 * written where the build got that field from (writerOf): the patch of the overlay that set it, edited in
 * place; the base, when just one root builds it; else a new strategic-merge patch in each root that shows
 * the finding (named in its `patches:`). A field a kustomization transformer or generator writes (images,
 * namespace, name prefixes, labels, replicas, generated objects) is withheld with the field to change, and
 * nothing kustomize rendered (a prefixed name, a namespace, a hash) is copied into a file. A proposal is
 * offered once the roots it touches, built again from a temporary copy with its edits, build and no
 * longer have the finding.
 */
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { type Document, isMap, isScalar, isSeq, parseDocument, stringify } from 'yaml';
import { stricterClass } from '../engine/control';
import { Fixer, type FixValue } from '../engine/fixer';
import { KUSTOMIZATION_NAMES } from '../engine/kustomize';
import { type ParsedFile, parseFile } from '../engine/parse';
import type { Finding, FindingFix } from '../engine/result';
import { applyTextEdits, LineIndex, type OffsetEdit } from '../engine/text';
import { checkWorkspace, type SourceFile } from '../engine/workspace';
import type { RenderLimits } from './helm';
import {
  type BuiltFile,
  type BuiltFinding,
  type BuiltWriter,
  buildKustomizeRoots,
  kustomizeClosure,
  kustomizeRoots,
  MERGE_KEYS,
  mapBuiltFindings,
  type Patch,
  writerOf,
} from './kustomizations';
import { buildKustomization, type KustomizeTool } from './kustomize';
import { FindingPlacer } from './placement';
import {
  type Change,
  compare,
  copiedText,
  eachInParallel,
  FileEdits,
  type FixCounts,
  type FixOfferOptions,
  FixRounds,
  type FixRunOptions,
  type FixVerdict,
  isFixValue,
  keyRenameEdit,
  pathText,
  pickVerified,
  placesText,
  type ReadFile,
  type RenderedFixProposal,
  type RenderedFixRun,
  sameFinding,
  scalarKey,
  settleOffer,
  textsOf,
  toValue,
  WorkspaceFindings,
} from './renderedFixes';
import type { RenderedStep } from './templateMap';

export interface KustomizeFixProposal extends RenderedFixProposal {
  /** The findings of the builds it removes, one per root that showed it. */
  builds: readonly Finding[];
  /** The root kustomizations its edits change the build of: what verification builds again. */
  roots: readonly string[];
}

export type KustomizeFixOutcome = KustomizeFixProposal | { withheld: string };

/** The kustomization field whose transformer writes what a path names, by the transformer's kind. */
const TRANSFORMER_FIELDS: ReadonlyArray<{
  writes: (keys: readonly string[]) => boolean;
  transformers: readonly string[];
  field: string;
}> = [
  { writes: (keys) => keys.at(-1) === 'image', transformers: ['ImageTagTransformer'], field: 'images' },
  {
    writes: (keys) => keys.join('.') === 'spec.replicas',
    transformers: ['ReplicaCountTransformer'],
    field: 'replicas',
  },
  {
    writes: (keys) => keys.join('.') === 'metadata.namespace',
    transformers: ['NamespaceTransformer'],
    field: 'namespace',
  },
  {
    writes: (keys) => keys.join('.') === 'metadata.name',
    transformers: ['PrefixSuffixTransformer', 'PrefixTransformer', 'SuffixTransformer'],
    field: 'namePrefix/nameSuffix',
  },
  {
    writes: (keys) => keys.some((key) => ['labels', 'selector', 'matchLabels'].includes(key)),
    transformers: ['LabelTransformer'],
    field: 'labels',
  },
  {
    writes: (keys) => keys.includes('annotations'),
    transformers: ['AnnotationsTransformer'],
    field: 'commonAnnotations',
  },
];

/** A step of a new strategic-merge patch: a key, or the list item with this merge key's value. */
type PatchStep = { key: string } | { mergeKey: string; value: string | number | boolean };

interface NewPatch {
  root: string;
  /** The object as its base writes it: what the patch names. */
  head: { apiVersion?: unknown; kind: string; name: string; namespace?: unknown };
  body: Record<string, unknown>;
}

function keysOf(path: readonly RenderedStep[]): string[] {
  return path.flatMap((step) => ('key' in step ? [step.key] : []));
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Writes each change of a built object where its kustomization's files write it. */
class KustomizeFixWriter {
  readonly edits: FileEdits;
  readonly roots = new Set<string>();
  private readonly parsed = new Map<string, ParsedFile>();
  private readonly newPatches = new Map<string, NewPatch>();

  constructor(
    private readonly allBuilt: ReadonlyMap<string, BuiltFile>,
    read: ReadFile,
  ) {
    this.edits = new FileEdits(read);
  }

  /** A file, or a patch written in a kustomization, parsed for the fixer. */
  private parsedOf(patch: Patch): ParsedFile | undefined {
    const key = patch.inline ? `${patch.file}#patch-${patch.inline.line}` : patch.file;
    let file = this.parsed.get(key);
    if (!file) {
      const text = patch.inline?.text ?? this.edits.text(patch.file);
      if (text === undefined) return undefined;
      file = parseFile(key, text);
      this.parsed.set(key, file);
    }
    return file;
  }

  private readonly documentsOf = (patch: Patch): Document.Parsed[] | undefined =>
    this.parsedOf(patch)?.documents.map((document) => document.doc);

  /** The roots whose builds read a file: it declares one of their objects, or patches one. */
  usersOf(file: string): string[] {
    const roots = new Set<string>();
    for (const built of this.allBuilt.values())
      if (built.originFile === file || built.patches.some((patch) => patch.file === file))
        roots.add(built.root);
    if (
      KUSTOMIZATION_NAMES.has(basename(file)) &&
      [...this.allBuilt.values()].some((object) => object.root === file)
    )
      roots.add(file);
    return [...roots];
  }

  /** Writes one change of a build's object; the reason when it cannot be. */
  apply(change: Change, built: BuiltFile, before: unknown): string | undefined {
    if (change.kind === 'replace') return `it replaces ${pathText(change.path) || 'the object'} whole`;
    if (!built.originFile)
      return built.generatedBy
        ? `the object is generated by the ${built.generatedBy.generator} of ${built.generatedBy.kustomization}: change its generator there`
        : 'no file of the workspace declares the object';
    const target = change.kind === 'add' ? change.parent : change.path;
    const subject =
      change.kind === 'add' ? pathText([...change.parent, { key: change.key }]) : pathText(target);
    const value =
      change.kind === 'add'
        ? toValue(change.pair.value)
        : change.kind === 'set'
          ? toValue(change.node)
          : change.kind === 'append'
            ? change.items
            : undefined;
    if (value !== undefined) {
      if (!isFixValue(value))
        return `${subject} would get a value without content (a placeholder to fill in)`;
      const copied = this.copied(value, built, before);
      if (copied) return copied;
    }
    const writer = writerOf(built, before, target, this.documentsOf);
    const transformed = this.transformed(change, target, subject, writer, built, before);
    if (transformed) return transformed;
    if (writer.patch || writer.operation) return this.editWriter(writer, change, target, subject);
    if (this.usersOf(writer.file).length <= 1) return this.editWriter(writer, change, target, subject);
    return this.addToRootPatch(built, writer, change, target, subject, value, before);
  }

  /** Why a change is a kustomization transformer's (the field that writes it), when it is. */
  private transformed(
    change: Change,
    target: readonly RenderedStep[],
    subject: string,
    writer: BuiltWriter,
    built: BuiltFile,
    before: unknown,
  ): string | undefined {
    let written = true;
    if (change.kind === 'set' || change.kind === 'remove') {
      const deployed = valueAt(before, target);
      written = writer.depth === target.length && (change.kind === 'remove' || writer.value === deployed);
    } else if (change.kind === 'append') {
      const list = valueAt(before, target, true);
      written =
        writer.depth === target.length &&
        isSeq(writer.node) &&
        isSeq(list) &&
        writer.node.items.length === list.items.length;
    }
    if (written) return undefined;
    const keys = keysOf(change.kind === 'add' ? [...target, { key: change.key }] : target);
    for (const { writes, transformers, field } of TRANSFORMER_FIELDS) {
      if (!writes(keys)) continue;
      const step = built.transformedBy.find((candidate) => transformers.includes(candidate.transformer));
      if (step)
        return `${subject} is written by the \`${field}:\` of ${step.kustomization} (a kustomization transformer): change it there`;
    }
    return `${subject} is not written as built by any file of the build (a kustomization transformer or a merge of several files sets it)`;
  }

  /**
   * Why a value may not be written into a file: it holds text of the built object that no file writes
   * there (a name with its prefix or suffix, a namespace, a generated name's hash).
   */
  private copied(value: unknown, built: BuiltFile, before: unknown): string | undefined {
    const found = copiedText(before, textsOf(value, new Set()), (text, path) => {
      const writer = writerOf(built, before, path, this.documentsOf);
      return writer.depth !== path.length || writer.value !== text;
    });
    return found === undefined
      ? undefined
      : `it would write "${found}", which kustomize built (a name prefix or suffix, a namespace, a hash, a transformer's value), into a file`;
  }

  /** Edits the file (or the patch written in a kustomization) that writes the change's path. */
  private editWriter(
    writer: BuiltWriter,
    change: Change,
    target: readonly RenderedStep[],
    subject: string,
  ): string | undefined {
    const patch: Patch = writer.patch ?? { file: writer.file, targeted: true };
    const file = this.parsedOf(patch);
    if (!file || writer.depth < 0) return `${writer.file} cannot be read`;
    const rest = target.slice(writer.depth);
    const fixer = new Fixer(file);
    switch (change.kind) {
      case 'add': {
        if (rest.some((step) => !('key' in step)))
          return `${writer.file} writes no item for ${pathText(target.slice(0, writer.depth + 1))}`;
        if (!isMap(writer.node))
          return `${pathText(target.slice(0, writer.depth))} is not a mapping in ${writer.file}`;
        fixer.set(writer.node, [...keysOf(rest), change.key], toValue(change.pair.value) as FixValue);
        break;
      }
      case 'set': {
        const value = toValue(change.node);
        if (!isScalar(writer.node) || typeof value === 'object' || value === null)
          return `${subject} is not one value written in ${writer.file}`;
        fixer.replaceScalar(writer.node, value as string | number | boolean);
        break;
      }
      case 'remove': {
        const last = target.at(-1);
        if (!isMap(writer.parent) || !last || !('key' in last))
          return `${subject} is not a key of a mapping in ${writer.file}`;
        fixer.removeKey(writer.parent, last.key);
        break;
      }
      case 'rename': {
        const last = target.at(-1);
        const edit =
          writer.depth === target.length && last && 'key' in last
            ? keyRenameEdit(writer.parent, last.key, change.to)
            : undefined;
        if (!edit)
          return `${subject} is not a key written in ${writer.file}, or ${change.to} is there already`;
        const edits = [edit];
        if (patch.inline) return this.editInline(patch, edits, subject);
        this.edits.edit(writer.file, edits, writer.file);
        for (const root of this.usersOf(writer.file)) this.roots.add(root);
        return undefined;
      }
      case 'append': {
        if (
          !isSeq(writer.node) ||
          !change.items.every((item) => ['string', 'number', 'boolean'].includes(typeof item))
        )
          return `${subject} is not a list of values written in ${writer.file}`;
        for (const item of change.items) fixer.appendItem(writer.node, item as string | number | boolean);
        break;
      }
    }
    const edits = fixer.result();
    if (!edits) return fixer.withheld ?? `${subject} cannot be edited in place in ${writer.file}`;
    if (patch.inline) return this.editInline(patch, edits, subject);
    this.edits.edit(writer.file, edits, writer.file);
    for (const root of this.usersOf(writer.file)) this.roots.add(root);
    return undefined;
  }

  /** Edits of a patch written in a kustomization (`patch: |`), moved to its lines there. */
  private editInline(patch: Patch, edits: readonly OffsetEdit[], subject: string): string | undefined {
    const inline = patch.inline!;
    const text = this.edits.text(patch.file);
    if (text === undefined) return `${patch.file} cannot be read`;
    const lines = new LineIndex(text);
    const patchLines = new LineIndex(inline.text);
    const indent = ' '.repeat(inline.indent);
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const offsetIn = (offset: number) => {
      const { line, character } = patchLines.position(offset);
      return lines.lineStart(inline.line + line) + inline.indent + character;
    };
    const moved: OffsetEdit[] = [];
    for (const edit of edits) {
      const start = offsetIn(edit.start);
      const end = offsetIn(edit.end);
      if (end > lines.lineEnd(lines.position(end).line) || start > end)
        return `${subject} cannot be edited in place in the patch written in ${patch.file}`;
      moved.push({ start, end, newText: edit.newText.replace(/\r?\n/g, `${eol}${indent}`) });
    }
    this.edits.edit(patch.file, moved, `the patch in ${patch.file}`);
    for (const root of this.usersOf(patch.file)) this.roots.add(root);
    return undefined;
  }

  /**
   * A change of a base several roots build, in a strategic-merge patch of this root: one of its own
   * patch files that names the object (edited where it reaches furthest), else a new patch naming the
   * object as its base writes it.
   */
  private addToRootPatch(
    built: BuiltFile,
    writer: BuiltWriter,
    change: Change,
    target: readonly RenderedStep[],
    subject: string,
    value: unknown,
    before: unknown,
  ): string | undefined {
    if (change.kind !== 'add' && change.kind !== 'set')
      return `${subject} would need a patch that removes or appends, which kube-maturity does not write: ${writer.file} is built by several roots`;
    const document = writer.document;
    if (!isMap(document)) return `${writer.file} does not declare the object as a mapping`;
    const kind = document.get('kind');
    const name = document.getIn(['metadata', 'name']);
    if (typeof kind !== 'string' || typeof name !== 'string')
      return `${writer.file} does not name the object (kind, metadata.name) for a patch`;
    const steps: PatchStep[] = [];
    let node: unknown = document;
    for (const [index, step] of target.entries()) {
      if ('key' in step) {
        steps.push(step);
        node = isMap(node) ? node.get(step.key, true) : undefined;
        continue;
      }
      const item =
        isSeq(node) && index < writer.depth
          ? writerPathNode(document, target.slice(0, index + 1))
          : undefined;
      const mergeKey = MERGE_KEYS.find((key) => {
        const keyValue: unknown = isMap(item) ? item.get(key) : undefined;
        return ['string', 'number', 'boolean'].includes(typeof keyValue);
      });
      if (!mergeKey || !isMap(item))
        return `${pathText(target.slice(0, index + 1))} has no merge key (${MERGE_KEYS.join(', ')}) a patch could match it by`;
      steps.push({ mergeKey, value: item.get(mergeKey) as string | number | boolean });
      node = item;
    }
    if (change.kind === 'add') steps.push({ key: change.key });
    for (const patch of built.patches) {
      if (patch.inline || patch.targeted || this.usersOf(patch.file).length > 1) continue;
      const own = writerOf(
        { ...built, originFile: undefined, patches: [patch] },
        before,
        target,
        this.documentsOf,
      );
      if (!own.patch || own.operation || own.document === undefined) continue;
      if (own.depth >= writer.depth) return this.editWriter(own, change, target, subject);
      const rest = steps.slice(own.depth);
      const first = rest[0];
      if (!isMap(own.node) || !first || !('key' in first)) continue;
      const nested: Record<string, unknown> = {};
      if (!placeInPatch(nested, rest, value)) continue;
      const file = this.parsedOf(patch);
      const edits =
        file && new Fixer(file).set(own.node, [first.key], nested[first.key] as FixValue).result();
      if (!edits) continue;
      this.edits.edit(patch.file, edits, patch.file);
      this.roots.add(built.root);
      return undefined;
    }
    const key = `${built.root}\u0000${kind}\u0000${name}`;
    let patch = this.newPatches.get(key);
    if (!patch) {
      const head = {
        apiVersion: document.get('apiVersion'),
        kind,
        name,
        namespace: document.getIn(['metadata', 'namespace']),
      };
      patch = { root: built.root, head, body: {} };
      this.newPatches.set(key, patch);
    }
    return placeInPatch(patch.body, steps, value) ? undefined : `${subject} cannot be written in a patch`;
  }

  /** The new patches as files of their roots, each named in its kustomization's `patches:`. */
  finish(): string | undefined {
    for (const patch of this.newPatches.values()) {
      const folder = dirname(patch.root);
      const prefix = folder === '.' ? '' : `${folder}/`;
      const stem = `kube-maturity-patch-${slug(patch.head.kind)}-${slug(patch.head.name)}`;
      let file = `${prefix}${stem}.yaml`;
      for (let n = 2; this.edits.exists(file); n++) file = `${prefix}${stem}-${n}.yaml`;
      const metadata: Record<string, unknown> = { name: patch.head.name };
      if (typeof patch.head.namespace === 'string') metadata.namespace = patch.head.namespace;
      const object = {
        ...(patch.head.apiVersion === undefined ? {} : { apiVersion: patch.head.apiVersion }),
        kind: patch.head.kind,
        metadata,
        ...patch.body,
      };
      const kustomization = this.edits.text(patch.root);
      if (kustomization === undefined) return `${patch.root} cannot be read`;
      const entry = patchEntryEdit(kustomization, file.slice(prefix.length));
      if (typeof entry === 'string') return `${patch.root}: ${entry}`;
      this.edits.create(file, stringify(object, { lineWidth: 0 }), `a new patch ${file}`);
      this.edits.edit(patch.root, [entry], patch.root);
      this.roots.add(patch.root);
    }
    return undefined;
  }
}

/** The node of a document on a rendered path: list items by their merge key, else by their place. */
function writerPathNode(document: unknown, path: readonly RenderedStep[]): unknown {
  let node = document;
  for (const step of path) {
    if ('key' in step) node = isMap(node) ? node.get(step.key, true) : undefined;
    else {
      if (!isSeq(node)) return undefined;
      const fields = step.siblings?.[step.index]?.fields;
      const key = fields && MERGE_KEYS.find((candidate) => fields[candidate] !== undefined);
      node = key
        ? node.items.find((item) => isMap(item) && String(item.get(key)) === fields[key])
        : node.items[step.index];
    }
  }
  return node;
}

/** Puts a value at the steps of a new patch's body (items found or added by their merge key). */
function placeInPatch(body: Record<string, unknown>, steps: readonly PatchStep[], value: unknown): boolean {
  let at: unknown = body;
  for (const [index, step] of steps.entries()) {
    const last = index === steps.length - 1;
    const next = steps[index + 1];
    if ('key' in step) {
      if (Array.isArray(at) || at === null || typeof at !== 'object') return false;
      const map = at as Record<string, unknown>;
      if (last) {
        map[step.key] = value;
        return true;
      }
      map[step.key] ??= 'mergeKey' in next ? [] : {};
      at = map[step.key];
      continue;
    }
    if (!Array.isArray(at) || last) return false;
    let item = at.find(
      (candidate: unknown) => (candidate as Record<string, unknown>)?.[step.mergeKey] === step.value,
    ) as Record<string, unknown> | undefined;
    if (!item) {
      item = { [step.mergeKey]: step.value };
      at.push(item);
    }
    at = item;
  }
  return false;
}

/** The edit of a kustomization that adds `- path: file` to its `patches:` (the key added when absent). */
export function patchEntryEdit(text: string, file: string): OffsetEdit | string {
  const document = parseDocument(text, { uniqueKeys: false });
  if (document.errors.length > 0 || !isMap(document.contents)) return 'it is not one mapping';
  const lines = new LineIndex(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const pair = document.contents.items.find((item) => scalarKey(item) === 'patches');
  const dashColumn = (list: unknown): number | undefined => {
    const first = isSeq(list) ? (list.items[0] as { range?: [number, number, number] }) : undefined;
    if (!first?.range) return undefined;
    const { line } = lines.position(first.range[0]);
    const column = lines.lineText(line).indexOf('-');
    return column < 0 ? undefined : column;
  };
  if (pair) {
    const list = pair.value;
    if (!isSeq(list) || list.flow) return '`patches:` is not a block list';
    const column = dashColumn(list);
    const lastItem = list.items.at(-1) as { range?: [number, number, number] } | undefined;
    if (column === undefined || !lastItem?.range) return '`patches:` has no item to follow';
    const end = lines.position(lastItem.range[1]);
    const item = `${' '.repeat(column)}- path: ${file}`;
    if (end.character === 0) {
      const at = lines.lineStart(end.line);
      return { start: at, end: at, newText: `${item}${eol}` };
    }
    const at = lines.lineEnd(end.line);
    return { start: at, end: at, newText: `${eol}${item}` };
  }
  // The list style of the kustomization's other lists (`resources:` items under or beside their key).
  let column = 2;
  for (const item of document.contents.items) {
    const found = dashColumn(item.value);
    if (found !== undefined) {
      column = found;
      break;
    }
  }
  const separator = text === '' || text.endsWith('\n') ? '' : eol;
  return {
    start: text.length,
    end: text.length,
    newText: `${separator}patches:${eol}${' '.repeat(column)}- path: ${file}${eol}`,
  };
}

function valueAt(contents: unknown, path: readonly RenderedStep[], node = false): unknown {
  let current = contents;
  for (const step of path) {
    if ('key' in step) current = isMap(current) ? current.get(step.key, true) : undefined;
    else current = isSeq(current) ? current.items[step.index] : undefined;
  }
  if (node) return current;
  return isScalar(current) && current.value !== null ? String(current.value) : undefined;
}

/**
 * The fix of a built finding as edits of its kustomization's files, `review` at least, from the fix of
 * each build that shows it; or why it cannot be (never one that copies what kustomize built).
 */
export function proposeKustomizeFix(
  builtFinding: BuiltFinding,
  allBuilt: ReadonlyMap<string, BuiltFile>,
  read: ReadFile,
  fixOf: (finding: Finding) => FindingFix | undefined = (finding) => finding.fix,
): KustomizeFixOutcome {
  const writer = new KustomizeFixWriter(allBuilt, read);
  let first: FindingFix | undefined;
  for (const build of builtFinding.builds) {
    const fix = build.fix ?? fixOf(build.finding);
    if (!fix) return { withheld: `its control offers no fix for it in the build of ${build.built.root}` };
    first ??= fix;
    let afterText: string;
    try {
      afterText = applyTextEdits(build.built.text, fix.edits);
    } catch {
      return { withheld: 'the fix edits overlap' };
    }
    // A built object after the first starts with the `---` that separated it from the one before.
    const [own, ...added] = afterText.replace(/^---[ \t]*\r?\n/, '').split(/^---[ \t]*$/m);
    if (added.some((text) => text.trim() !== ''))
      return {
        withheld:
          'it adds a new object, which a fix of a kustomization does not write: add it to the resources yourself',
      };
    const before = parseDocument(build.built.text);
    const after = parseDocument(own);
    if (before.errors.length > 0 || after.errors.length > 0)
      return { withheld: 'the built object does not parse with the fix' };
    const changes: Change[] = [];
    compare(before.contents, after.contents, [], changes);
    for (const change of changes) {
      const refused = writer.apply(change, build.built, before.contents);
      if (refused) return { withheld: refused };
    }
  }
  const unfinished = writer.finish();
  if (unfinished) return { withheld: unfinished };
  const result = writer.edits.result();
  if (!first) return { withheld: 'its control offers no fix for it' };
  if (!result) return { withheld: 'the edits of its builds overlap' };
  if (result.edits.length === 0) return { withheld: 'the fix changes nothing a file of the build writes' };
  return {
    finding: builtFinding.finding,
    builds: builtFinding.builds.map((build) => build.finding),
    fix: {
      class: stricterClass(first.class, 'review'),
      title: `${first.title} in ${placesText(writer.edits.places)}`,
      edits: result.edits,
    },
    files: result.files,
    roots: [...writer.roots].sort(),
  };
}

/** Roots built again with some files (by path) replaced: their objects, or why one did not build. */
export type Rebuild = (
  roots: readonly string[],
  files: ReadonlyMap<string, string>,
) => Promise<{ documents: SourceFile[] } | { error: string }>;

/** Copies a folder's regular files (not its folders, never a link). */
function copyFiles(from: string, to: string): void {
  let names: string[];
  try {
    names = readdirSync(from);
  } catch {
    return;
  }
  mkdirSync(to, { recursive: true });
  for (const name of names) {
    const path = join(from, name);
    if (lstatSync(path).isFile()) copyFileSync(path, join(to, name));
  }
}

/**
 * Builds roots from a temporary copy of the folders their builds read (kustomizeClosure), with files
 * replaced (`unsaved` first, the fix's then): the workspace is never written.
 */
export function kustomizeRebuilder(
  tool: KustomizeTool,
  limits: RenderLimits,
  kustomizations: readonly SourceFile[],
  cwd = process.cwd(),
  unsaved: ReadonlyMap<string, string> = new Map(),
): Rebuild {
  return async (roots, files) => {
    const home = mkdtempSync(join(tmpdir(), 'kube-maturity-kustomize-fix-'));
    const mirrored = (path: string) => join(home, resolve(cwd, path).replace(/^[A-Za-z]:/, ''));
    try {
      const copied = new Set<string>();
      for (const root of roots) {
        const source = kustomizations.find((candidate) => candidate.path === root);
        if (!source) return { error: `${root} is not a kustomization of the workspace` };
        for (const folder of kustomizeClosure(source, kustomizations))
          if (!copied.has(folder)) {
            copied.add(folder);
            copyFiles(resolve(cwd, folder), mirrored(folder));
          }
      }
      for (const [path, text] of [...unsaved, ...files]) {
        mkdirSync(dirname(mirrored(path)), { recursive: true });
        writeFileSync(mirrored(path), text);
      }
      const documents: SourceFile[] = [];
      for (const root of roots) {
        const outcome = await buildKustomization(tool, dirname(mirrored(root)), limits);
        if (outcome.kind === 'error') return { error: outcome.message };
        if (outcome.kind === 'unavailable') return { error: outcome.reason };
        for (const [position, object] of outcome.objects.entries())
          documents.push({ path: `${root}#verified-${position + 1}.yaml`, text: object.text });
      }
      return { documents };
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  };
}

/**
 * Builds the proposal's roots again with its files and checks their objects (`findingsOf` analyses them
 * in place of the roots' built objects): verified when they build and none of its builds' findings is left.
 */
export async function verifyKustomizeFix(
  proposal: KustomizeFixProposal,
  rebuild: Rebuild,
  findingsOf: (roots: readonly string[], documents: readonly SourceFile[]) => readonly Finding[],
): Promise<FixVerdict> {
  const outcome = await rebuild(proposal.roots, proposal.files);
  if ('error' in outcome) return { verified: false, reason: `kustomize fails to build it: ${outcome.error}` };
  const left = findingsOf(proposal.roots, outcome.documents);
  if (!removesFinding(proposal, left))
    return { verified: false, reason: 'built again with it, the kustomization still has the finding' };
  return { verified: true };
}

function removesFinding(proposal: KustomizeFixProposal, left: readonly Finding[]): boolean {
  return !left.some((finding) => proposal.builds.some((build) => sameFinding(finding, build)));
}

/** The virtual paths of the roots' built objects: what their rebuilt objects stand in for. */
function builtPathsOf(built: ReadonlyMap<string, BuiltFile>, roots: readonly string[]): string[] {
  return [...built.values()].filter((file) => roots.includes(file.root)).map((file) => file.virtualPath);
}

export interface KustomizeFixOptions extends FixOfferOptions {
  tool: KustomizeTool;
}

/**
 * The fixes of built findings as fixes of their kustomizations: each proposed, verified by building its
 * roots again, and set on its finding (its `fix`), or the reason it is not offered (`fixWithheld`).
 */
export async function offerKustomizeFixes(
  renders: { fixes: readonly BuiltFinding[]; built: ReadonlyMap<string, BuiltFile> },
  options: KustomizeFixOptions,
): Promise<FixCounts> {
  const counts: FixCounts = { offered: 0, withheld: 0, unverified: 0 };
  const proposals: KustomizeFixProposal[] = [];
  for (const builtFinding of renders.fixes) {
    if (!builtFinding.builds.some((build) => build.fix)) continue;
    const outcome = proposeKustomizeFix(builtFinding, renders.built, options.read);
    if ('withheld' in outcome) {
      builtFinding.finding.fixWithheld = outcome.withheld;
      counts.withheld++;
    } else proposals.push(outcome);
  }
  if (proposals.length === 0) return counts;
  const workspace = new WorkspaceFindings(options.settings, options.controls, options.sources);
  const kustomizations = options.sources.filter((source) => KUSTOMIZATION_NAMES.has(basename(source.path)));
  const rebuild = kustomizeRebuilder(options.tool, options.limits, kustomizations, options.cwd);
  await eachInParallel(proposals, async (proposal) => {
    const verdict = await verifyKustomizeFix(proposal, rebuild, (roots, documents) =>
      workspace.findingsWith(builtPathsOf(renders.built, roots), documents),
    );
    settleOffer(proposal, verdict, counts);
  });
  return counts;
}

export interface KustomizeFixRunOptions extends FixRunOptions {
  tool: KustomizeTool;
}

export interface KustomizeFixRun extends RenderedFixRun {
  /** The files the builds read in place of checking them (their plain fixes are not the build's). */
  built: Set<string>;
}

/**
 * `fix --render` for kustomizations: applies the verified fixes of the asked classes, building the roots
 * again after each round (from a temporary copy: the workspace is not written here), until none is left.
 */
export async function fixKustomizations(
  sources: readonly SourceFile[],
  options: KustomizeFixRunOptions,
): Promise<KustomizeFixRun> {
  const cwd = options.cwd ?? process.cwd();
  const rounds = new FixRounds('kube-maturity-kustomize-fixes-', cwd, options);
  const { read } = rounds;
  const run: KustomizeFixRun = Object.assign(rounds.run, { built: new Set<string>() });
  try {
    const kustomizations = sources.filter((source) => KUSTOMIZATION_NAMES.has(basename(source.path)));
    for (const root of kustomizeRoots(sources))
      for (const folder of kustomizeClosure(root, kustomizations))
        copyFiles(resolve(cwd, folder), rounds.mirrored(folder));
    for (let round = 0; round < (options.maxRounds ?? 100); round++) {
      const current = rounds.current(sources);
      const renders = await buildKustomizeRoots(
        current,
        { tool: options.tool, limits: options.limits },
        rounds.mirrored(cwd),
      );
      const result = checkWorkspace(renders.sources, {
        settings: options.settings,
        controls: options.controls,
      });
      const parsed = new Map(result.analysis.objects.map((object) => [object.file.path, object.file]));
      mapBuiltFindings(
        result.analysis.findings,
        renders,
        new FindingPlacer((path) => parsed.get(path), read),
      );
      if (round === 0) for (const { file } of renders.skipped) run.built.add(file);
      rounds.startRound(renders.fixes.map(({ finding }) => finding));
      const candidates: KustomizeFixProposal[] = [];
      for (const builtFinding of renders.fixes) {
        if (!rounds.tries(builtFinding.finding) || !builtFinding.builds.some((build) => build.fix)) continue;
        const candidate = rounds.candidate(proposeKustomizeFix(builtFinding, renders.built, read));
        if (candidate) candidates.push(candidate);
      }
      if (candidates.length === 0) break;
      const workspace = new WorkspaceFindings(options.settings, options.controls, renders.sources);
      const rebuild = kustomizeRebuilder(
        options.tool,
        options.limits,
        current.filter((source) => KUSTOMIZATION_NAMES.has(basename(source.path))),
        rounds.mirrored(cwd),
      );
      const findingsOf = (roots: readonly string[], documents: readonly SourceFile[]) =>
        workspace.findingsWith(builtPathsOf(renders.built, roots), documents);
      const { picked, rejected } = await pickVerified(
        candidates,
        read,
        async (batch, files) => {
          const roots = [...new Set(batch.flatMap((proposal) => proposal.roots))];
          const outcome = await rebuild(roots, files);
          return 'error' in outcome ? undefined : findingsOf(roots, outcome.documents);
        },
        removesFinding,
        async (candidate) => (await verifyKustomizeFix(candidate, rebuild, findingsOf)).verified,
      );
      rounds.reject(rejected);
      if (picked.length === 0) break;
      rounds.apply(picked);
    }
    return run;
  } finally {
    rounds.dispose();
  }
}
