import { defineControl } from '../../engine/control';
import { Comment } from '../../engine/fixer';

export default defineControl({
  meta: {
    id: 'namespace-without-quota',
    stage: 6,
    category: 'efficiency',
    severity: 'info',
    title: 'Namespace has no ResourceQuota',
    description:
      'Without a ResourceQuota nothing caps what the workloads of a namespace may request: one runaway rollout or a mistaken replica count can consume the capacity the other teams of the cluster rely on.',
    remediation:
      'Add a ResourceQuota to the namespace with hard limits on CPU, memory and pod count sized for its workloads. The fix appends one with placeholder limits that must be reviewed before applying.',
    peers: {},
    fix: 'draft',
    fixEffect:
      'A new ResourceQuota caps the namespace; the placeholder limits must be chosen, or new pods are refused once they are reached.',
    scope: 'namespace',
  },
  check(context) {
    const { namespace, index } = context;
    if (index.inNamespace('ResourceQuota', namespace).some((quota) => quota.group === '')) return;
    const where = index.count('ResourceQuota') === 0 ? 'this workspace' : 'this namespace';
    context.report({ message: `no ResourceQuota in ${where}` });
  },
  fix(context, fixer) {
    const { namespace } = context;
    fixer.appendDocument({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'compute-quota', ...(namespace ? { namespace } : {}) },
      spec: {
        note: new Comment(
          'kube-maturity: placeholder limits: size them for the workloads of this namespace before applying',
        ),
        hard: {
          'requests.cpu': '4',
          'requests.memory': '8Gi',
          'limits.cpu': '8',
          'limits.memory': '16Gi',
          pods: '50',
        },
      },
    });
  },
});
