import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { asMap, get, getPair, isNullish } from '../../engine/nodes';

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
    fix: 'auto',
    scope: 'object',
    kinds: ['Job'],
  },
  check(context) {
    const { object } = context;
    if (object.ownerKinds.includes('CronJob')) return NOT_APPLICABLE;
    const spec = asMap(get(object.node, 'spec'));
    const ttl = getPair(spec, 'ttlSecondsAfterFinished');
    if (ttl && !isNullish(ttl.value)) return;
    context.report({
      message: 'no spec.ttlSecondsAfterFinished: the finished Job and its pods are never deleted',
      at: ttl
        ? spanOfKey(spec, 'ttlSecondsAfterFinished')
        : spec
          ? spanOfKey(object.node, 'spec')
          : undefined,
    });
  },
  fix(context, fixer) {
    const { object, settings } = context;
    const specPair = getPair(object.node, 'spec');
    if (specPair && !asMap(specPair.value) && !isNullish(specPair.value)) return;
    fixer.set(
      object.node,
      ['spec', 'ttlSecondsAfterFinished'],
      settings.fixDefaults.jobTtlSecondsAfterFinished,
    );
  },
});
