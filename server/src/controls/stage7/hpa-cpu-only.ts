import { defineControl, spanOfKey } from '../../engine/control';
import { asMap, get, getPair, items, str } from '../../engine/nodes';

/** A Resource or ContainerResource metric on cpu (v2 and v2beta1/v2beta2 share these fields). */
function isCpuMetric(metric: unknown): boolean {
  const type = str(get(metric, 'type'));
  if (type === 'Resource') return str(get(get(metric, 'resource'), 'name')) === 'cpu';
  if (type === 'ContainerResource') return str(get(get(metric, 'containerResource'), 'name')) === 'cpu';
  return false;
}

export default defineControl({
  meta: {
    id: 'hpa-cpu-only',
    stage: 7,
    category: 'efficiency',
    severity: 'info',
    title: 'HorizontalPodAutoscaler scales on CPU alone',
    description:
      'CPU utilisation is a lagging and often poor signal of load: memory-bound, I/O-bound or queue-driven workloads saturate long before their CPU rises, and CPU spikes from garbage collection or start-up scale them for nothing. Scaling on a signal closer to demand (requests per second, queue length, latency) keeps capacity in step with users.',
    remediation:
      'Use autoscaling/v2 and add a metric that tracks demand (a Pods or Object metric from a custom metrics adapter, an External metric, or memory), alongside or instead of CPU; or let KEDA scale the workload on its event source.',
    peers: {},
    fix: 'none',
    scope: 'object',
    kinds: ['HorizontalPodAutoscaler'],
  },
  check(context) {
    const { object } = context;
    const spec = asMap(get(object.node, 'spec'));
    if (object.apiVersion === 'autoscaling/v1') {
      // autoscaling/v1 can express nothing but a CPU utilisation target (80% when left out).
      context.report({
        message: 'autoscaling/v1 scales on CPU utilisation alone',
        at: spanOfKey(spec, 'targetCPUUtilizationPercentage') ?? spanOfKey(object.node, 'spec'),
      });
      return;
    }
    const metrics = items(get(spec, 'metrics'));
    if (metrics.length === 0) {
      context.report({
        message: 'no metrics: it defaults to scaling on CPU utilisation alone',
        at: getPair(spec, 'metrics') ? spanOfKey(spec, 'metrics') : spanOfKey(object.node, 'spec'),
      });
      return;
    }
    if (!metrics.every(isCpuMetric)) return;
    context.report({
      message:
        metrics.length === 1
          ? 'its only metric is CPU: it scales on CPU alone'
          : `all ${metrics.length} metrics are CPU: it scales on CPU alone`,
      at: spanOfKey(spec, 'metrics'),
    });
  },
});
