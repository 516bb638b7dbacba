/** The values a fix writes, before they are rendered into the file's own style. */

/** A value to write: plain data, with `Comment` entries for lines a person must read. */
export type FixValue = string | number | boolean | FixValue[] | { [key: string]: FixValue | Comment };

/** A comment line inside a rendered mapping (only rendered in YAML; JSON has no comments). */
export class Comment {
  constructor(readonly text: string) {}
}

/** The entries of a mapping to write, in order. */
export type FixEntries = Record<string, FixValue | Comment>;

export function isFixMapping(value: FixValue | Comment | undefined): value is FixEntries {
  return typeof value === 'object' && !Array.isArray(value) && !(value instanceof Comment);
}

/** `value` under the keys of `path`, outermost first. */
export function nest(path: readonly string[], value: FixValue): FixValue {
  let result = value;
  for (let i = path.length - 1; i >= 0; i--) result = { [path[i]]: result };
  return result;
}

/** Adds the entries of `source` to `target`, merging the mappings both have under one key. */
export function mergeInto(target: FixEntries, source: FixEntries): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isFixMapping(existing) && isFixMapping(value)) mergeInto(existing, value);
    else target[key] = value;
  }
}

/** The value without its `Comment` entries, for the styles that cannot hold them. */
export function withoutComments(value: FixValue): FixValue {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (typeof value !== 'object') return value;
  const result: Record<string, FixValue> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (!(entry instanceof Comment)) result[key] = withoutComments(entry);
  }
  return result;
}
