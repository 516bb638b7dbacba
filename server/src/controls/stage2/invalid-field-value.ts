import { defineControl } from '../../engine/control';
import { checkSchema, fixSchema, type SchemaFixData } from '../shared/schema';

export default defineControl<'object', SchemaFixData>({
  meta: {
    id: 'invalid-field-value',
    stage: 2,
    category: 'reliability',
    severity: 'error',
    title: 'Value outside the values its field allows',
    description:
      'Fields such as imagePullPolicy, restartPolicy, a port protocol or a Service type take one of a fixed set of values, case included: `Allways`, `tcp` or `always` are rejected by the API server. Quantities (cpu, memory, storage) must follow the quantity grammar: `500mm` is not one.',
    remediation:
      'Use one of the values the message lists. When the value differs from one of them by case alone, the fix writes that value.',
    peers: {},
    fix: 'safe',
    fixEffect:
      'None beyond what the author wrote: only the case of the value changes, so that the object, which the API server rejected, applies with the value meant.',
    scope: 'object',
  },
  check: checkSchema('invalid-field-value'),
  fix: fixSchema,
});
