import { type ObjectContext, spanOfKey } from '../../engine/control';
import { Fixer, type FixValue } from '../../engine/fixer';
import { asMap, get, getPair, isNullish } from '../../engine/nodes';

/** Reports a key missing (or null) from the object's `spec`: on the key when it is null, else on `spec`. */
export function reportMissingSpecKey(context: ObjectContext, key: string, message: string): void {
  const spec = asMap(get(context.object.node, 'spec'));
  const pair = getPair(spec, key);
  if (pair && !isNullish(pair.value)) return;
  const at = pair ? spanOfKey(spec, key) : spec ? spanOfKey(context.object.node, 'spec') : undefined;
  context.report({ message, at });
}

/** Sets a key of the object's `spec` (creating `spec` if needed), unless `spec` is not a mapping. */
export function setSpecKey(context: ObjectContext, fixer: Fixer, key: string, value: FixValue): void {
  const specPair = getPair(context.object.node, 'spec');
  if (specPair && !asMap(specPair.value) && !isNullish(specPair.value)) return;
  fixer.set(context.object.node, ['spec', key], value);
}

/**
 * Makes the edits `build` makes on a scratch Fixer part of `fixer`, without recording what they remove as
 * overridden. For fixes that name the explicit value they override themselves: removing `privileged: true`
 * with the securityContext it leaves empty overrides `privileged: true`, not "the explicit
 * `securityContext`"; and a literal secret moved to a Secret must never be echoed in the fix title.
 * Returns false (and fails `fixer`) when the edits cannot be made.
 */
export function editQuietly(fixer: Fixer, build: (scratch: Fixer) => void): boolean {
  const scratch = new Fixer(fixer.file);
  build(scratch);
  const edits = scratch.result();
  if (!edits) {
    fixer.fail(scratch.withheld);
    return false;
  }
  for (const edit of edits) fixer.replaceText(edit.start, edit.end, edit.newText);
  return true;
}
