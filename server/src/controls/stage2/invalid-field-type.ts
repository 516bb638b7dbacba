import { defineControl } from '../../engine/control';
import { checkSchema, fixSchema, type SchemaFixData } from '../shared/schema';

export default defineControl<'object', SchemaFixData>({
  meta: {
    id: 'invalid-field-type',
    stage: 2,
    category: 'reliability',
    severity: 'error',
    title: 'Value of the wrong type for its field',
    description:
      'The API server cannot decode a value of the wrong type (`replicas: "3"`, `containerPort: "8080"`, a mapping where a list belongs, `value: 8080` in an env entry) and rejects the whole object. Values are read as kubectl reads YAML: `yes`, `on` and `y` are booleans there, so an unquoted `yes` in a string field is an error too.',
    remediation:
      'Write the value in the type the field takes. The fix unquotes a quoted number or boolean where the field wants one, and quotes a bare number or boolean where the field wants a string.',
    peers: {},
    fix: 'safe',
    fixEffect:
      'None on a running workload: the value the author wrote is kept and only its quoting changes, so that the object, which the API server rejected, applies as written.',
    scope: 'object',
  },
  check: checkSchema('invalid-field-type'),
  fix: fixSchema,
});
