import { isDeepStrictEqual } from 'node:util';
import { defineControl, spanOfKey } from '../../engine/control';
import { asMap, get, toPlain } from '../../engine/nodes';

export default defineControl({
  meta: {
    id: 'identical-probes',
    stage: 4,
    category: 'reliability',
    severity: 'info',
    title: 'Liveness and readiness probes are identical',
    description:
      'Readiness and liveness answer different questions: a readiness failure takes the pod out of its Services, a liveness failure restarts the container. When both probes are the same, a container that is only busy or waiting on a dependency is restarted instead of being given time, and load spikes turn into restart loops.',
    remediation:
      'Make the liveness probe check only that the process is alive (a cheap endpoint, a longer period or a higher failureThreshold) and the readiness probe check that it can serve; or drop the liveness probe. There is no automatic fix.',
    peers: { kubeScore: ['pod-probes-identical'] },
    fix: 'none',
    scope: 'container',
  },
  check(context) {
    const container = context.container.node;
    const liveness = asMap(get(container, 'livenessProbe'));
    const readiness = asMap(get(container, 'readinessProbe'));
    if (!liveness || !readiness) return;
    let identical: boolean;
    try {
      identical = isDeepStrictEqual(toPlain(liveness), toPlain(readiness));
    } catch {
      return; // too large to compare: not worth a finding
    }
    if (identical) {
      context.report({
        message: 'readinessProbe is identical to livenessProbe',
        at: spanOfKey(container, 'readinessProbe'),
      });
    }
  },
});
