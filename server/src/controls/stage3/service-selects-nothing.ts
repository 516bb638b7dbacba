import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { asMap, get, str, stringRecord } from '../../engine/nodes';
import { formatLabels, mapSelectorMatches } from '../../engine/objectIndex';

export default defineControl({
  meta: {
    id: 'service-selects-nothing',
    stage: 3,
    category: 'reliability',
    severity: 'warning',
    title: 'Service selects no pods',
    description:
      'A Service whose selector matches no pod template has no endpoints: every request sent to it fails, usually because of a typo in a label or a workload that was renamed.',
    remediation:
      'Make spec.selector match the pod template labels of the workload the Service fronts (every selector key and value must be on the template), or remove the Service. There is no automatic fix: which side is wrong needs a person.',
    peers: { kubeLinter: ['dangling-service'], kubeScore: ['service-targets-pod'] },
    fix: 'none',
    scope: 'object',
    kinds: ['Service'],
  },
  check(context) {
    const { object, index } = context;
    const spec = asMap(get(object.node, 'spec'));
    if (str(get(spec, 'type')) === 'ExternalName') return NOT_APPLICABLE;
    const selector = stringRecord(get(spec, 'selector'));
    if (Object.keys(selector).length === 0) return NOT_APPLICABLE;
    const workloads = index.workloads(object.namespace);
    if (workloads.some((workload) => mapSelectorMatches(selector, workload.podSpec?.templateLabels ?? {}))) {
      return;
    }
    const where =
      index.workloads().length === 0 ? 'in this workspace' : `in namespace "${object.namespace || '(none)'}"`;
    context.report({
      message: `no workload pod template ${where} carries ${formatLabels(selector)}`,
      at: spanOfKey(spec, 'selector'),
    });
  },
});
