import { defineControl, type PodSpecContext, spanOfKey } from '../../engine/control';
import type { KubeObject } from '../../engine/model';
import { bool, get, str } from '../../engine/nodes';

const KEY = 'automountServiceAccountToken';

/** The pod's ServiceAccount name (`default` when none is named) and the ServiceAccount when declared. */
function serviceAccountOf(context: PodSpecContext): { name: string; account?: KubeObject } {
  const { podSpec, object, index } = context;
  const name =
    str(get(podSpec.node, 'serviceAccountName')) || str(get(podSpec.node, 'serviceAccount')) || 'default';
  const account = index
    .inNamespace('ServiceAccount', object.namespace)
    .find((candidate) => candidate.group === '' && candidate.name === name);
  return { name, account };
}

export default defineControl({
  meta: {
    id: 'automount-service-account-token',
    stage: 6,
    category: 'security',
    severity: 'warning',
    title: 'ServiceAccount token is mounted into the pod',
    description:
      "Unless told otherwise, Kubernetes mounts a token of the pod's ServiceAccount into every container; anyone who gets code execution in the container can then call the Kubernetes API with that identity. Most applications never talk to the API.",
    remediation:
      'Set automountServiceAccountToken: false on the pod spec, or on its ServiceAccount, and mount a projected token only into pods that call the API. The fix sets it to false on the pod spec; where the pod spec or its ServiceAccount sets it true explicitly, the fix says it overrides that choice.',
    peers: { polaris: ['automountServiceAccountToken'] },
    fix: 'review',
    fixEffect:
      'The pod no longer gets an API token: software that calls the Kubernetes API (operators, controllers, exporters) fails.',
    scope: 'podSpec',
  },
  check(context) {
    const { podSpec, object, index } = context;
    const setting = bool(get(podSpec.node, KEY));
    if (setting === false) return;
    if (setting === true) {
      context.report({
        message: `${KEY}: true mounts the ServiceAccount token into every container`,
        at: spanOfKey(podSpec.node, KEY),
      });
      return;
    }
    const { name, account } = serviceAccountOf(context);
    const accountSetting = account ? bool(get(account.node, KEY)) : undefined;
    if (accountSetting === false) return;
    if (accountSetting === true) {
      context.report({
        message: `ServiceAccount "${name}" sets ${KEY}: true, and the pod does not set it false: the token is mounted into every container`,
      });
      return;
    }
    if (account) {
      context.report({
        message: `the ServiceAccount token is mounted: neither the pod nor ServiceAccount "${name}" sets ${KEY}: false`,
      });
      return;
    }
    const where =
      index.count('ServiceAccount') === 0
        ? 'in this workspace'
        : object.namespace
          ? `in namespace "${object.namespace}"`
          : 'in the unnamed namespace';
    context.report({
      message: `the ServiceAccount token is mounted: the pod does not set ${KEY}: false (no ServiceAccount "${name}" ${where})`,
    });
  },
  fix(context, fixer) {
    // An explicit true on the pod spec is replaced (the fixer says so); one on the ServiceAccount is
    // overridden by the pod's false, an explicit choice the fix says it overrides too.
    const { account } = serviceAccountOf(context);
    const onPod = bool(get(context.podSpec.node, KEY));
    if (onPod === undefined && account && bool(get(account.node, KEY)) === true)
      fixer.overridesExplicit(`${KEY}: true`);
    fixer.set(context.podSpec.node, [KEY], false);
  },
});
