import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { describeObject, isUnknownCustomResource } from '../../engine/model';
import { asMap, get, str, stringRecord } from '../../engine/nodes';
import { formatLabels } from '../../engine/objectIndex';

/** Custom resources named in a message, at most. */
const NAMED_RESOURCES = 3;

export default defineControl({
  meta: {
    id: 'service-selects-nothing',
    stage: 3,
    category: 'reliability',
    severity: 'warning',
    title: 'Service selects no pods',
    description:
      'A Service whose selector matches no pod template has no endpoints: every request sent to it fails, usually because of a typo in a label or a workload that was renamed. Pod templates count with or without a spec yet, and so do the pods that known operators create for their resources (Prometheus, Alertmanager and ThanosRuler of the Prometheus operator, KEDA ScaledJobs, Knative Services) with the labels those operators set; when the namespace holds custom resources of other kinds, the message names them, since their operator may create the selected pods.',
    remediation:
      'Make spec.selector match the pod template labels of the workload the Service fronts (every selector key and value must be on the template), or remove the Service. When an operator creates the pods from a custom resource, exempt the Service with a reason. There is no automatic fix: which side is wrong needs a person.',
    peers: { kubeLinter: ['dangling-service'], kubeScore: ['service-targets-pod'] },
    fix: 'none',
    scope: 'object',
    kinds: ['Service'],
  },
  check(context) {
    const { object, index } = context;
    // A Knative Service (serving.knative.dev) is a workload, not a core Service.
    if (object.group !== '') return NOT_APPLICABLE;
    const spec = asMap(get(object.node, 'spec'));
    if (str(get(spec, 'type')) === 'ExternalName') return NOT_APPLICABLE;
    const selector = stringRecord(get(spec, 'selector'));
    if (Object.keys(selector).length === 0) return NOT_APPLICABLE;
    if (index.podTemplatesSelectedBy(selector, object.namespace).length > 0) return;
    const where =
      index.podTemplates().length === 0
        ? 'in this workspace'
        : object.namespace
          ? `in namespace "${object.namespace}"`
          : 'in the unnamed namespace';
    let message = `no workload pod template ${where} carries ${formatLabels(selector)}`;
    const unknown = index.customResources(object.namespace).filter(isUnknownCustomResource);
    if (unknown.length > 0) {
      const named = unknown.slice(0, NAMED_RESOURCES).map(describeObject).join(', ');
      const more = unknown.length > NAMED_RESOURCES ? ` and ${unknown.length - NAMED_RESOURCES} more` : '';
      message += `; the namespace also holds custom resources of kinds this check does not know (${named}${more}): their operator may create the selected pods`;
    }
    context.report({ message, at: spanOfKey(spec, 'selector') });
  },
});
