/** Which anchors a fix edits: every alias of an anchored node changes with it. */
import { visit } from 'yaml';
import { nodeSpan } from '../nodes';
import type { ParsedFile } from '../parse';
import type { OffsetEdit } from '../text';

interface AnchoredNode {
  name: string;
  span: [number, number];
}

/** The anchors whose node an edit changes (starts inside it, or inserts at its end: a key added to it). */
export function anchorsEditedBy(file: ParsedFile, edits: readonly OffsetEdit[]): string[] {
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

/** Spans of the anchored nodes of a file whose anchor some alias uses, read once per file. */
const anchoredNodes = new WeakMap<ParsedFile, AnchoredNode[]>();

function anchoredNodesOf(file: ParsedFile): AnchoredNode[] {
  let found = anchoredNodes.get(file);
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
  anchoredNodes.set(file, found);
  return found;
}
