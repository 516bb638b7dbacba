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
      'Add a livenessProbe that checks the application is alive (an HTTP health endpoint, a TCP connect or a command). The fix (review) adds a tcpSocket probe on the first TCP port the container declares, with the fixDefaults.probeInitialDelaySeconds and probePeriodSeconds timings and failureThreshold: 6, twice the readiness default, so that the liveness and readiness probes it writes differ and a struggling container leaves its Services before it is restarted. When the container declares no TCP port the fix is a draft: a commented placeholder under livenessProbe that sketches the check for a person to write; the probe stays empty and the finding stays until they do (not offered in JSON or flow style, where the comment cannot be written).',
    peers: {
      polaris: ['livenessProbeMissing'],
      kubeLinter: ['no-liveness-probe'],
      kubeScore: ['pod-probes'],
    },
    fix: 'review',
    fixEffect:
      'With a port (review): the kubelet restarts the container after 6 failed TCP connects in a row; a probe on the wrong port restarts a healthy container. With no port (draft): nothing changes at run time, only comments are written.',
    scope: 'container',
  },
  check: (context) => checkMissingProbe(context, 'livenessProbe'),
  fix: (context, fixer) => fixMissingProbe(context, fixer, 'livenessProbe'),
});
