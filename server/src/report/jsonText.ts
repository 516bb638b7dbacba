/**
 * JSON text as `JSON.stringify(value, null, 2)` writes it, in pieces: a report's long lists are made
 * item by item as the writer reaches them, so that neither the whole text nor every item's object is
 * ever held at once.
 */

/** Report text: a string, or UTF-8 bytes a worker thread encoded (handed over, not copied). */
export type Text = string | Uint8Array;

/** A piece of a report's text: made here, or promised by a worker thread that makes it. */
export type Piece = Text | Promise<Text>;

/** A list whose items are made (and turned into text) only when the writer reaches each. */
export class LazyList<T> {
  constructor(readonly items: () => Iterable<T>) {}
}

/**
 * A list whose items' text is made elsewhere (worker threads, `itemTexts`), in pieces in list order: each
 * piece whole items as they stand `depth` levels deep, separated by commas ('' for none).
 */
export class PreparedList {
  constructor(readonly texts: (depth: number) => Iterable<Piece>) {}
}

const STEP = '  ';

/**
 * The pieces of `JSON.stringify(value, null, 2)`, with each LazyList written as the array of its items.
 * Objects and arrays are walked down to the lists; anything holding none is stringified whole.
 */
export function* jsonText(value: unknown, indent = ''): Generator<Piece> {
  const depth = indent.length / STEP.length + 1;
  if (value instanceof LazyList) {
    let first = true;
    for (const text of itemTexts(value.items(), depth)) {
      yield `${first ? '[\n' : ',\n'}${text}`;
      first = false;
    }
    yield first ? '[]' : `\n${indent}]`;
    return;
  }
  if (value instanceof PreparedList) {
    // Each piece waits for the one before: whether a comma comes first depends on what came before it.
    let first = true;
    let before: Promise<unknown> = Promise.resolve();
    for (const text of value.texts(depth)) {
      const items = before.then(() => text);
      const separator = items.then((made) => {
        if (made.length === 0) return '';
        const written = first ? '[\n' : ',\n';
        first = false;
        return written;
      });
      before = separator;
      yield separator;
      yield items;
    }
    yield before.then(() => (first ? '[]' : `\n${indent}]`));
    return;
  }
  if (!holdsLazyList(value)) {
    yield stringified(value, indent);
    return;
  }
  const inner = indent + STEP;
  if (Array.isArray(value)) {
    yield '[';
    for (let index = 0; index < value.length; index++) {
      yield `${index > 0 ? ',' : ''}\n${inner}`;
      yield* jsonText(value[index] === undefined ? null : value[index], inner);
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    if (member === undefined || typeof member === 'function') continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    yield* jsonText(member, inner);
    first = false;
  }
  yield first ? '{}' : `\n${indent}}`;
}

/** One value's text at this indentation. */
function stringified(value: unknown, indent: string): string {
  const text = JSON.stringify(value, null, 2) ?? 'undefined';
  return indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
}

/** Items are written this many at a time, by one JSON.stringify. */
const ITEMS_PER_PIECE = 48;

/** The text of items `depth` levels deep, a batch at a time (each batch's items separated by commas). */
export function* itemTexts(items: Iterable<unknown>, depth: number): Generator<string> {
  for (const batch of batches(items, ITEMS_PER_PIECE)) yield itemsText(batch, depth);
}

function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Items of a list `depth` levels deep, as JSON.stringify indents them there, separated by commas: the
 * batch is stringified nested in `depth - 1` arrays (which indent it as deep) and those arrays' lines cut.
 */
function itemsText(batch: unknown[], depth: number): string {
  let nested: unknown = batch;
  let opening = '';
  let closing = '';
  for (let level = 0; level < depth; level++) {
    if (level > 0) nested = [nested];
    opening = `${STEP.repeat(depth - 1 - level)}[\n${opening}`;
    closing = `${closing}\n${STEP.repeat(depth - 1 - level)}]`;
  }
  const text = JSON.stringify(nested, null, 2);
  return text.slice(opening.length, text.length - closing.length);
}

function holdsLazyList(value: unknown): boolean {
  if (value instanceof LazyList || value instanceof PreparedList) return true;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsLazyList);
  // Only the report's own plain objects are walked (not a class with its own toJSON).
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  return Object.values(value).some(holdsLazyList);
}
