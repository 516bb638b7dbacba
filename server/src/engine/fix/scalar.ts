import type { Scalar } from 'yaml';

/**
 * A scalar as the file writes it: JSON in a JSON file; else in `style` (a replaced scalar's own quoting), and
 * plain only where YAML reads the plain text back as the same string.
 */
export function scalarText(value: string | number | boolean, json: boolean, style?: Scalar['type']): string {
  if (typeof value !== 'string') return String(value);
  if (json || style === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (style === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  return isSafePlain(value) ? value : JSON.stringify(value);
}

const RESERVED_PLAIN = /^(?:true|false|yes|no|on|off|y|n|null|~|)$/i;

function isSafePlain(value: string): boolean {
  if (RESERVED_PLAIN.test(value)) return false;
  if (/^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i.test(value)) return false;
  if (/^0x[0-9a-f]+$|^0o[0-7]+$/i.test(value)) return false;
  return /^[A-Za-z0-9_/.$][A-Za-z0-9_/.\-$ ]*$/.test(value) && !value.endsWith(' ') && !value.includes(': ');
}
