import { isMap, isScalar, isSeq, type Scalar, visit, type YAMLMap, type YAMLSeq } from 'yaml';
import { type Layout, layoutOf } from './layout';
import { likelyMisspellingOf } from './misspelling';
import { deref, getPair, isNullish, keySpan, nodeSpan, type YPair } from './nodes';
import type { ParsedFile } from './parse';
import type { OffsetEdit } from './text';

/** A value to write: plain data, with `Comment` entries for lines a person must read. */
export type FixValue = string | number | boolean | FixValue[] | { [key: string]: FixValue | Comment };

/** A comment line inside a rendered mapping (only rendered in YAML; JSON has no comments). */
export class Comment {
  constructor(readonly text: string) {}
}

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
  private readonly pending = new Map<YAMLMap | YPair, Record<string, FixValue | Comment>>();
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

  /** True when the fix could not be expressed safely (the fix is then not offered). */
  get unavailable(): boolean {
    return this.failed;
  }

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
        if (isScalar(target) && target.value !== null && (typeof value !== 'object' || value === null)) {
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
    const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
    // A block scalar's range runs on to the next line's indentation: replace its content lines only.
    const end = block ? this.trimEnd(span[1]) : span[1];
    this.edits.push({ start: span[0], end, newText: this.scalarText(value, block ? 'PLAIN' : node.type) });
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
    const index = map.items.indexOf(pair);
    if (map.flow) return this.removeFlowItem(map, index);
    const keyStart = keySpan(pair)?.[0];
    const end = this.valueEnd(pair);
    if (keyStart === undefined || end === undefined) return this.fail();
    const lines = this.file.lines;
    const start = lines.lineStart(lines.position(keyStart).line) + this.keyColumn(keyStart);
    const startLine = lines.position(start).line;
    const before = this.file.text.slice(lines.lineStart(startLine), start);
    if (before.trim() !== '') {
      // The key shares its line with a sequence dash: the next key moves up onto that line.
      const next = map.items[index + 1] as YPair | undefined;
      const nextStart = next ? keySpan(next)?.[0] : undefined;
      if (nextStart === undefined) {
        this.edits.push({ start, end: lines.lineEnd(lines.position(end).line), newText: '{}' });
      } else {
        this.edits.push({ start, end: nextStart, newText: '' });
      }
      return this;
    }
    // The comments of the removed lines stay, each on a line of its own at the key's indentation.
    const removedEnd = this.nextLineStart(end);
    const value = pair.value;
    const blockScalar = isScalar(value) && (value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED');
    const removed = this.file.text.slice(lines.lineStart(startLine), removedEnd);
    const indent = ' '.repeat(start - lines.lineStart(startLine));
    const kept = (blockScalar ? [] : commentsOf(removed)).map(
      (comment) => indent + comment + this.layout().eol,
    );
    this.edits.push({ start: lines.lineStart(startLine), end: removedEnd, newText: kept.join('') });
    return this;
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
    const drop = new Set(indices);
    if (seq.flow) return this.removeFlowItems(seq, drop);
    const lines = this.file.lines;
    for (const index of [...drop].sort((a, b) => a - b)) {
      const itemSpan = nodeSpan(seq.items[index]);
      if (!itemSpan) return this.fail();
      const line = lines.position(itemSpan[0]).line;
      const lineStart = lines.lineStart(line);
      if (!/^\s*-\s/.test(this.file.text.slice(lineStart, itemSpan[0]) + ' ')) return this.fail();
      const end = this.nextLineStart(this.trimEnd(itemSpan[1]));
      const indent = /^\s*/.exec(this.file.text.slice(lineStart, itemSpan[0]))![0];
      const kept = commentsOf(this.file.text.slice(lineStart, end)).map(
        (comment) => indent + comment + this.layout().eol,
      );
      this.edits.push({ start: lineStart, end, newText: kept.join('') });
    }
    return this;
  }

  /** Appends a scalar to an existing sequence, in its style (block dash, one-line flow, multi-line JSON). */
  appendItem(seq: YAMLSeq, value: string | number | boolean): this {
    const span = nodeSpan(seq);
    if (!span) return this.fail();
    const { text, lines } = this.file;
    const last = seq.items[seq.items.length - 1];
    const lastSpan = last === undefined ? undefined : nodeSpan(last);
    const quoteStyle = isScalar(last) && last.type === 'QUOTE_DOUBLE' ? 'QUOTE_DOUBLE' : undefined;
    const rendered = this.scalarText(value, quoteStyle);
    if (seq.flow) {
      const close = text.lastIndexOf(']', span[1] - 1);
      if (close < span[0]) return this.fail();
      if (!lastSpan) {
        this.edits.push({ start: span[0] + 1, end: close, newText: rendered });
        return this;
      }
      const multiline = lines.position(lastSpan[0]).line !== lines.position(span[0]).line;
      const separator = multiline
        ? `,${this.layout().eol}${' '.repeat(lines.position(lastSpan[0]).character)}`
        : ', ';
      this.edits.push({ start: lastSpan[1], end: lastSpan[1], newText: separator + rendered });
      return this;
    }
    if (!lastSpan) return this.fail();
    const dash = /^(\s*)-\s+$/.exec(
      text.slice(lines.lineStart(lines.position(lastSpan[0]).line), lastSpan[0]),
    );
    if (!dash) return this.fail();
    const insertAt = lines.lineEnd(lines.position(this.trimEnd(lastSpan[1])).line);
    this.edits.push({
      start: insertAt,
      end: insertAt,
      newText: `${this.layout().eol}${dash[1]}- ${rendered}`,
    });
    return this;
  }

  /** Appends a new document (a new object) at the end of the file. */
  appendDocument(value: Record<string, FixValue | Comment>, leadingComment?: string): this {
    if (this.file.json) return this.fail();
    const { eol } = this.layout();
    const text = this.file.text;
    const separator = text.length === 0 || text.endsWith('\n') ? '' : eol;
    const lines = leadingComment ? [`# ${leadingComment}`] : [];
    lines.push(...this.renderBlockEntries(value, ''));
    const metadata = value.metadata;
    const name =
      metadata && typeof metadata === 'object' && !Array.isArray(metadata) && !(metadata instanceof Comment)
        ? metadata.name
        : undefined;
    this.actions.push(
      `Add a new ${typeof value.kind === 'string' ? value.kind : 'object'}${typeof name === 'string' ? ` ${name}` : ''}`,
    );
    this.appended.push({
      start: text.length,
      end: text.length,
      newText: `${separator}---${eol}${lines.join(eol)}${eol}`,
    });
    return this;
  }

  /** The edits of this fix, or undefined when it cannot be made safely. */
  result(): OffsetEdit[] | undefined {
    if (this.failed) return undefined;
    const edits = [...this.edits];
    for (const [target, values] of this.pending) {
      const edit = isMap(target) ? this.insertIntoMap(target, values) : this.fillNullValue(target, values);
      if (!edit) return undefined;
      edits.push(edit);
    }
    edits.push(...this.appended);
    if (edits.length === 0) return undefined;
    this.shared = sharedAnchorsOf(this.file, edits);
    return relocateInsertsInsideRemovals(edits, this.layout().eol);
  }

  /** Anchors (used by an alias elsewhere) whose node the edits change: every alias changes with it. */
  get sharedAnchors(): readonly string[] {
    return this.shared;
  }

  /** Says why the fix changes behaviour though its control's fixes usually do not: it is at least `review`. */
  changesBehaviour(note: string): this {
    this.behaviourNotes.push(note);
    return this;
  }

  get behaviourChanges(): readonly string[] {
    return this.behaviourNotes;
  }

  private queueInsert(target: YAMLMap | YPair, key: string, value: FixValue): void {
    const existing = this.pending.get(target) ?? {};
    if (key === '') {
      // Filling a null value: the value itself is what gets rendered.
      if (typeof value !== 'object' || Array.isArray(value)) {
        this.pending.set(target, { '': value });
        return;
      }
      mergeInto(existing, value as Record<string, FixValue>);
    } else {
      mergeInto(existing, { [key]: value });
    }
    this.pending.set(target, existing);
  }

  private insertIntoMap(map: YAMLMap, values: Record<string, FixValue | Comment>): OffsetEdit | undefined {
    // An explicit complex key (`? {a: 1}`) has no line a new key could follow safely: no fix.
    if (map.items.some((item) => !isScalar((item as YPair).key))) return undefined;
    if (map.flow && map.items.length === 0 && !this.file.json) return this.expandEmptyFlowMap(map, values);
    if (map.flow) return this.insertIntoFlowMap(map, values);
    const last = map.items[map.items.length - 1] as YPair | undefined;
    const first = map.items[0] as YPair | undefined;
    const firstKey = first ? keySpan(first) : undefined;
    const lastEnd = last ? this.valueEnd(last) : undefined;
    if (!firstKey || lastEnd === undefined) return undefined;
    const lines = this.file.lines;
    const indent = ' '.repeat(this.keyColumn(firstKey[0]));
    const { eol } = this.layout();
    const rendered = this.renderBlockEntries(values, indent);
    const lastValue = lastLeaf(last?.value);
    if (isScalar(lastValue) && isKeepChomping(this.file.text, lastValue)) {
      // The blank lines after a `|+` scalar belong to its value: insert after them, as whole lines.
      const end = nodeSpan(lastValue)![1];
      if (end === lines.lineStart(lines.position(end).line))
        return { start: end, end, newText: rendered.join(eol) + eol };
      return { start: end, end, newText: eol + rendered.join(eol) };
    }
    const insertAt = lines.lineEnd(lines.position(lastEnd).line);
    return { start: insertAt, end: insertAt, newText: eol + rendered.join(eol) };
  }

  private fillNullValue(pair: YPair, values: Record<string, FixValue | Comment>): OffsetEdit | undefined {
    const key = keySpan(pair);
    if (!key) return undefined;
    const lines = this.file.lines;
    const keyLine = lines.position(key[0]).line;
    const valueSpan = nodeSpan(pair.value);
    const hasNullText = valueSpan !== undefined && valueSpan[1] > valueSpan[0];
    if (hasNullText && lines.position(valueSpan[0]).line !== keyLine) return undefined;
    const parentIndent = this.keyColumn(key[0]);
    const { eol, indentUnit } = this.layout();
    const only = Object.keys(values).length === 1 && '' in values ? values[''] : undefined;
    if (this.file.json || this.pairParents.get(pair)?.flow) {
      // Inside a flow collection (or JSON) the value is written in flow style on the key's line.
      const inline = this.renderInline(
        only !== undefined && !(only instanceof Comment) ? only : (stripComments(values) as FixValue),
        this.file.json,
      );
      if (hasNullText) return { start: valueSpan[0], end: valueSpan[1], newText: inline };
      const colon = this.colonAfter(key[1]);
      return colon === undefined ? undefined : { start: colon + 1, end: colon + 1, newText: ` ${inline}` };
    }
    let newText: string;
    if (
      only !== undefined &&
      !(only instanceof Comment) &&
      (typeof only !== 'object' || Array.isArray(only))
    ) {
      newText = Array.isArray(only)
        ? eol + this.renderSequence(only, ' '.repeat(parentIndent)).join(eol)
        : ` ${this.scalarText(only)}`;
    } else {
      const indent = ' '.repeat(parentIndent + indentUnit);
      newText = eol + this.renderBlockEntries(values, indent).join(eol);
    }
    if (this.file.json) return undefined;
    if (hasNullText) {
      return {
        start: valueSpan[0],
        end: valueSpan[1],
        newText: newText.startsWith(' ') ? newText.slice(1) : newText,
      };
    }
    const insertAt = lines.lineEnd(keyLine);
    const lineText = this.file.text.slice(lines.lineStart(keyLine), insertAt);
    if (lineText.includes('#')) return undefined;
    return { start: insertAt, end: insertAt, newText };
  }

  /** `key: {}` in YAML becomes a block mapping under the key, as the rest of the file is written. */
  private expandEmptyFlowMap(
    map: YAMLMap,
    values: Record<string, FixValue | Comment>,
  ): OffsetEdit | undefined {
    const span = nodeSpan(map);
    if (!span) return undefined;
    const parent = this.parents.get(map);
    if (!parent || parent.flow) return this.insertIntoFlowMap(map, values);
    const lines = this.file.lines;
    const line = lines.position(span[0]).line;
    const before = this.file.text.slice(lines.lineStart(line), span[0]);
    const keyMatch = /^(\s*(?:-\s+)*)[^\s{}[\],#][^{}[\],#]*:\s*$/.exec(before);
    if (!keyMatch) return this.insertIntoFlowMap(map, values);
    const { eol, indentUnit } = this.layout();
    const indent = ' '.repeat(keyMatch[1].length + indentUnit);
    let start = span[0];
    while (start > 0 && this.file.text[start - 1] === ' ') start--;
    return { start, end: span[1], newText: eol + this.renderBlockEntries(values, indent).join(eol) };
  }

  private insertIntoFlowMap(
    map: YAMLMap,
    values: Record<string, FixValue | Comment>,
  ): OffsetEdit | undefined {
    const span = nodeSpan(map);
    if (!span) return undefined;
    const text = this.file.text;
    const close = text.lastIndexOf('}', span[1] - 1);
    if (close < span[0]) return undefined;
    const entries = Object.entries(values).filter(
      (entry): entry is [string, FixValue] => !(entry[1] instanceof Comment),
    );
    const quoteKeys =
      this.file.json ||
      map.items.some(
        (item) => isScalar((item as YPair).key) && ((item as YPair).key as Scalar).type === 'QUOTE_DOUBLE',
      );
    const lines = this.file.lines;
    const first = map.items[0] as YPair | undefined;
    const multiline = lines.position(span[0]).line !== lines.position(close).line;
    const { eol, indentUnit } = this.layout();
    const firstKey = first ? keySpan(first) : undefined;
    const itemIndent = firstKey
      ? lines.position(firstKey[0]).character
      : this.keyColumn(span[0]) + indentUnit;
    const rendered = entries.map(([key, value]) => {
      const keyText = quoteKeys ? JSON.stringify(key) : key;
      const valueText = multiline
        ? this.renderFlowValue(value, itemIndent)
        : this.renderInline(value, quoteKeys);
      return `${keyText}: ${valueText}`;
    });
    const last = map.items[map.items.length - 1] as YPair | undefined;
    if (!last) {
      return { start: span[0] + 1, end: close, newText: rendered.join(', ') };
    }
    const lastEnd = this.valueEnd(last);
    if (lastEnd === undefined) return undefined;
    const separator = multiline ? `,${eol}${' '.repeat(itemIndent)}` : ', ';
    return { start: lastEnd, end: lastEnd, newText: separator + rendered.join(separator) };
  }

  /** Removes flow sequence items with their separators, so a multi-line JSON array keeps one item a line. */
  private removeFlowItems(seq: YAMLSeq, drop: ReadonlySet<number>): this {
    const spans = seq.items.map((item) => nodeSpan(item));
    if (spans.some((span) => span === undefined)) return this.fail();
    const itemSpans = spans as Array<[number, number]>;
    const count = itemSpans.length;
    const kept = itemSpans.filter((_span, index) => !drop.has(index));
    if (kept.length === 0) {
      const seqSpan = nodeSpan(seq);
      if (!seqSpan) return this.fail();
      const close = this.file.text.lastIndexOf(']', seqSpan[1] - 1);
      this.edits.push({ start: seqSpan[0] + 1, end: close, newText: '' });
      return this;
    }
    // Each dropped item goes with what follows it up to the next item; a trailing run of dropped items goes
    // with the separator after the last item that stays.
    let trailingStart = count;
    while (trailingStart > 0 && drop.has(trailingStart - 1)) trailingStart--;
    for (let index = 0; index < trailingStart; index++) {
      if (drop.has(index))
        this.edits.push({ start: itemSpans[index][0], end: itemSpans[index + 1][0], newText: '' });
    }
    if (trailingStart < count) {
      this.edits.push({ start: itemSpans[trailingStart - 1][1], end: itemSpans[count - 1][1], newText: '' });
    }
    return this;
  }

  private removeFlowItem(map: YAMLMap, index: number): this {
    const pair = map.items[index] as YPair;
    const start = keySpan(pair)?.[0];
    const end = this.valueEnd(pair);
    if (start === undefined || end === undefined) return this.fail();
    const text = this.file.text;
    if (index + 1 < map.items.length) {
      const nextStart = keySpan(map.items[index + 1] as YPair)?.[0];
      if (nextStart === undefined) return this.fail();
      this.edits.push({ start, end: nextStart, newText: '' });
    } else if (index > 0) {
      const previousEnd = this.valueEnd(map.items[index - 1] as YPair);
      if (previousEnd === undefined) return this.fail();
      this.edits.push({ start: previousEnd, end, newText: '' });
    } else {
      const span = nodeSpan(map);
      if (!span) return this.fail();
      const close = text.lastIndexOf('}', span[1] - 1);
      this.edits.push({ start: span[0] + 1, end: close, newText: '' });
    }
    return this;
  }

  /** Offset where a pair's value ends, before trailing line breaks of a block scalar. */
  private valueEnd(pair: YPair): number | undefined {
    const value = nodeSpan(pair.value);
    if (value && value[1] > value[0]) return this.trimEnd(value[1]);
    const key = keySpan(pair);
    if (!key) return undefined;
    const colon = this.colonAfter(key[1]);
    return colon === undefined ? key[1] : colon + 1;
  }

  /** The `:` right after a key (white space between allowed), if the key has one. */
  private colonAfter(keyEnd: number): number | undefined {
    const match = /^[ \t]*:/.exec(this.file.text.slice(keyEnd, keyEnd + 200));
    return match ? keyEnd + match[0].length - 1 : undefined;
  }

  /**
   * The column a key's line starts its content at: before the key's anchor (`&a`) and tag (`!!str`),
   * which the parser leaves out of the key's range.
   */
  private keyColumn(keyStart: number): number {
    const lines = this.file.lines;
    const lineStart = lines.lineStart(lines.position(keyStart).line);
    const props = /(?:[&!]\S*[ \t]+)+$/.exec(this.file.text.slice(lineStart, keyStart));
    return keyStart - lineStart - (props ? props[0].length : 0);
  }

  private trimEnd(offset: number): number {
    const text = this.file.text;
    let end = offset;
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    return end;
  }

  private nextLineStart(offset: number): number {
    const lines = this.file.lines;
    const line = lines.position(offset).line;
    return line + 1 < lines.lineCount ? lines.lineStart(line + 1) : this.file.text.length;
  }

  private layout(): Layout {
    return layoutOf(this.file);
  }

  private scalarText(value: string | number | boolean, style?: Scalar['type']): string {
    if (typeof value !== 'string') return String(value);
    if (this.file.json || style === 'QUOTE_DOUBLE') return JSON.stringify(value);
    if (style === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
    return isSafePlain(value) ? value : JSON.stringify(value);
  }

  private renderBlockEntries(values: Record<string, FixValue | Comment>, indent: string): string[] {
    const { indentUnit } = this.layout();
    const lines: string[] = [];
    for (const [key, value] of Object.entries(values)) {
      if (value instanceof Comment) {
        lines.push(`${indent}# ${value.text}`);
      } else if (Array.isArray(value)) {
        if (value.length === 0) lines.push(`${indent}${key}: []`);
        else lines.push(`${indent}${key}:`, ...this.renderSequence(value, indent));
      } else if (typeof value === 'object') {
        if (Object.keys(value).length === 0) lines.push(`${indent}${key}: {}`);
        else
          lines.push(`${indent}${key}:`, ...this.renderBlockEntries(value, indent + ' '.repeat(indentUnit)));
      } else {
        lines.push(`${indent}${key}: ${this.scalarText(value)}`);
      }
    }
    return lines;
  }

  /** Block sequence items under a key at `keyIndent`, indented as the file indents its sequences. */
  private renderSequence(values: FixValue[], keyIndent: string): string[] {
    const { indentUnit, indentSequences } = this.layout();
    const dashIndent = indentSequences ? keyIndent + ' '.repeat(indentUnit) : keyIndent;
    const lines: string[] = [];
    for (const item of values) {
      if (typeof item === 'object' && !Array.isArray(item)) {
        const inner = this.renderBlockEntries(item, `${dashIndent}  `);
        if (inner.length === 0) lines.push(`${dashIndent}- {}`);
        else lines.push(`${dashIndent}- ${inner[0].trimStart()}`, ...inner.slice(1));
      } else if (Array.isArray(item)) {
        lines.push(`${dashIndent}- ${JSON.stringify(item)}`);
      } else {
        lines.push(`${dashIndent}- ${this.scalarText(item)}`);
      }
    }
    return lines;
  }

  /** A value on one line, for a flow mapping written on one line: `{"a": "b", "c": 1}` or `{a: b, c: 1}`. */
  private renderInline(value: FixValue, quoteKeys: boolean): string {
    if (!this.file.json) return this.renderYamlFlow(value);
    if (Array.isArray(value))
      return `[${value.map((item) => this.renderInline(item, quoteKeys)).join(', ')}]`;
    if (typeof value !== 'object') return JSON.stringify(value);
    const entries = Object.entries(value).filter(
      (entry): entry is [string, FixValue] => !(entry[1] instanceof Comment),
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${this.renderInline(item, quoteKeys)}`).join(', ')}}`;
  }

  private renderYamlFlow(value: FixValue): string {
    if (Array.isArray(value)) return `[${value.map((item) => this.renderYamlFlow(item)).join(', ')}]`;
    if (typeof value !== 'object') return this.scalarText(value);
    const entries = Object.entries(value).filter(
      (entry): entry is [string, FixValue] => !(entry[1] instanceof Comment),
    );
    return `{${entries.map(([key, item]) => `${key}: ${this.renderYamlFlow(item)}`).join(', ')}}`;
  }

  private renderFlowValue(value: FixValue, itemIndent: number): string {
    if (!this.file.json) return this.renderYamlFlow(value);
    const { eol, indentUnit } = this.layout();
    const json = JSON.stringify(stripComments(value), null, indentUnit);
    return json
      .split('\n')
      .map((line, index) => (index === 0 ? line : ' '.repeat(itemIndent) + line))
      .join(eol);
  }
}

/** The node a block value ends with: the last item or value, all the way down. */
function lastLeaf(node: unknown): unknown {
  let current = node;
  for (let depth = 0; depth < 100; depth++) {
    if (isMap(current) && !current.flow && current.items.length > 0)
      current = (current.items[current.items.length - 1] as YPair).value;
    else if (isSeq(current) && !current.flow && current.items.length > 0)
      current = current.items[current.items.length - 1];
    else return current;
  }
  return current;
}

/** The comments in some lines of YAML: whole-line comments and comments after a value (quotes skipped). */
function commentsOf(text: string): string[] {
  const comments: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const start = commentStart(line);
    if (start >= 0) comments.push(line.slice(start).trimEnd());
  }
  return comments;
}

/** Where a line's comment starts (a `#` at the start or after white space, outside quotes), or -1: one pass. */
function commentStart(line: string): number {
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quote === '"') {
      if (char === '\\') index++;
      else if (char === '"') quote = undefined;
    } else if (quote === "'") {
      if (char === "'") {
        if (line[index + 1] === "'") index++;
        else quote = undefined;
      }
    } else if ((char === '"' || char === "'") && (index === 0 || /[\s[{,:-]/.test(line[index - 1]))) {
      // A quote opens a scalar only where a scalar starts (`it's` is plain text); one that does not close on
      // this line goes on to the next, and a `#` after it is part of the string.
      quote = char;
    } else if (char === '#' && (index === 0 || line[index - 1] === ' ' || line[index - 1] === '\t')) {
      return index;
    }
  }
  return -1;
}

/** A block scalar whose header keeps its trailing line breaks (`|+`, `>2+`). */
function isKeepChomping(text: string, node: Scalar): boolean {
  if (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') return false;
  const start = nodeSpan(node)?.[0];
  return start !== undefined && /^[|>][0-9]?\+/.test(text.slice(start, start + 3));
}

/**
 * An insertion at the end of a line that the same fix removes (the map's last key is both removed and
 * followed by a new key) moves to the start of the removed lines, as whole lines.
 */
function relocateInsertsInsideRemovals(edits: OffsetEdit[], eol: string): OffsetEdit[] {
  const removals = edits.filter((edit) => edit.end > edit.start);
  return edits.map((edit) => {
    if (edit.start !== edit.end || !edit.newText.startsWith(eol)) return edit;
    const removal = removals.find((candidate) => candidate.start < edit.start && edit.start < candidate.end);
    if (!removal) return edit;
    return { start: removal.start, end: removal.start, newText: edit.newText.slice(eol.length) + eol };
  });
}

function nest(path: readonly string[], value: FixValue): FixValue {
  let result = value;
  for (let i = path.length - 1; i >= 0; i--) result = { [path[i]]: result };
  return result;
}

function mergeInto(
  target: Record<string, FixValue | Comment>,
  source: Record<string, FixValue | Comment>,
): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (
      existing &&
      typeof existing === 'object' &&
      !Array.isArray(existing) &&
      !(existing instanceof Comment) &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      !(value instanceof Comment)
    ) {
      mergeInto(existing as Record<string, FixValue>, value as Record<string, FixValue>);
    } else {
      target[key] = value;
    }
  }
}

function stripComments(value: FixValue): unknown {
  if (Array.isArray(value)) return value.map(stripComments);
  if (typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (!(entry instanceof Comment)) result[key] = stripComments(entry);
  }
  return result;
}

const RESERVED_PLAIN = /^(?:true|false|yes|no|on|off|y|n|null|~|)$/i;

function isSafePlain(value: string): boolean {
  if (RESERVED_PLAIN.test(value)) return false;
  if (/^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i.test(value)) return false;
  if (/^0x[0-9a-f]+$|^0o[0-7]+$/i.test(value)) return false;
  return /^[A-Za-z0-9_/.$][A-Za-z0-9_/.\-$ ]*$/.test(value) && !value.endsWith(' ') && !value.includes(': ');
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

function describeValue(value: FixValue): string | undefined {
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object'))
    return `[${value.map(String).join(', ')}]`;
  return undefined;
}

function describeSet(path: readonly string[], value: FixValue, verb: 'Add' | 'Set'): string {
  // The leaf of a nested value names what is written: resources.limits.memory: 256Mi.
  const keys = [...path];
  let leaf = value;
  while (leaf && typeof leaf === 'object' && !Array.isArray(leaf) && !(leaf instanceof Comment)) {
    const entries = Object.entries(leaf).filter(([, entry]) => !(entry instanceof Comment));
    if (entries.length !== 1) break;
    keys.push(entries[0][0]);
    leaf = entries[0][1] as FixValue;
  }
  const shown = describeValue(leaf);
  const subject = keys.slice(-3).join('.');
  return shown === undefined ? `${verb} ${subject}` : `${verb} ${subject}: ${shown}`;
}

function joinActions(actions: readonly string[]): string {
  const unique = [...new Set(actions)];
  if (unique.length <= 2) return unique.join('; ');
  return `${unique.slice(0, 2).join('; ')} and ${unique.length - 2} more`;
}

/**
 * How a title names a value the fix overrides: `hostNetwork: true`; a long or multi-line value (a secret, a
 * key, a script) is never echoed, only its key.
 */
function writtenValue(key: string, value: unknown): string {
  const text = String(value);
  // A boolean or a number is never a secret; a string under a secret-looking key may be.
  const sensitive = typeof value === 'string' && /secret|password|passwd|token|key|credential/i.test(key);
  return text.length <= 32 && !/[\r\n]/.test(text) && !sensitive ? `${key}: ${text}` : key;
}

/** Spans of the anchored nodes of a file whose anchor some alias uses, read once per file. */
const anchoredSpans = new WeakMap<ParsedFile, Array<{ name: string; span: [number, number] }>>();

function anchoredNodesOf(file: ParsedFile): Array<{ name: string; span: [number, number] }> {
  let found = anchoredSpans.get(file);
  if (found) return found;
  found = [];
  if (file.text.includes('&') && file.text.includes('*')) {
    for (const document of file.documents) {
      const used = new Set<string>();
      visit(document.doc, {
        Alias(_key, alias) {
          used.add(alias.source);
        },
      });
      if (used.size === 0) continue;
      visit(document.doc, {
        Node(_key, node) {
          const anchor = (node as { anchor?: string }).anchor;
          const span = nodeSpan(node);
          if (anchor && span && used.has(anchor)) found!.push({ name: anchor, span });
        },
      });
    }
  }
  anchoredSpans.set(file, found);
  return found;
}

/** The anchors whose node an edit changes (starts inside it, or inserts at its end: a key added to it). */
function sharedAnchorsOf(file: ParsedFile, edits: readonly OffsetEdit[]): string[] {
  const anchored = anchoredNodesOf(file);
  if (anchored.length === 0) return [];
  const names = new Set<string>();
  for (const edit of edits) {
    for (const { name, span } of anchored) {
      const inside = edit.start >= span[0] && edit.start < span[1];
      const appended = edit.start === edit.end && edit.start === span[1] && edit.newText.length > 0;
      const trailing =
        edit.start === edit.end &&
        file.text.slice(span[1], edit.start).trim() === '' &&
        edit.start > span[1] &&
        edit.start <= span[1] + 2;
      if (inside || appended || trailing) names.add(name);
    }
  }
  return [...names];
}
