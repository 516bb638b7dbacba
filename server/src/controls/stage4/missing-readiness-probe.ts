import { defineControl } from '../../engine/control';
import { checkMissingProbe, fixMissingProbe } from '../shared/probes';

export default defineControl({
  meta: {
    id: 'missing-readiness-probe',
    stage: 4,
    category: 'reliability',
    severity: 'warning',
    title: 'Container has no readiness probe',
    description:
      'Without a readiness probe a pod receives Service traffic as soon as its containers start, before the application can answer, and keeps receiving it while it is overloaded or shutting down; rollouts then drop requests.',
    remediation:
      'Add a readinessProbe that succeeds only when the application can serve requests. The fix (review) adds a tcpSocket probe on the first TCP port the container declares, with the fixDefaults.probeInitialDelaySeconds and probePeriodSeconds timings and the default failureThreshold (the liveness fix writes 6, so the two never come out identical). When the container declares no TCP port the fix is a draft: a commented placeholder under readinessProbe that sketches the check for a person to write; the probe stays empty and the finding stays until they do (not offered in JSON or flow style, where the comment cannot be written).',
    peers: {
      polaris: ['readinessProbeMissing'],
      kubeLinter: ['no-readiness-probe'],
      kubeScore: ['pod-probes'],
    },
    fix: 'review',
    fixEffect:
      'With a port (review): the pod receives Service traffic only while a TCP connect to the port succeeds; a probe on the wrong port keeps it out of its Services. With no port (draft): nothing changes at run time, only comments are written.',
    scope: 'container',
  },
  check: (context) => checkMissingProbe(context, 'readinessProbe'),
  fix: (context, fixer) => fixMissingProbe(context, fixer, 'readinessProbe'),
});
