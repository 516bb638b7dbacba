import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { Comment } from '../../engine/fixer';
import type { KubeObject } from '../../engine/model';
import { asMap, asSeq, get, getPair, isAlias, nodeSpan, str, text } from '../../engine/nodes';
import { isLiteralValue, isSensitiveName, privateKeyIn } from '../shared/secrets';
import { editQuietly } from '../shared/spec';

interface SecretEnvData {
  /** Index of the env entry in the container's `env` list. */
  index: number;
}

export default defineControl<'container', SecretEnvData>({
  meta: {
    id: 'secret-in-env',
    stage: 2,
    category: 'security',
    severity: 'error',
    title: 'Secret written as a literal environment variable',
    description:
      'A literal env value is stored in plain text in the manifest, in version control, in the API object anyone with read access to the workload can see, and in every rendered copy; a Secret can be access-controlled, encrypted at rest and rotated without editing the workload.',
    remediation:
      'Store the value in a Secret and reference it with valueFrom.secretKeyRef, then rotate the exposed value. The fix replaces the literal with a secretKeyRef to a Secret named after the workload (key: the variable name in lower case) and leaves a comment: create that Secret before applying.',
    peers: {
      polaris: ['sensitiveContainerEnvVar'],
      kubeLinter: ['env-var-secret'],
    },
    fix: 'draft',
    fixEffect:
      'The container reads the variable from a Secret instead of the literal value; the placeholder Secret name and key must be filled in, or the pod will not start.',
    scope: 'container',
  },
  check(context) {
    const env = asSeq(get(context.container.node, 'env'));
    if (!env) return NOT_APPLICABLE;
    env.items.forEach((item, index) => {
      const entry = asMap(item);
      const name = str(get(entry, 'name'));
      const value = text(get(entry, 'value'));
      if (!entry || name === undefined || value === undefined || !isLiteralValue(value)) return;
      // An entry written as an alias is reported where the alias stands, not at its anchor.
      const at = isAlias(item) ? nodeSpan(item) : spanOfKey(entry, 'value');
      const data: SecretEnvData = { index };
      const privateKey = privateKeyIn(value);
      if (privateKey) {
        context.report({ message: `env "${name}" holds ${privateKey} in plain text`, at, data });
      } else if (isSensitiveName(name)) {
        context.report({ message: `env "${name}" looks like a secret but has a literal value`, at, data });
      }
    });
  },
  fix(context, fixer, data) {
    const { object, container } = context;
    const env = asSeq(get(container.node, 'env'));
    const entry = asMap(env?.items[data.index]);
    const name = str(get(entry, 'name'));
    const pair = getPair(entry, 'value');
    const envPair = getPair(container.node, 'env');
    if (
      !env ||
      !entry ||
      name === undefined ||
      !pair ||
      !entry.items.includes(pair) ||
      // Through an alias the list is shared with other containers; beside a valueFrom it is ambiguous.
      !envPair ||
      envPair.value !== env ||
      !container.node.items.includes(envPair) ||
      entry !== env.items[data.index] ||
      getPair(entry, 'valueFrom')
    ) {
      fixer.fail();
      return;
    }
    const secretName = secretNameFor(object);
    const secretKey = name.toLowerCase().replace(/[^-._a-z0-9]/g, '_');
    const note = `kube-maturity: create Secret "${secretName}" with key "${secretKey}" holding the value that was written here, and rotate it`;
    // The literal goes without being echoed: a removed key's value would otherwise show in the fix title.
    if (!editQuietly(fixer, (scratch) => scratch.removeKey(entry, 'value'))) return;
    fixer.set(entry, ['valueFrom'], {
      note: new Comment(note),
      secretKeyRef: { name: secretName, key: secretKey },
    });
    fixer
      .draft()
      .overridesExplicit('value')
      .describe(`Read ${name} from the placeholder Secret "${secretName}" (key ${secretKey}), to be created`);
  },
});

/** A Secret name derived from the workload: a DNS subdomain. */
function secretNameFor(object: KubeObject): string {
  const base = object.name
    .toLowerCase()
    .replace(/[^-.a-z0-9]/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return `${base || 'app'}-secrets`;
}
