import { defineControl, spanOfKey } from '../../engine/control';
import { asMap, get, getPair, isNullish } from '../../engine/nodes';

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
    fix: 'auto',
    scope: 'object',
    kinds: ['CronJob'],
  },
  check(context) {
    const { object } = context;
    const spec = asMap(get(object.node, 'spec'));
    const deadline = getPair(spec, 'startingDeadlineSeconds');
    if (deadline && !isNullish(deadline.value)) return;
    context.report({
      message: 'no spec.startingDeadlineSeconds',
      at: deadline
        ? spanOfKey(spec, 'startingDeadlineSeconds')
        : spec
          ? spanOfKey(object.node, 'spec')
          : undefined,
    });
  },
  fix(context, fixer) {
    const { object, settings } = context;
    const specPair = getPair(object.node, 'spec');
    if (specPair && !asMap(specPair.value) && !isNullish(specPair.value)) return;
    fixer.set(object.node, ['spec', 'startingDeadlineSeconds'], settings.fixDefaults.startingDeadlineSeconds);
  },
});
