import { defineControl, spanOfKey } from '../../engine/control';
import { get, getPair, str } from '../../engine/nodes';

export default defineControl({
  meta: {
    id: 'default-service-account',
    stage: 6,
    category: 'security',
    severity: 'info',
    title: 'Pod runs as the default ServiceAccount',
    description:
      'Every pod of a namespace that names no ServiceAccount shares the "default" one: any permission granted to it for one workload is granted to all of them, and access cannot be audited per workload.',
    remediation:
      'Give each workload its own ServiceAccount and set serviceAccountName. The fix appends a ServiceAccount named after the workload (with automountServiceAccountToken: false) and sets serviceAccountName to it; bind it to the roles the workload needs.',
    peers: { kubeLinter: ['default-service-account'] },
    fix: 'draft',
    fixEffect: 'The pod runs as a new ServiceAccount: RBAC bound to the default one no longer applies to it.',
    scope: 'podSpec',
  },
  check(context) {
    const spec = context.podSpec.node;
    const name = str(get(spec, 'serviceAccountName')) || str(get(spec, 'serviceAccount'));
    if (name && name !== 'default') return;
    const key = getPair(spec, 'serviceAccountName') ? 'serviceAccountName' : 'serviceAccount';
    context.report({
      message:
        name === 'default'
          ? `${key}: default shares the namespace's default ServiceAccount with every other pod`
          : "no serviceAccountName: the pod runs as the namespace's default ServiceAccount",
      at: name === 'default' ? spanOfKey(spec, key) : undefined,
    });
  },
  fix(context, fixer) {
    const { object, index, podSpec } = context;
    const name = object.name;
    if (!name) return;
    const exists = index
      .inNamespace('ServiceAccount', object.namespace)
      .some((account) => account.group === '' && account.name === name);
    if (!exists) {
      fixer.appendDocument({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name, ...(object.namespace ? { namespace: object.namespace } : {}) },
        automountServiceAccountToken: false,
      });
    }
    fixer.set(podSpec.node, ['serviceAccountName'], name);
  },
});
