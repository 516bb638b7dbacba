import { layoutOf } from '../layout';
import type { ParsedFile } from '../parse';
import { scalarText } from './scalar';
import { Comment, type FixEntries, type FixValue } from './value';

/** The lines of a block mapping's entries at `indent`, nested as the file indents. */
export function renderBlockEntries(file: ParsedFile, values: FixEntries, indent: string): string[] {
  const { indentUnit } = layoutOf(file);
  const lines: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value instanceof Comment) {
      lines.push(`${indent}# ${value.text}`);
    } else if (Array.isArray(value)) {
      if (value.length === 0) lines.push(`${indent}${key}: []`);
      else lines.push(`${indent}${key}:`, ...renderBlockSequence(file, value, indent));
    } else if (typeof value === 'object') {
      if (Object.keys(value).length === 0) lines.push(`${indent}${key}: {}`);
      else
        lines.push(`${indent}${key}:`, ...renderBlockEntries(file, value, indent + ' '.repeat(indentUnit)));
    } else {
      lines.push(`${indent}${key}: ${scalarText(value, file.json)}`);
    }
  }
  return lines;
}

/** Block sequence items under a key at `keyIndent`, indented as the file indents its sequences. */
export function renderBlockSequence(file: ParsedFile, values: FixValue[], keyIndent: string): string[] {
  const { indentUnit, indentSequences } = layoutOf(file);
  const dashIndent = indentSequences ? keyIndent + ' '.repeat(indentUnit) : keyIndent;
  const lines: string[] = [];
  for (const item of values) {
    if (typeof item === 'object' && !Array.isArray(item)) {
      const inner = renderBlockEntries(file, item, `${dashIndent}  `);
      if (inner.length === 0) lines.push(`${dashIndent}- {}`);
      else lines.push(`${dashIndent}- ${inner[0].trimStart()}`, ...inner.slice(1));
    } else if (Array.isArray(item)) {
      lines.push(`${dashIndent}- ${JSON.stringify(item)}`);
    } else {
      lines.push(`${dashIndent}- ${scalarText(item, file.json)}`);
    }
  }
  return lines;
}
