/** The text a removal takes: whole lines in block style, an entry and its separator in flow style. */
import { isScalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { layoutOf } from '../layout';
import { keySpan, nodeSpan, type YPair } from '../nodes';
import type { ParsedFile } from '../parse';
import type { OffsetEdit } from '../text';
import { commentsOf, isBlockScalar, keyColumn, nextLineStart, trimEnd, valueEnd } from './source';

/** The edits that remove the `index`th pair of `map`, or undefined when its text cannot be told apart. */
export function editsRemovingPair(file: ParsedFile, map: YAMLMap, index: number): OffsetEdit[] | undefined {
  if (map.flow) return editsRemovingFlowPair(file, map, index);
  const pair = map.items[index] as YPair;
  const keyStart = keySpan(pair)?.[0];
  const end = valueEnd(file, pair);
  if (keyStart === undefined || end === undefined) return undefined;
  const lines = file.lines;
  const start = lines.lineStart(lines.position(keyStart).line) + keyColumn(file, keyStart);
  const startLine = lines.position(start).line;
  const lineStart = lines.lineStart(startLine);
  if (file.text.slice(lineStart, start).trim() !== '') {
    // The key shares its line with a sequence dash: the next key moves up onto that line.
    const next = map.items[index + 1] as YPair | undefined;
    const nextStart = next ? keySpan(next)?.[0] : undefined;
    if (nextStart === undefined)
      return [{ start, end: lines.lineEnd(lines.position(end).line), newText: '{}' }];
    return [{ start, end: nextStart, newText: '' }];
  }
  const removedEnd = nextLineStart(file, end);
  const value = pair.value;
  // A block scalar's lines are its content: a `#` in them is text, not a comment to keep.
  const newText =
    isScalar(value) && isBlockScalar(value)
      ? ''
      : keptComments(file, file.text.slice(lineStart, removedEnd), ' '.repeat(start - lineStart));
  return [{ start: lineStart, end: removedEnd, newText }];
}

/** The edits that remove the items of `seq` at the indices `drop`, each with its separator. */
export function editsRemovingItems(
  file: ParsedFile,
  seq: YAMLSeq,
  drop: ReadonlySet<number>,
): OffsetEdit[] | undefined {
  if (seq.flow) return editsRemovingFlowItems(file, seq, drop);
  const { text, lines } = file;
  const edits: OffsetEdit[] = [];
  for (const index of [...drop].sort((a, b) => a - b)) {
    const itemSpan = nodeSpan(seq.items[index]);
    if (!itemSpan) return undefined;
    const lineStart = lines.lineStart(lines.position(itemSpan[0]).line);
    if (!/^\s*-\s/.test(text.slice(lineStart, itemSpan[0]) + ' ')) return undefined;
    const end = nextLineStart(file, trimEnd(file, itemSpan[1]));
    const indent = /^\s*/.exec(text.slice(lineStart, itemSpan[0]))![0];
    edits.push({ start: lineStart, end, newText: keptComments(file, text.slice(lineStart, end), indent) });
  }
  return edits;
}

/** The comments of removed lines stay, each on a line of its own at `indent`. */
function keptComments(file: ParsedFile, removed: string, indent: string): string {
  const { eol } = layoutOf(file);
  return commentsOf(removed)
    .map((comment) => indent + comment + eol)
    .join('');
}

/** Removes flow sequence items with their separators, so a multi-line JSON array keeps one item a line. */
function editsRemovingFlowItems(
  file: ParsedFile,
  seq: YAMLSeq,
  drop: ReadonlySet<number>,
): OffsetEdit[] | undefined {
  const spans = seq.items.map((item) => nodeSpan(item));
  if (spans.some((span) => span === undefined)) return undefined;
  const itemSpans = spans as Array<[number, number]>;
  const count = itemSpans.length;
  if (itemSpans.every((_span, index) => drop.has(index))) {
    const seqSpan = nodeSpan(seq);
    if (!seqSpan) return undefined;
    const close = file.text.lastIndexOf(']', seqSpan[1] - 1);
    return [{ start: seqSpan[0] + 1, end: close, newText: '' }];
  }
  // Each dropped item goes with what follows it up to the next item; a trailing run of dropped items goes
  // with the separator after the last item that stays.
  const edits: OffsetEdit[] = [];
  let trailingStart = count;
  while (trailingStart > 0 && drop.has(trailingStart - 1)) trailingStart--;
  for (let index = 0; index < trailingStart; index++) {
    if (drop.has(index))
      edits.push({ start: itemSpans[index][0], end: itemSpans[index + 1][0], newText: '' });
  }
  if (trailingStart < count) {
    edits.push({ start: itemSpans[trailingStart - 1][1], end: itemSpans[count - 1][1], newText: '' });
  }
  return edits;
}

/** Removes a flow mapping's entry with the separator after it, else the one before it. */
function editsRemovingFlowPair(file: ParsedFile, map: YAMLMap, index: number): OffsetEdit[] | undefined {
  const pair = map.items[index] as YPair;
  const start = keySpan(pair)?.[0];
  const end = valueEnd(file, pair);
  if (start === undefined || end === undefined) return undefined;
  if (index + 1 < map.items.length) {
    const nextStart = keySpan(map.items[index + 1] as YPair)?.[0];
    if (nextStart === undefined) return undefined;
    return [{ start, end: nextStart, newText: '' }];
  }
  if (index > 0) {
    const previousEnd = valueEnd(file, map.items[index - 1] as YPair);
    if (previousEnd === undefined) return undefined;
    return [{ start: previousEnd, end, newText: '' }];
  }
  const span = nodeSpan(map);
  if (!span) return undefined;
  const close = file.text.lastIndexOf('}', span[1] - 1);
  return [{ start: span[0] + 1, end: close, newText: '' }];
}
