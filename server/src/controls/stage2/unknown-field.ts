import { defineControl } from '../../engine/control';
import { checkSchema, fixSchema, type SchemaFixData } from '../shared/schema';

export default defineControl<'object', SchemaFixData>({
  meta: {
    id: 'unknown-field',
    stage: 2,
    category: 'reliability',
    severity: 'error',
    title: 'Key that is not a field of its kind',
    description:
      "kubectl validates strictly by default: the API server rejects an object with a key its kind does not have, so the file fails at deploy time; clients that do not validate drop the key silently, and what it held (resources, a probe, a pull policy) never takes effect. Built-in kinds are checked against the schema of the target Kubernetes version (kubernetesVersion), custom resources against the workspace's CustomResourceDefinitions.",
    remediation:
      "Rename the key to the field it was meant to be, or remove it. When exactly one field is close (the same but for case, or one or two typing errors away), the mapping does not have it yet, no other key of the mapping misspells it too and the value is of the type the field takes, the fix renames the key, for review: a client that does not validate strictly (the API server's default for clients other than kubectl is to warn and drop the key) ran the object without it, and renamed it takes effect.",
    peers: {},
    fix: 'review',
    fixEffect:
      'The key becomes the field it almost spells, with the value the author wrote: where the object was applied by a client that does not validate strictly, the field was dropped and now takes effect (replicas, a command, a probe, resources, a privilege).',
    scope: 'object',
  },
  check: checkSchema('unknown-field'),
  fix: fixSchema,
});
