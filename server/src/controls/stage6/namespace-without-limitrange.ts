import { defineControl } from '../../engine/control';
import { Comment } from '../../engine/fixer';

export default defineControl({
  meta: {
    id: 'namespace-without-limitrange',
    stage: 6,
    category: 'efficiency',
    severity: 'info',
    title: 'Namespace has no LimitRange',
    description:
      'A LimitRange gives containers that declare no requests or limits sensible defaults; without one such containers are scheduled as if they needed nothing and may use a whole node, and a ResourceQuota on CPU or memory rejects them outright.',
    remediation:
      'Add a LimitRange with default requests and limits for containers. The fix appends one using the fix default settings (fixDefaults.cpuRequest, memoryRequest, cpuLimit, memoryLimit).',
    peers: {},
    fix: 'draft',
    fixEffect:
      'A new LimitRange gives containers without requests or limits the default ones, and refuses containers above its bounds.',
    scope: 'namespace',
  },
  check(context) {
    const { namespace, index } = context;
    if (index.inNamespace('LimitRange', namespace).some((range) => range.group === '')) return;
    const where = index.count('LimitRange') === 0 ? 'this workspace' : 'this namespace';
    context.report({ message: `no LimitRange in ${where}` });
  },
  fix(context, fixer) {
    const { namespace, settings } = context;
    const defaults = settings.fixDefaults;
    fixer.appendDocument({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'default-limits', ...(namespace ? { namespace } : {}) },
      spec: {
        note: new Comment(
          'kube-maturity: defaults for containers that declare no requests or limits; review them',
        ),
        limits: [
          {
            type: 'Container',
            defaultRequest: { cpu: defaults.cpuRequest, memory: defaults.memoryRequest },
            default: { cpu: defaults.cpuLimit, memory: defaults.memoryLimit },
          },
        ],
      },
    });
  },
});
