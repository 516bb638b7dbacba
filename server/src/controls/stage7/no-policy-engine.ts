import { defineControl } from '../../engine/control';
import type { KubeObject } from '../../engine/model';

/** Kinds of an admission policy engine, by API group. */
function isPolicyObject(object: KubeObject): boolean {
  switch (object.group) {
    case 'kyverno.io':
      return object.kind === 'ClusterPolicy' || object.kind === 'Policy';
    case 'policies.kyverno.io':
      // ValidatingPolicy, MutatingPolicy, GeneratingPolicy, ImageValidatingPolicy, DeletingPolicy and their
      // namespaced variants; PolicyException only relaxes policies.
      return object.kind.endsWith('Policy');
    case 'templates.gatekeeper.sh':
      return object.kind === 'ConstraintTemplate';
    case 'constraints.gatekeeper.sh':
      // A constraint's kind is whatever its ConstraintTemplate defines.
      return true;
    case 'admissionregistration.k8s.io':
      return object.kind === 'ValidatingAdmissionPolicy';
    default:
      return false;
  }
}

export default defineControl({
  meta: {
    id: 'no-policy-engine',
    stage: 7,
    category: 'operations',
    severity: 'info',
    title: 'No admission policy in the workspace',
    description:
      'Linting manifests in an editor or CI only catches what passes through that path. An admission policy (Kyverno, Gatekeeper or a ValidatingAdmissionPolicy) enforces the same rules in the cluster for every change, including kubectl edits, Helm releases and operators.',
    remediation:
      'Declare admission policies next to the manifests: Kyverno ClusterPolicy or ValidatingPolicy objects, Gatekeeper ConstraintTemplates with their constraints, or built-in ValidatingAdmissionPolicy objects with bindings, starting in audit mode.',
    peers: {},
    fix: 'none',
    scope: 'workspace',
  },
  check(context) {
    if (context.index.objects.some(isPolicyObject)) return;
    context.report({
      message:
        'no Kyverno policy, Gatekeeper ConstraintTemplate or constraint, or ValidatingAdmissionPolicy in this workspace',
    });
  },
});
