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
      'Fields such as imagePullPolicy, restartPolicy, a port protocol or a Service type take one of a fixed set of values, case included: `Allways`, `tcp` or `always` are rejected by the API server. Quantities (cpu, memory, storage) must follow the quantity grammar: `500mm` is not one. A port given by name (a Service targetPort, a probe port, a NetworkPolicy port) must be a port name with a letter: `"8080"` quoted is neither a name nor the number. An apiVersion must serve the kind: `apps/v1` has no `Deployement`, `v1` no `Deployment`, a custom resource only the versions its CRD serves. An empty string is the field unset (the API server defaults it) and is not reported.',
    remediation:
      'Use one of the values the message lists. When the value differs from one of them by case alone (a value, a quantity suffix, a kind), the fix writes that value; a quoted port number is unquoted; a built-in kind under the wrong apiVersion gets the one apiVersion that serves it. A custom resource of a version its CRD does not serve gets the one it serves by a review fix: another version may read its fields otherwise.',
    peers: {},
    fix: 'safe',
    fixEffect:
      'None beyond what the author wrote: only the case of the value, the quoting of a port number or the apiVersion of a kind changes, so that the object, which the API server rejected, applies with the value meant.',
    scope: 'object',
  },
  check: checkSchema('invalid-field-value'),
  fix: fixSchema,
});
