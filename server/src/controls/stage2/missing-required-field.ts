import { defineControl } from '../../engine/control';
import { checkSchema, type SchemaFixData } from '../shared/schema';

export default defineControl<'object', SchemaFixData>({
  meta: {
    id: 'missing-required-field',
    stage: 2,
    category: 'reliability',
    severity: 'error',
    title: 'Required field missing',
    description:
      "The API server rejects an object without the fields its kind requires: a container's name and image, a Service port's port, a Deployment's selector and template. Required fields come from the kind's schema in the target Kubernetes version, plus the container image, which API validation requires of every pod.",
    remediation: 'Add the field the message names. There is no fix: only a person knows its value.',
    peers: {},
    fix: 'none',
    scope: 'object',
  },
  check: checkSchema('missing-required-field'),
});
