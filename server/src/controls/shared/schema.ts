import { NOT_APPLICABLE, type ObjectContext } from '../../engine/control';
import type { Fixer } from '../../engine/fixer';
import { type SchemaControlId, type SchemaFix, schemaProblems } from '../../engine/schema';

/** What a schema finding hands its fix: the edit the check found, or why there is none. */
export interface SchemaFixData {
  fix?: SchemaFix;
  withheld?: string;
}

/**
 * The check of one of the four schema controls: every problem of its kind in the object, each where the
 * schema check found it. Kinds nobody defines (no built-in schema, no CRD in the workspace) are not checked.
 */
export function checkSchema(control: SchemaControlId) {
  return (context: ObjectContext<SchemaFixData>) => {
    const problems = schemaProblems(control, context.object, context.index, context.settings);
    if (!problems) return NOT_APPLICABLE;
    for (const problem of problems)
      context.report({
        message: problem.message,
        at: problem.at,
        data: { fix: problem.fix, withheld: problem.withheld },
      });
  };
}

export function fixSchema(_context: ObjectContext<SchemaFixData>, fixer: Fixer, data: SchemaFixData): void {
  if (!data.fix) {
    fixer.fail(data.withheld);
    return;
  }
  fixer.replaceText(data.fix.start, data.fix.end, data.fix.newText).describe(data.fix.title);
  if (data.fix.changesBehaviour) fixer.changesBehaviour(data.fix.changesBehaviour);
}
