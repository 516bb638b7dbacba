import { defineControl, NOT_APPLICABLE } from '../../engine/control';
import { reportMissingSpecKey, setSpecKey } from '../shared/spec';

export default defineControl({
  meta: {
    id: 'job-without-ttl',
    stage: 4,
    category: 'efficiency',
    severity: 'info',
    title: 'Job is never cleaned up after it finishes',
    description:
      'Without ttlSecondsAfterFinished a finished Job and its pods stay in the cluster until someone deletes them: they pile up in etcd, clutter kubectl output and keep their logs and volumes bound.',
    remediation:
      'Set spec.ttlSecondsAfterFinished so the TTL controller deletes the Job (and its pods) some time after it completes. The fix adds it with the fixDefaults.jobTtlSecondsAfterFinished setting (86400 s, one day). Jobs created by a CronJob are cleaned up by its history limits instead.',
    peers: { kubeLinter: ['job-ttl-seconds-after-finished'] },
    fix: 'review',
    fixEffect: 'The Job and its pods are deleted that many seconds after it finishes, with their logs.',
    scope: 'object',
    kinds: ['Job'],
  },
  check(context) {
    if (context.object.ownerKinds.includes('CronJob')) return NOT_APPLICABLE;
    reportMissingSpecKey(
      context,
      'ttlSecondsAfterFinished',
      'no spec.ttlSecondsAfterFinished: the finished Job and its pods are never deleted',
    );
  },
  fix(context, fixer) {
    setSpecKey(
      context,
      fixer,
      'ttlSecondsAfterFinished',
      context.settings.fixDefaults.jobTtlSecondsAfterFinished,
    );
  },
});
