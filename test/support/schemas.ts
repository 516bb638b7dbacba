import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import { PROJECT_ROOT } from './paths';

export interface Validator {
  (data: unknown): boolean;
  errors: ErrorObject[] | null | undefined;
}

function wrap(compiled: { (data: unknown): boolean; errors?: ErrorObject[] | null }): Validator {
  const validator = ((data: unknown) => compiled(data)) as Validator;
  Object.defineProperty(validator, 'errors', { get: () => compiled.errors });
  return validator;
}

export function reportValidator(): Validator {
  const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas/report.schema.json'), 'utf8'));
  return wrap(new Ajv({ allErrors: true, strict: false }).compile(schema));
}

/** The official SARIF 2.1.0 schema (draft-04), as shipped in @microsoft/jest-sarif. */
export function sarifValidator(): Validator {
  const schemaPath = join(
    PROJECT_ROOT,
    'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json',
  );
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  // The schema's language pattern is not valid with the unicode flag Ajv uses by default.
  return wrap(new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema));
}
