import { CORPUS } from '../support/paths';
import { describeRealRepositories } from '../support/realRepositories';

describeRealRepositories('the real-world corpus', {
  root: CORPUS,
  minimum: { files: 300, findings: 500, helmTemplates: 15, filesFixed: 50 },
  kustomizePatch: 'argocd-example-apps/plugins/kustomized-helm/overlays/guestbook-deployment.yaml',
  openedFiles: [
    'microservices-demo/release/kubernetes-manifests.yaml',
    'examples/_archived/phabricator/phabricator-controller.json',
    'argocd-example-apps/sock-shop/base/carts-svc.yaml',
  ],
});
