/** The text an insertion writes, in the style of the place it goes: block lines, flow entries or JSON. */
import { isScalar, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { layoutOf } from '../layout';
import { keySpan, nodeSpan, type YPair } from '../nodes';
import type { ParsedFile } from '../parse';
import type { OffsetEdit } from '../text';
import { renderBlockEntries, renderBlockSequence } from './block';
import { renderFlowAcrossLines, renderFlowOnOneLine } from './flow';
import { scalarText } from './scalar';
import { colonAfter, isKeepChomping, keyColumn, lastLeaf, trimEnd, valueEnd } from './source';
import { Comment, type FixEntries, type FixValue } from './value';

/**
 * Adds `values` as new keys of `map`, reached from the mapping `parent` (undefined when `map` is where the
 * fix started): after its last key, in its style.
 */
export function insertIntoMap(
  file: ParsedFile,
  map: YAMLMap,
  values: FixEntries,
  parent: YAMLMap | undefined,
): OffsetEdit | undefined {
  // An explicit complex key (`? {a: 1}`) has no line a new key could follow safely: no fix.
  if (map.items.some((item) => !isScalar((item as YPair).key))) return undefined;
  const underBlockKey = parent !== undefined && !parent.flow;
  if (map.flow && map.items.length === 0 && !file.json && underBlockKey)
    return expandEmptyFlowMap(file, map, values);
  if (map.flow) return insertIntoFlowMap(file, map, values);
  const last = map.items[map.items.length - 1] as YPair | undefined;
  const first = map.items[0] as YPair | undefined;
  const firstKey = first ? keySpan(first) : undefined;
  const lastEnd = last ? valueEnd(file, last) : undefined;
  if (!firstKey || lastEnd === undefined) return undefined;
  const lines = file.lines;
  const indent = ' '.repeat(keyColumn(file, firstKey[0]));
  const { eol } = layoutOf(file);
  const rendered = renderBlockEntries(file, values, indent);
  const lastValue = lastLeaf(last?.value);
  if (isScalar(lastValue) && isKeepChomping(file, lastValue)) {
    // The blank lines after a `|+` scalar belong to its value: insert after them, as whole lines.
    const end = nodeSpan(lastValue)![1];
    if (end === lines.lineStart(lines.position(end).line))
      return { start: end, end, newText: rendered.join(eol) + eol };
    return { start: end, end, newText: eol + rendered.join(eol) };
  }
  const insertAt = lines.lineEnd(lines.position(lastEnd).line);
  return { start: insertAt, end: insertAt, newText: eol + rendered.join(eol) };
}

/**
 * Writes `values` as the value of a pair whose value is null, in the mapping `owner`. A scalar or a sequence
 * that replaces the null whole is queued under the key `''`.
 */
export function fillNullValue(
  file: ParsedFile,
  pair: YPair,
  values: FixEntries,
  owner: YAMLMap | undefined,
): OffsetEdit | undefined {
  const key = keySpan(pair);
  if (!key) return undefined;
  const lines = file.lines;
  const keyLine = lines.position(key[0]).line;
  const valueSpan = nodeSpan(pair.value);
  const hasNullText = valueSpan !== undefined && valueSpan[1] > valueSpan[0];
  if (hasNullText && lines.position(valueSpan[0]).line !== keyLine) return undefined;
  const whole = Object.keys(values).length === 1 && '' in values ? values[''] : undefined;
  if (file.json || owner?.flow) {
    // Inside a flow collection (or JSON) the value is written in flow style on the key's line.
    const inline = renderFlowOnOneLine(
      file,
      whole !== undefined && !(whole instanceof Comment) ? whole : values,
    );
    if (hasNullText) return { start: valueSpan[0], end: valueSpan[1], newText: inline };
    const colon = colonAfter(file, key[1]);
    return colon === undefined ? undefined : { start: colon + 1, end: colon + 1, newText: ` ${inline}` };
  }
  const parentIndent = keyColumn(file, key[0]);
  const { eol, indentUnit } = layoutOf(file);
  let newText: string;
  if (
    whole !== undefined &&
    !(whole instanceof Comment) &&
    (typeof whole !== 'object' || Array.isArray(whole))
  ) {
    newText = Array.isArray(whole)
      ? eol + renderBlockSequence(file, whole, ' '.repeat(parentIndent)).join(eol)
      : ` ${scalarText(whole, false)}`;
  } else {
    const indent = ' '.repeat(parentIndent + indentUnit);
    newText = eol + renderBlockEntries(file, values, indent).join(eol);
  }
  if (hasNullText) {
    return {
      start: valueSpan[0],
      end: valueSpan[1],
      newText: newText.startsWith(' ') ? newText.slice(1) : newText,
    };
  }
  const insertAt = lines.lineEnd(keyLine);
  const lineText = file.text.slice(lines.lineStart(keyLine), insertAt);
  if (lineText.includes('#')) return undefined;
  return { start: insertAt, end: insertAt, newText };
}

/** Appends a scalar to an existing sequence, in its style (block dash, one-line flow, multi-line JSON). */
export function appendToSequence(
  file: ParsedFile,
  seq: YAMLSeq,
  value: string | number | boolean,
): OffsetEdit | undefined {
  const span = nodeSpan(seq);
  if (!span) return undefined;
  const { text, lines } = file;
  const { eol } = layoutOf(file);
  const last = seq.items[seq.items.length - 1];
  const lastSpan = nodeSpan(last);
  const quoteStyle = isScalar(last) && last.type === 'QUOTE_DOUBLE' ? 'QUOTE_DOUBLE' : undefined;
  const rendered = scalarText(value, file.json, quoteStyle);
  if (seq.flow) {
    const close = text.lastIndexOf(']', span[1] - 1);
    if (close < span[0]) return undefined;
    if (!lastSpan) return { start: span[0] + 1, end: close, newText: rendered };
    const multiline = lines.position(lastSpan[0]).line !== lines.position(span[0]).line;
    const separator = multiline ? `,${eol}${' '.repeat(lines.position(lastSpan[0]).character)}` : ', ';
    return { start: lastSpan[1], end: lastSpan[1], newText: separator + rendered };
  }
  if (!lastSpan) return undefined;
  const dash = /^(\s*)-\s+$/.exec(text.slice(lines.lineStart(lines.position(lastSpan[0]).line), lastSpan[0]));
  if (!dash) return undefined;
  const insertAt = lines.lineEnd(lines.position(trimEnd(file, lastSpan[1])).line);
  return { start: insertAt, end: insertAt, newText: `${eol}${dash[1]}- ${rendered}` };
}

/** A new YAML document at the end of the file, after a `---` line and the `leadingComment`. */
export function appendDocumentEdit(file: ParsedFile, value: FixEntries, leadingComment?: string): OffsetEdit {
  const { eol } = layoutOf(file);
  const text = file.text;
  const separator = text.length === 0 || text.endsWith('\n') ? '' : eol;
  const lines = leadingComment ? [`# ${leadingComment}`] : [];
  lines.push(...renderBlockEntries(file, value, ''));
  return { start: text.length, end: text.length, newText: `${separator}---${eol}${lines.join(eol)}${eol}` };
}

/**
 * An insertion at the end of a line that the same fix removes (the map's last key is both removed and
 * followed by a new key) moves to the start of the removed lines, as whole lines.
 */
export function relocateInsertsInsideRemovals(file: ParsedFile, edits: OffsetEdit[]): OffsetEdit[] {
  const { eol } = layoutOf(file);
  const removals = edits.filter((edit) => edit.end > edit.start);
  return edits.map((edit) => {
    if (edit.start !== edit.end || !edit.newText.startsWith(eol)) return edit;
    const removal = removals.find((candidate) => candidate.start < edit.start && edit.start < candidate.end);
    if (!removal) return edit;
    return { start: removal.start, end: removal.start, newText: edit.newText.slice(eol.length) + eol };
  });
}

/** `key: {}` under a block mapping of YAML becomes a block mapping under the key, as the file is written. */
function expandEmptyFlowMap(file: ParsedFile, map: YAMLMap, values: FixEntries): OffsetEdit | undefined {
  const span = nodeSpan(map);
  if (!span) return undefined;
  const lines = file.lines;
  const line = lines.position(span[0]).line;
  const before = file.text.slice(lines.lineStart(line), span[0]);
  const keyMatch = /^(\s*(?:-\s+)*)[^\s{}[\],#][^{}[\],#]*:\s*$/.exec(before);
  if (!keyMatch) return insertIntoFlowMap(file, map, values);
  const { eol, indentUnit } = layoutOf(file);
  const indent = ' '.repeat(keyMatch[1].length + indentUnit);
  let start = span[0];
  while (start > 0 && file.text[start - 1] === ' ') start--;
  return { start, end: span[1], newText: eol + renderBlockEntries(file, values, indent).join(eol) };
}

/** Adds entries to a flow mapping: on its line when it is written on one, else one entry a line. */
function insertIntoFlowMap(file: ParsedFile, map: YAMLMap, values: FixEntries): OffsetEdit | undefined {
  const span = nodeSpan(map);
  if (!span) return undefined;
  const close = file.text.lastIndexOf('}', span[1] - 1);
  if (close < span[0]) return undefined;
  const entries = Object.entries(values).filter(
    (entry): entry is [string, FixValue] => !(entry[1] instanceof Comment),
  );
  const quoteKeys =
    file.json ||
    map.items.some(
      (item) => isScalar((item as YPair).key) && ((item as YPair).key as Scalar).type === 'QUOTE_DOUBLE',
    );
  const lines = file.lines;
  const first = map.items[0] as YPair | undefined;
  const multiline = lines.position(span[0]).line !== lines.position(close).line;
  const { eol, indentUnit } = layoutOf(file);
  const firstKey = first ? keySpan(first) : undefined;
  const itemIndent = firstKey ? lines.position(firstKey[0]).character : keyColumn(file, span[0]) + indentUnit;
  const rendered = entries.map(([key, value]) => {
    const keyText = quoteKeys ? JSON.stringify(key) : key;
    const valueText = multiline
      ? renderFlowAcrossLines(file, value, itemIndent)
      : renderFlowOnOneLine(file, value);
    return `${keyText}: ${valueText}`;
  });
  const last = map.items[map.items.length - 1] as YPair | undefined;
  if (!last) return { start: span[0] + 1, end: close, newText: rendered.join(', ') };
  const lastEnd = valueEnd(file, last);
  if (lastEnd === undefined) return undefined;
  const separator = multiline ? `,${eol}${' '.repeat(itemIndent)}` : ', ';
  return { start: lastEnd, end: lastEnd, newText: separator + rendered.join(separator) };
}
