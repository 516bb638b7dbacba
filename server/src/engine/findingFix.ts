/**
 * A finding's fix: the control's fix run on a fresh Fixer with the data its check reported, the edits as
 * ranges, the class raised where the edit overrides an explicit value, an aliased node or behaviour.
 */
import type { Settings } from './config';
import { type AnyControl, type FixClass, type Report, stricterClass } from './control';
import { Fixer } from './fixer';
import type { ObjectIndex } from './objectIndex';
import type { ParsedFile } from './parse';
import type { FixOutcome } from './result';
import { checkContext, type EnabledControl, type Unit } from './units';

/** What a finding's fix is computed from: the check's unit, report and the index it read. */
export interface FixSource {
  control: AnyControl;
  /** The control as enabled: what finds the unit again in a new parse. */
  entry: EnabledControl;
  unit: Unit;
  report: Report;
  file: ParsedFile;
  index: ObjectIndex;
}

/** The fix of one finding, or why none is offered; throws when the control's fix throws. */
export function fixFor(source: FixSource, settings: Settings): FixOutcome {
  const { control, unit, report, file, index } = source;
  const { meta } = control;
  const fixer = new Fixer(file);
  // The context is the one built for the control's scope, the data what its own check reported.
  control.fix!(checkContext(unit, index, settings, ignoreReport) as never, fixer, report.data as never);
  const edits = fixer.result();
  if (!edits) return { withheld: fixer.withheld };
  let fixClass = meta.fix as FixClass;
  // Changing an explicit value, a node other places alias, or behaviour its control's fixes do not
  // usually change: never applied unattended.
  if (
    fixer.overriddenValues.length > 0 ||
    fixer.sharedAnchors.length > 0 ||
    fixer.behaviourChanges.length > 0
  )
    fixClass = stricterClass(fixClass, 'review');
  if (fixer.isDraftFix) fixClass = 'draft';
  return {
    fix: {
      class: fixClass,
      title: fixer.describeFix(meta.title),
      edits: edits.map((edit) => ({ range: file.lines.range(edit.start, edit.end), newText: edit.newText })),
    },
  };
}

function ignoreReport(): void {}
