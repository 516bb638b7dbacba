/** Where things stand in the text of the file being fixed, around the nodes the parser gives ranges for. */
import { isMap, isSeq, type Scalar } from 'yaml';
import { keySpan, nodeSpan, type YPair } from '../nodes';
import type { ParsedFile } from '../parse';

export function isBlockScalar(node: Scalar): boolean {
  return node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
}

/** A block scalar whose header keeps its trailing line breaks (`|+`, `>2+`). */
export function isKeepChomping(file: ParsedFile, node: Scalar): boolean {
  if (!isBlockScalar(node)) return false;
  const start = nodeSpan(node)?.[0];
  return start !== undefined && /^[|>][0-9]?\+/.test(file.text.slice(start, start + 3));
}

/** The node a block value ends with: the last item or value, all the way down. */
export function lastLeaf(node: unknown): unknown {
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

/** Offset where a pair's value ends, before trailing line breaks of a block scalar. */
export function valueEnd(file: ParsedFile, pair: YPair): number | undefined {
  const value = nodeSpan(pair.value);
  if (value && value[1] > value[0]) return trimEnd(file, value[1]);
  const key = keySpan(pair);
  if (!key) return undefined;
  const colon = colonAfter(file, key[1]);
  return colon === undefined ? key[1] : colon + 1;
}

/** The `:` right after a key (white space between allowed), if the key has one. */
export function colonAfter(file: ParsedFile, keyEnd: number): number | undefined {
  const match = /^[ \t]*:/.exec(file.text.slice(keyEnd, keyEnd + 200));
  return match ? keyEnd + match[0].length - 1 : undefined;
}

/**
 * The column a key's line starts its content at: before the key's anchor (`&a`) and tag (`!!str`),
 * which the parser leaves out of the key's range.
 */
export function keyColumn(file: ParsedFile, keyStart: number): number {
  const lines = file.lines;
  const lineStart = lines.lineStart(lines.position(keyStart).line);
  const props = /(?:[&!]\S*[ \t]+)+$/.exec(file.text.slice(lineStart, keyStart));
  return keyStart - lineStart - (props ? props[0].length : 0);
}

/** The offset before the white space that ends at `offset`. */
export function trimEnd(file: ParsedFile, offset: number): number {
  const text = file.text;
  let end = offset;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  return end;
}

export function nextLineStart(file: ParsedFile, offset: number): number {
  const lines = file.lines;
  const line = lines.position(offset).line;
  return line + 1 < lines.lineCount ? lines.lineStart(line + 1) : file.text.length;
}

/** The comments in some lines of YAML: whole-line comments and comments after a value (quotes skipped). */
export function commentsOf(text: string): string[] {
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
