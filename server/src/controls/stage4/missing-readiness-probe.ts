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
      'Add a readinessProbe that succeeds only when the application can serve requests. The fix adds a tcpSocket probe on the first TCP port the container declares, with the fixDefaults.probeInitialDelaySeconds and probePeriodSeconds timings; when the container declares no port it adds a commented exec placeholder that a person must replace.',
    peers: {
      polaris: ['readinessProbeMissing'],
      kubeLinter: ['no-readiness-probe'],
      kubeScore: ['pod-probes'],
    },
    fix: 'review',
    fixEffect:
      'The pod receives Service traffic only while the probe passes; a wrong probe keeps it out of its Services. With no port to target, only a commented placeholder is written.',
    scope: 'container',
  },
  check: (context) => checkMissingProbe(context, 'readinessProbe'),
  fix: (context, fixer) => fixMissingProbe(context, fixer, 'readinessProbe'),
});
