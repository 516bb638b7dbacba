/** The words of a fix's title: what its edits do, and which values the author wrote it changes. */
import { Comment, type FixEntries, type FixValue, isFixMapping } from './value';

/** `Add resources.limits.memory: 256Mi`: the leaf of a nested value names what is written. */
export function describeSet(path: readonly string[], value: FixValue, verb: 'Add' | 'Set'): string {
  const keys = [...path];
  let leaf = value;
  while (isFixMapping(leaf)) {
    const entries = Object.entries(leaf).filter(([, entry]) => !(entry instanceof Comment));
    if (entries.length !== 1) break;
    keys.push(entries[0][0]);
    leaf = entries[0][1] as FixValue;
  }
  const shown = describeValue(leaf);
  const subject = keys.slice(-3).join('.');
  return shown === undefined ? `${verb} ${subject}` : `${verb} ${subject}: ${shown}`;
}

/** `Add a new PodDisruptionBudget web`. */
export function describeNewDocument(value: FixEntries): string {
  const metadata = value.metadata;
  const name = isFixMapping(metadata) ? metadata.name : undefined;
  return `Add a new ${typeof value.kind === 'string' ? value.kind : 'object'}${typeof name === 'string' ? ` ${name}` : ''}`;
}

export function joinActions(actions: readonly string[]): string {
  const unique = [...new Set(actions)];
  if (unique.length <= 2) return unique.join('; ');
  return `${unique.slice(0, 2).join('; ')} and ${unique.length - 2} more`;
}

/**
 * How a title names a value the fix overrides: `hostNetwork: true`; a long or multi-line value (a secret, a
 * key, a script) is never echoed, only its key.
 */
export function writtenValue(key: string, value: unknown): string {
  const text = String(value);
  // A boolean or a number is never a secret; a string under a secret-looking key may be.
  const sensitive = typeof value === 'string' && /secret|password|passwd|token|key|credential/i.test(key);
  return text.length <= 32 && !/[\r\n]/.test(text) && !sensitive ? `${key}: ${text}` : key;
}

function describeValue(value: FixValue): string | undefined {
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object'))
    return `[${value.map(String).join(', ')}]`;
  return undefined;
}
