/** How a file lays out its YAML (line ends, indentation unit, sequence indentation), read once per file. */
import { isMap, isSeq } from 'yaml';
import { asMap, keySpan, nodeSpan, type YPair } from './nodes';
import type { ParsedFile } from './parse';

/** Layout of the file being edited, read from its own text so that inserted lines look like their neighbours. */
export interface Layout {
  eol: string;
  indentUnit: number;
  /** True when block sequences under a key are indented (`key:\n  - a`), false for `key:\n- a`. */
  indentSequences: boolean;
}

/** A file's layout is read once, whatever number of fixes are built for it. */
const layouts = new WeakMap<ParsedFile, Layout>();

export function layoutOf(file: ParsedFile): Layout {
  let layout = layouts.get(file);
  if (!layout) {
    layout = detectLayout(file);
    layouts.set(file, layout);
  }
  return layout;
}

function detectLayout(file: ParsedFile): Layout {
  const layout: Layout = { eol: file.lineEnding, indentUnit: 2, indentSequences: true };
  if (file.json) {
    const firstIndent = /\n([ \t]+)\S/.exec(file.text);
    if (firstIndent && firstIndent[1].length <= 8) layout.indentUnit = firstIndent[1].length;
    return layout;
  }
  let foundUnit = false;
  let foundSeq = false;
  const lines = file.lines;
  const column = (offset: number) => lines.position(offset).character;
  const walk = (node: unknown, depth: number): void => {
    if ((foundUnit && foundSeq) || depth > 50) return;
    const map = asMap(node);
    if (!map || map.flow || map !== node) return;
    const firstKey = map.items[0] ? keySpan(map.items[0] as YPair) : undefined;
    if (!firstKey) return;
    for (const item of map.items) {
      const pair = item as YPair;
      const pairKey = keySpan(pair);
      if (!pairKey) continue;
      const value = pair.value;
      if (isMap(value) && !value.flow && value.items.length > 0) {
        const childKey = keySpan(value.items[0] as YPair);
        if (childKey && !foundUnit && lines.position(childKey[0]).line > lines.position(pairKey[0]).line) {
          const unit = column(childKey[0]) - column(pairKey[0]);
          if (unit > 0 && unit <= 8) {
            layout.indentUnit = unit;
            foundUnit = true;
          }
        }
        walk(value, depth + 1);
      } else if (isSeq(value) && !value.flow && value.items.length > 0) {
        const itemSpan = nodeSpan(value.items[0]);
        if (itemSpan && !foundSeq) {
          const dashLineText = lines.lineText(lines.position(itemSpan[0]).line);
          const dashColumn = dashLineText.search(/\S/);
          if (dashColumn >= 0 && dashLineText[dashColumn] === '-') {
            layout.indentSequences = dashColumn > column(pairKey[0]);
            foundSeq = true;
          }
        }
        for (const entry of value.items) walk(entry, depth + 1);
      }
    }
  };
  for (const document of file.documents) {
    if (!document.broken) walk(document.doc.contents, 0);
    if (foundUnit && foundSeq) break;
  }
  return layout;
}
