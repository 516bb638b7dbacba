import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { isWorkloadKind } from '../../engine/model';
import { asMap, get, getPair, isNullish, str } from '../../engine/nodes';

const NAME_LABEL = 'app.kubernetes.io/name';

export default defineControl({
  meta: {
    id: 'missing-recommended-labels',
    stage: 4,
    category: 'operations',
    severity: 'info',
    title: 'Workload has no app.kubernetes.io/name label',
    description:
      'app.kubernetes.io/name is the recommended label that names the application a workload belongs to; dashboards, cost reports, network policies and kubectl queries rely on it to group objects, and unlabelled workloads fall out of them.',
    remediation:
      'Label the workload (or its pod template) with app.kubernetes.io/name set to the application name. The fix adds app.kubernetes.io/name: <metadata.name> to the object labels; rename it when several workloads form one application.',
    peers: {},
    fix: 'safe',
    fixEffect:
      "Nothing: the label goes on the object's own metadata, not on its pod template, so no pod is replaced and no selector starts or stops matching.",
    scope: 'object',
  },
  check(context) {
    const { object } = context;
    if (!isWorkloadKind(object)) return NOT_APPLICABLE;
    if (object.labels[NAME_LABEL] || object.podTemplate?.labels[NAME_LABEL]) return;
    const metadata = asMap(get(object.node, 'metadata'));
    context.report({
      message: `no ${NAME_LABEL} label on the object or its pod template`,
      at: getPair(metadata, 'labels') ? spanOfKey(metadata, 'labels') : undefined,
    });
  },
  fix(context, fixer) {
    const { object } = context;
    const metadata = asMap(get(object.node, 'metadata'));
    const name = str(get(metadata, 'name'));
    const labelsPair = getPair(metadata, 'labels');
    if (!metadata || !name || (labelsPair && !asMap(labelsPair.value) && !isNullish(labelsPair.value))) {
      return;
    }
    fixer.set(metadata, ['labels', NAME_LABEL], name);
  },
});
