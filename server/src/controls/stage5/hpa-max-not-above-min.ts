import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { asMap, get, num, text } from '../../engine/nodes';

/** A replica count as written: a number, a numeric string, or undefined when absent or unreadable. */
function readCount(node: unknown): number | undefined {
  const written = text(node);
  if (written === undefined) return undefined;
  const value = num(node) ?? Number(written);
  return Number.isFinite(value) ? value : Number.NaN;
}

export default defineControl({
  meta: {
    id: 'hpa-max-not-above-min',
    stage: 5,
    category: 'reliability',
    severity: 'warning',
    title: 'HorizontalPodAutoscaler cannot scale up',
    description:
      'When maxReplicas is missing or not above minReplicas the autoscaler has no room to add pods: under load the workload stays at its minimum size and the HPA only looks like protection.',
    remediation:
      'Set maxReplicas above minReplicas (minReplicas defaults to 1), high enough for peak load and within what the cluster can hold.',
    peers: { polaris: ['hpaMaxAvailability'] },
    fix: 'none',
    scope: 'object',
    kinds: ['HorizontalPodAutoscaler'],
  },
  check(context) {
    const { object } = context;
    const spec = asMap(get(object.node, 'spec'));
    const minWritten = readCount(get(spec, 'minReplicas'));
    const maxReplicas = readCount(get(spec, 'maxReplicas'));
    // A templated value ("{{ .Values.max }}") cannot be judged.
    if (Number.isNaN(minWritten) || Number.isNaN(maxReplicas)) return NOT_APPLICABLE;
    const minReplicas = minWritten ?? 1;
    const minText = minWritten === undefined ? 'the default minReplicas of 1' : `minReplicas: ${minReplicas}`;
    if (maxReplicas === undefined) {
      context.report({
        message: `no maxReplicas: it has no room to scale above ${minText}`,
        at: spanOfKey(object.node, 'spec'),
      });
      return;
    }
    if (maxReplicas > minReplicas) return;
    context.report({
      message: `maxReplicas: ${maxReplicas} is not above ${minText}: it can never add a pod`,
      at: spanOfKey(spec, 'maxReplicas'),
    });
  },
});
