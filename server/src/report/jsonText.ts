/**
 * JSON text as `JSON.stringify(value, null, 2)` writes it, in pieces: a report's long lists are made
 * item by item as the writer reaches them, so that neither the whole text nor every item's object is
 * ever held at once.
 */

/** A list whose items are made (and turned into text) only when the writer reaches each. */
export class LazyList<T> {
  constructor(readonly items: () => Iterable<T>) {}
}

const STEP = '  ';

/**
 * The pieces of `JSON.stringify(value, null, 2)`, with each LazyList written as the array of its items.
 * Objects and arrays are walked down to the lists; anything holding none is stringified whole.
 */
export function* jsonText(value: unknown, indent = ''): Generator<string> {
  if (value instanceof LazyList) {
    let first = true;
    for (const batch of batches(value.items(), ITEMS_PER_PIECE)) {
      yield `${first ? '[\n' : ',\n'}${itemsText(batch, indent.length / STEP.length + 1)}`;
      first = false;
    }
    yield first ? '[]' : `\n${indent}]`;
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
  if (value instanceof LazyList) return true;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsLazyList);
  // Only the report's own plain objects are walked (not a class with its own toJSON).
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  return Object.values(value).some(holdsLazyList);
}
