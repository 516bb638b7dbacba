import { defineControl, spanOfKey } from '../../engine/control';
import { asMap, get, getPair, str } from '../../engine/nodes';

export default defineControl({
  meta: {
    id: 'hpa-target-missing',
    stage: 3,
    category: 'reliability',
    severity: 'warning',
    title: 'HorizontalPodAutoscaler targets a workload that does not exist',
    description:
      'An HPA whose scaleTargetRef names no object of the namespace scales nothing: the workload it was meant for runs at a fixed size, usually after a rename or a kind change (Deployment to StatefulSet).',
    remediation:
      'Set spec.scaleTargetRef kind and name to the workload of the same namespace the HPA should scale, or delete the HPA. There is no automatic fix.',
    peers: {
      kubeLinter: ['dangling-horizontalpodautoscaler'],
      kubeScore: ['horizontalpodautoscaler-has-target'],
    },
    fix: 'none',
    scope: 'object',
    kinds: ['HorizontalPodAutoscaler'],
  },
  check(context) {
    const { object, index } = context;
    const spec = asMap(get(object.node, 'spec'));
    const ref = asMap(get(spec, 'scaleTargetRef'));
    if (!ref) {
      context.report({
        message: 'no spec.scaleTargetRef',
        at: getPair(object.node, 'spec') ? spanOfKey(object.node, 'spec') : undefined,
      });
      return;
    }
    const kind = str(get(ref, 'kind'));
    const name = str(get(ref, 'name'));
    if (!kind || !name) {
      context.report({
        message: `spec.scaleTargetRef has no ${kind ? 'name' : 'kind'}`,
        at: spanOfKey(spec, 'scaleTargetRef'),
      });
      return;
    }
    if (index.inNamespace(kind, object.namespace).some((target) => target.name === name)) return;
    const where =
      index.count(kind) === 0
        ? 'in this workspace'
        : object.namespace
          ? `in namespace "${object.namespace}"`
          : 'in the unnamed namespace';
    context.report({ message: `no ${kind} "${name}" ${where}`, at: spanOfKey(ref, 'name') });
  },
});
