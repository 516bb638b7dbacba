import { defineControl, spanOfKey } from '../../engine/control';
import { asMap, entries, get, text } from '../../engine/nodes';
import { isLiteralValue, isSensitiveName, privateKeyIn, sensitiveAssignments } from '../shared/secrets';

export default defineControl({
  meta: {
    id: 'secret-in-configmap',
    stage: 2,
    category: 'security',
    severity: 'error',
    title: 'ConfigMap holds secret data',
    description:
      'ConfigMaps are meant for non-confidential settings: they are readable by anyone who may read the namespace configuration, are not encrypted at rest, and end up in version control, logs and support bundles, so a password or private key in one is exposed.',
    remediation:
      'Move the sensitive entries to a Secret (or an external secret store) and mount or reference it instead; then rotate the exposed value. There is no automatic fix: the Secret and the consumers of the entry must change together.',
    peers: {
      polaris: ['sensitiveConfigmapContent'],
    },
    fix: 'none',
    scope: 'object',
    kinds: ['ConfigMap'],
  },
  check(context) {
    const data = asMap(get(context.object.node, 'data'));
    for (const [key, valueNode] of entries(data)) {
      const value = text(valueNode);
      if (value === undefined || !isLiteralValue(value)) continue;
      const at = spanOfKey(data, key);
      const privateKey = privateKeyIn(value);
      if (privateKey) {
        context.report({ message: `data "${key}" holds ${privateKey}`, at });
        continue;
      }
      if (isSensitiveName(key)) {
        context.report({ message: `data key "${key}" looks like a secret and has a value`, at });
        continue;
      }
      const assignments = sensitiveAssignments(value);
      if (assignments.length === 0) continue;
      const first = assignments[0];
      const more = assignments.length > 1 ? ` and ${assignments.length - 1} more` : '';
      context.report({
        message: `data "${key}" sets "${first.key}" in plain text (line ${first.line + 1} of the value)${more}`,
        at,
      });
    }
  },
});
