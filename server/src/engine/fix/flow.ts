import { layoutOf } from '../layout';
import type { ParsedFile } from '../parse';
import { scalarText } from './scalar';
import { Comment, type FixValue, withoutComments } from './value';

/** A value in flow style on one line: `{a: b, c: [1, 2]}` in YAML, `{"a": "b", "c": [1, 2]}` in JSON. */
export function renderFlowOnOneLine(file: ParsedFile, value: FixValue): string {
  return oneLine(value, file.json);
}

/**
 * The value of an entry added to a flow mapping written over several lines: in JSON pretty-printed as the
 * file indents, its lines continuing from `itemIndent`; in YAML on one line.
 */
export function renderFlowAcrossLines(file: ParsedFile, value: FixValue, itemIndent: number): string {
  if (!file.json) return oneLine(value, false);
  const { eol, indentUnit } = layoutOf(file);
  return JSON.stringify(withoutComments(value), null, indentUnit)
    .split('\n')
    .map((line, index) => (index === 0 ? line : ' '.repeat(itemIndent) + line))
    .join(eol);
}

function oneLine(value: FixValue, json: boolean): string {
  if (Array.isArray(value)) return `[${value.map((item) => oneLine(item, json)).join(', ')}]`;
  if (typeof value !== 'object') return json ? JSON.stringify(value) : scalarText(value, false);
  const entries = Object.entries(value).filter(
    (entry): entry is [string, FixValue] => !(entry[1] instanceof Comment),
  );
  const keyText = (key: string) => (json ? JSON.stringify(key) : key);
  return `{${entries.map(([key, item]) => `${keyText(key)}: ${oneLine(item, json)}`).join(', ')}}`;
}
