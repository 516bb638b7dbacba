import { defineControl } from '../../engine/control';
import type { KubeObject } from '../../engine/model';

/** GitOps objects by API group: Argo CD and Flux. */
const GITOPS_KINDS: Record<string, string[]> = {
  'argoproj.io': ['Application', 'ApplicationSet'],
  'kustomize.toolkit.fluxcd.io': ['Kustomization'],
  'helm.toolkit.fluxcd.io': ['HelmRelease'],
  'source.toolkit.fluxcd.io': ['GitRepository'],
};

function isGitOpsObject(object: KubeObject): boolean {
  return GITOPS_KINDS[object.group]?.includes(object.kind) ?? false;
}

export default defineControl({
  meta: {
    id: 'no-gitops',
    stage: 7,
    category: 'operations',
    severity: 'info',
    title: 'No GitOps definition in the workspace',
    description:
      'Without a GitOps controller the cluster state is whatever was last applied by hand or by a pipeline: drift goes unnoticed, rollbacks are manual and the repository is not the source of truth. Argo CD or Flux continuously reconcile the cluster to what is in Git.',
    remediation:
      'Declare how the manifests reach the cluster: an Argo CD Application or ApplicationSet, or a Flux GitRepository with a Kustomization or HelmRelease pointing at this repository.',
    peers: {},
    fix: 'none',
    scope: 'workspace',
  },
  check(context) {
    if (context.index.objects.some(isGitOpsObject)) return;
    context.report({
      message:
        'no Argo CD Application or ApplicationSet and no Flux Kustomization, HelmRelease or GitRepository in this workspace',
    });
  },
});
