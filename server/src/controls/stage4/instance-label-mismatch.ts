import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { isWorkloadKind } from '../../engine/model';
import { asMap, get, getPair, str, text } from '../../engine/nodes';

const INSTANCE = 'app.kubernetes.io/instance';

export default defineControl({
  meta: {
    id: 'instance-label-mismatch',
    stage: 4,
    category: 'operations',
    severity: 'warning',
    title: 'app.kubernetes.io/instance label differs from the object name',
    description:
      'The app.kubernetes.io/instance label identifies one installation of an application; when it disagrees with metadata.name, dashboards, cost reports and tools that group objects by instance attribute the workload to the wrong release, often a copy-pasted one.',
    remediation:
      'Make the app.kubernetes.io/instance label on the workload equal to its metadata.name (or rename the object). There is no automatic fix: which of the two is right needs a person.',
    peers: { polaris: ['metadataAndInstanceMismatched'] },
    fix: 'none',
    scope: 'object',
  },
  check(context) {
    const { object } = context;
    if (!isWorkloadKind(object)) return NOT_APPLICABLE;
    const metadata = asMap(get(object.node, 'metadata'));
    const labels = asMap(get(metadata, 'labels'));
    if (!getPair(labels, INSTANCE)) return NOT_APPLICABLE;
    // With generateName only, the name is not known before the object is created.
    const name = str(get(metadata, 'name'));
    if (name === undefined) return NOT_APPLICABLE;
    const instance = text(get(labels, INSTANCE));
    if (instance === name) return;
    context.report({
      message: `label ${INSTANCE} "${instance ?? ''}" differs from metadata.name "${name}"`,
      at: spanOfKey(labels, INSTANCE),
    });
  },
});
