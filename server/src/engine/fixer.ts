import { isMap, isScalar, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { anchorsEditedBy } from './fix/anchors';
import {
  appendDocumentEdit,
  appendToSequence,
  fillNullValue,
  insertIntoMap,
  relocateInsertsInsideRemovals,
} from './fix/insert';
import { editsRemovingItems, editsRemovingPair } from './fix/remove';
import { scalarText } from './fix/scalar';
import { isBlockScalar, trimEnd } from './fix/source';
import { describeNewDocument, describeSet, joinActions, writtenValue } from './fix/title';
import { type FixEntries, type FixValue, mergeInto, nest } from './fix/value';
import { likelyMisspellingOf } from './misspelling';
import { deref, getPair, isNullish, nodeSpan, type YPair } from './nodes';
import type { ParsedFile } from './parse';
import type { OffsetEdit } from './text';

export { Comment, type FixValue } from './fix/value';

/**
 * Builds the minimal text edits of one fix. Values are inserted where missing and replaced where present;
 * nothing else in the file is re-serialised.
 */
export class Fixer {
  private readonly edits: OffsetEdit[] = [];
  /** New documents, applied after every other edit at the end of the text. */
  private readonly appended: OffsetEdit[] = [];
  /** The mapping each null-valued pair `set` fills belongs to: a flow parent keeps flow style. */
  private readonly pairParents = new WeakMap<YPair, YAMLMap>();
  /** Insertions into one existing mapping, merged so that two paths through a new key make one block. */
  private readonly pending = new Map<YAMLMap | YPair, FixEntries>();
  /** The mapping each mapping `set` walked into was reached from: a block parent allows block style. */
  private readonly parents = new WeakMap<YAMLMap, YAMLMap>();
  private failed = false;
  private withheldBecause?: string;
  private title?: string;
  /** What the edits do, in order, for the title when the control gives none. */
  private readonly actions: string[] = [];
  /** Values the author wrote that the fix changes or removes (`hostNetwork: true`). */
  private readonly overridden: string[] = [];
  private isDraft = false;
  private shared: string[] = [];
  private readonly behaviourNotes: string[] = [];

  constructor(readonly file: ParsedFile) {}

  /** Gives the fix up; `reason` (for the hover) says why no fix is offered, when a person should know. */
  fail(reason?: string): this {
    this.failed = true;
    if (reason && !this.withheldBecause) this.withheldBecause = reason;
    return this;
  }

  /** Why the fix was withheld, when the control or the fixer said. */
  get withheld(): string | undefined {
    return this.failed ? this.withheldBecause : undefined;
  }

  /** Says what the fix does ("Add a readinessProbe on port http"): the title of the quick fix. */
  describe(title: string): this {
    this.title = title;
    return this;
  }

  /** The fix changes or removes a value the author wrote explicitly: it is at least `review`. */
  overridesExplicit(value: string): this {
    if (!this.overridden.includes(value)) this.overridden.push(value);
    return this;
  }

  /** The fix writes a placeholder or a value a person must choose: it is a `draft`. */
  draft(): this {
    this.isDraft = true;
    return this;
  }

  get isDraftFix(): boolean {
    return this.isDraft;
  }

  get overriddenValues(): readonly string[] {
    return this.overridden;
  }

  /** Says why the fix changes behaviour though its control's fixes usually do not: it is at least `review`. */
  changesBehaviour(note: string): this {
    this.behaviourNotes.push(note);
    return this;
  }

  get behaviourChanges(): readonly string[] {
    return this.behaviourNotes;
  }

  /** Anchors (used by an alias elsewhere) whose node the edits change: every alias changes with it. */
  get sharedAnchors(): readonly string[] {
    return this.shared;
  }

  /** The title: the control's, else what the edits do; it says which explicit values it overrides. */
  describeFix(fallback: string): string {
    let title = this.title ?? (this.actions.length > 0 ? joinActions(this.actions) : fallback);
    if (this.overridden.length > 0)
      title += ` (overrides the explicit ${this.overridden.map((value) => `\`${value}\``).join(', ')})`;
    if (this.shared.length > 0)
      title += ` (also changes every alias of ${this.shared.map((name) => `\`&${name}\``).join(', ')})`;
    for (const note of this.behaviourNotes) title += ` (${note})`;
    return title;
  }

  /** Sets `path` under `map` to `value`: replaces a scalar that is there, or inserts what is missing. */
  set(map: YAMLMap, path: readonly string[], value: FixValue): this {
    let current = map;
    for (let depth = 0; depth < path.length; depth++) {
      const key = path[depth];
      const pair = getPair(current, key);
      const rest = path.slice(depth + 1);
      const leaf = nest(rest, value);
      if (!pair) {
        if (isSchemaKey(path, depth)) {
          const misspelled = likelyMisspellingOf(key, ownKeys(current));
          if (misspelled)
            return this.fail(
              `\`${misspelled}\` looks like a misspelling of \`${key}\`; rename it first, or the fix would add a second \`${key}\``,
            );
        }
        this.actions.push(describeSet(path, value, 'Add'));
        this.queueInsert(current, key, leaf);
        return this;
      }
      if (!current.items.includes(pair)) {
        // Reached through a merge key: an own key overrides the merged one; a merged parent cannot be edited.
        if (rest.length > 0) return this.fail();
        this.actions.push(describeSet(path, value, 'Set'));
        const merged = deref(pair.value);
        if (isScalar(merged) && merged.value !== null)
          this.overridesExplicit(writtenValue(key, merged.value));
        this.queueInsert(current, key, value);
        return this;
      }
      const target = deref(pair.value);
      if (rest.length === 0) {
        if (isScalar(target) && target.value !== null && typeof value !== 'object') {
          this.actions.push(describeSet(path, value, 'Set'));
          if (String(target.value) !== String(value)) this.overridesExplicit(writtenValue(key, target.value));
          this.replaceScalar(target, value);
        } else if (isNullish(pair.value)) {
          this.actions.push(describeSet(path, value, 'Add'));
          this.pairParents.set(pair, current);
          this.queueInsert(pair, '', value);
        } else {
          this.fail();
        }
        return this;
      }
      if (isNullish(pair.value)) {
        this.pairParents.set(pair, current);
        this.queueInsert(pair, '', leaf);
        return this;
      }
      if (!isMap(target) || target !== pair.value) return this.fail();
      this.parents.set(target, current);
      current = target;
    }
    return this;
  }

  /** Replaces a scalar's text, keeping its quoting style. */
  replaceScalar(node: Scalar, value: string | number | boolean): this {
    const span = nodeSpan(node);
    if (!span) return this.fail();
    const block = isBlockScalar(node);
    // A block scalar's range runs on to the next line's indentation: replace its content lines only.
    const end = block ? trimEnd(this.file, span[1]) : span[1];
    const newText = scalarText(value, this.file.json, block ? 'PLAIN' : node.type);
    this.edits.push({ start: span[0], end, newText });
    return this;
  }

  /** Removes a key and its value from a mapping, with the whole lines it stands on in block style. */
  removeKey(map: YAMLMap, key: string): this {
    const pair = getPair(map, key);
    if (!pair || !map.items.includes(pair)) return this.fail();
    const removedValue = deref(pair.value);
    this.actions.push(`Remove ${key}`);
    if (isScalar(removedValue) && removedValue.value !== null)
      this.overridesExplicit(writtenValue(key, removedValue.value));
    else if (!isNullish(pair.value)) this.overridesExplicit(key);
    return this.addEdits(editsRemovingPair(this.file, map, map.items.indexOf(pair)));
  }

  /**
   * Removes the last key of `path` under `root`, and each parent mapping it would leave empty
   * (`securityContext: {procMount: Unmasked}` goes whole rather than leaving `securityContext:` null).
   */
  removePath(root: YAMLMap, path: readonly string[]): this {
    const chain: Array<[YAMLMap, string]> = [];
    let current: YAMLMap | undefined = root;
    for (const key of path) {
      if (!current) return this.fail();
      chain.push([current, key]);
      const pair = getPair(current, key);
      current = pair && isMap(pair.value) ? pair.value : undefined;
    }
    let level = chain.length - 1;
    while (level > 0) {
      const [map] = chain[level];
      const [parent, parentKey] = chain[level - 1];
      if (map.items.length !== 1 || getPair(parent, parentKey)?.value !== map || map.anchor) break;
      level--;
    }
    return this.removeKey(chain[level][0], chain[level][1]);
  }

  /**
   * Replaces a span of the text: for rewrites no structured edit expresses (a document converted to another
   * kind). Prefer `set`, `removeKey` and `appendDocument`, which keep the file's layout by construction.
   */
  replaceText(start: number, end: number, newText: string): this {
    if (start < 0 || end < start || end > this.file.text.length) return this.fail();
    this.edits.push({ start, end, newText });
    return this;
  }

  /** Removes entries of a sequence by index, each with its separator; the rest keeps its layout. */
  removeItems(seq: YAMLSeq, indices: readonly number[]): this {
    if (indices.length === 0) return this;
    return this.addEdits(editsRemovingItems(this.file, seq, new Set(indices)));
  }

  /** Appends a scalar to an existing sequence, in its style (block dash, one-line flow, multi-line JSON). */
  appendItem(seq: YAMLSeq, value: string | number | boolean): this {
    const edit = appendToSequence(this.file, seq, value);
    return this.addEdits(edit ? [edit] : undefined);
  }

  /** Appends a new document (a new object) at the end of the file. */
  appendDocument(value: FixEntries, leadingComment?: string): this {
    if (this.file.json) return this.fail();
    const edit = appendDocumentEdit(this.file, value, leadingComment);
    this.actions.push(describeNewDocument(value));
    this.appended.push(edit);
    return this;
  }

  /** The edits of this fix, or undefined when it cannot be made safely. */
  result(): OffsetEdit[] | undefined {
    if (this.failed) return undefined;
    const edits = [...this.edits];
    for (const [target, values] of this.pending) {
      const edit = isMap(target)
        ? insertIntoMap(this.file, target, values, this.parents.get(target))
        : fillNullValue(this.file, target, values, this.pairParents.get(target));
      if (!edit) return undefined;
      edits.push(edit);
    }
    edits.push(...this.appended);
    if (edits.length === 0) return undefined;
    this.shared = anchorsEditedBy(this.file, edits);
    return relocateInsertsInsideRemovals(this.file, edits);
  }

  /** Adds the edits of one change; undefined (the change cannot be expressed in the text) gives the fix up. */
  private addEdits(edits: readonly OffsetEdit[] | undefined): this {
    if (!edits) return this.fail();
    this.edits.push(...edits);
    return this;
  }

  private queueInsert(target: YAMLMap | YPair, key: string, value: FixValue): void {
    const existing = this.pending.get(target) ?? {};
    if (key === '') {
      // Filling a null value: the value itself is what gets rendered.
      if (typeof value !== 'object' || Array.isArray(value)) {
        this.pending.set(target, { '': value });
        return;
      }
      mergeInto(existing, value);
    } else {
      mergeInto(existing, { [key]: value });
    }
    this.pending.set(target, existing);
  }
}

/** Keys under these are data (labels, annotations, selectors), not fields a misspelling could shadow. */
const DATA_MAPS = new Set([
  'labels',
  'annotations',
  'matchLabels',
  'selector',
  'nodeSelector',
  'data',
  'stringData',
]);

function isSchemaKey(path: readonly string[], depth: number): boolean {
  if (path[depth].includes('/') || path[depth].includes('.')) return false;
  return depth === 0 || !DATA_MAPS.has(path[depth - 1]);
}

function ownKeys(map: YAMLMap): string[] {
  const keys: string[] = [];
  for (const item of map.items) {
    const key = (item as YPair).key;
    if (isScalar(key) && typeof key.value === 'string') keys.push(key.value);
  }
  return keys;
}
