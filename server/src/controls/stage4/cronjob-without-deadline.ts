import { defineControl } from '../../engine/control';
import { reportMissingSpecKey, setSpecKey } from '../shared/spec';

export default defineControl({
  meta: {
    id: 'cronjob-without-deadline',
    stage: 4,
    category: 'reliability',
    severity: 'info',
    title: 'CronJob has no starting deadline',
    description:
      'Without startingDeadlineSeconds a CronJob that missed its schedule (controller down, cluster upgrade) may start at any time later, and after more than 100 missed schedules the controller refuses to start it at all.',
    remediation:
      'Set spec.startingDeadlineSeconds to how late a run may still start. The fix adds it with the fixDefaults.startingDeadlineSeconds setting (200 s); choose a value shorter than the schedule interval.',
    peers: { kubeScore: ['cronjob-has-deadline'] },
    fix: 'review',
    fixEffect:
      'A run that cannot start within that many seconds of its schedule is skipped and counted as missed.',
    scope: 'object',
    kinds: ['CronJob'],
  },
  check(context) {
    reportMissingSpecKey(context, 'startingDeadlineSeconds', 'no spec.startingDeadlineSeconds');
  },
  fix(context, fixer) {
    setSpecKey(
      context,
      fixer,
      'startingDeadlineSeconds',
      context.settings.fixDefaults.startingDeadlineSeconds,
    );
  },
});
