import { defineControl, NOT_APPLICABLE } from '../../engine/control';
import { Comment } from '../../engine/fixer';
import { autoscalersTargeting, searchedWhere } from '../shared/autoscalers';

export default defineControl({
  meta: {
    id: 'missing-autoscaler',
    stage: 3,
    category: 'efficiency',
    severity: 'info',
    title: 'Served workload has no autoscaler',
    description:
      'A workload behind a Service with a fixed replica count is either over-provisioned at quiet times or saturated at peaks; a HorizontalPodAutoscaler (or a KEDA ScaledObject) adjusts the replicas to the load.',
    remediation:
      'Add an autoscaling/v2 HorizontalPodAutoscaler (or a KEDA ScaledObject) targeting the workload. The fix appends an HPA on CPU utilisation with the minReplicas, maxReplicas and averageUtilization of the fixDefaults settings; it needs CPU requests on the containers, and the bounds should be reviewed.',
    peers: {},
    fix: 'draft',
    fixEffect:
      'A new HorizontalPodAutoscaler changes the replica count with CPU use; its bounds are placeholders a person must choose.',
    scope: 'object',
    kinds: ['Deployment', 'StatefulSet'],
  },
  check(context) {
    const { object, index } = context;
    if (index.servicesSelecting(object).length === 0) return NOT_APPLICABLE;
    if (autoscalersTargeting(index, object).length > 0) return;
    const where = searchedWhere(index, object);
    context.report({
      message: `no HorizontalPodAutoscaler or KEDA ScaledObject ${where} targets ${object.kind} "${object.name}"`,
    });
  },
  fix(context, fixer) {
    const { object, settings } = context;
    if (!object.name) return;
    const { hpaMinReplicas, hpaMaxReplicas, hpaCpuUtilization } = settings.fixDefaults;
    fixer.appendDocument({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        name: `${object.name}-hpa`,
        ...(object.namespace ? { namespace: object.namespace } : {}),
      },
      spec: {
        note: new Comment(
          'kube-maturity: scales on CPU use relative to the CPU requests; review the bounds before applying',
        ),
        scaleTargetRef: { apiVersion: object.apiVersion, kind: object.kind, name: object.name },
        minReplicas: hpaMinReplicas,
        maxReplicas: hpaMaxReplicas,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: hpaCpuUtilization },
            },
          },
        ],
      },
    });
  },
});
