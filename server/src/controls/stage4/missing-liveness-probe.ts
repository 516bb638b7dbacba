import { defineControl } from '../../engine/control';
import { checkMissingProbe, fixMissingProbe } from '../shared/probes';

export default defineControl({
  meta: {
    id: 'missing-liveness-probe',
    stage: 4,
    category: 'reliability',
    severity: 'warning',
    title: 'Container has no liveness probe',
    description:
      'Without a liveness probe the kubelet only restarts a container whose process exits; a server that deadlocks or stops answering keeps running, and receiving traffic, until someone notices.',
    remediation:
      'Add a livenessProbe that checks the application is alive (an HTTP health endpoint, a TCP connect or a command). The fix adds a tcpSocket probe on the first TCP port the container declares, with the fixDefaults.probeInitialDelaySeconds and probePeriodSeconds timings; when the container declares no port it adds a commented exec placeholder that a person must replace.',
    peers: {
      polaris: ['livenessProbeMissing'],
      kubeLinter: ['no-liveness-probe'],
      kubeScore: ['pod-probes'],
    },
    fix: 'review',
    fixEffect:
      'The kubelet restarts the container when the probe fails; a probe on the wrong port or path restarts a healthy container. With no port to target, only a commented placeholder is written.',
    scope: 'container',
  },
  check: (context) => checkMissingProbe(context, 'livenessProbe'),
  fix: (context, fixer) => fixMissingProbe(context, fixer, 'livenessProbe'),
});
