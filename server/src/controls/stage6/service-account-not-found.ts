import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { get, getPair, str } from '../../engine/nodes';

export default defineControl({
  meta: {
    id: 'service-account-not-found',
    stage: 6,
    category: 'reliability',
    severity: 'warning',
    title: 'Pod names a ServiceAccount that is not declared',
    description:
      'A pod whose ServiceAccount does not exist is rejected at creation: the workload rolls out no pods at all. It usually means a typo, or a ServiceAccount missing from the manifests of its namespace.',
    remediation:
      "Correct serviceAccountName, or add the ServiceAccount to the namespace's manifests. No automatic fix is offered.",
    peers: { kubeLinter: ['non-existent-service-account'] },
    fix: 'none',
    scope: 'podSpec',
  },
  check(context) {
    const { podSpec, object, index } = context;
    const key = str(get(podSpec.node, 'serviceAccountName')) ? 'serviceAccountName' : 'serviceAccount';
    const name = str(get(podSpec.node, key));
    // Without a name the pod uses "default", which every namespace has.
    if (!name || name === 'default') return NOT_APPLICABLE;
    const accounts = index
      .inNamespace('ServiceAccount', object.namespace)
      .filter((account) => account.group === '');
    if (accounts.length === 0) return NOT_APPLICABLE;
    if (accounts.some((account) => account.name === name)) return;
    const where = object.namespace ? `namespace "${object.namespace}"` : 'the unnamed namespace';
    const declared = accounts.map((account) => account.name).join(', ');
    context.report({
      message: `${key} "${name}" matches no ServiceAccount in ${where} (declared there: ${declared})`,
      at: getPair(podSpec.node, key) ? spanOfKey(podSpec.node, key) : undefined,
    });
  },
});
