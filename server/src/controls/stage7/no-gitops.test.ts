import { testControl } from '../../testing/controlTester';
import control from './no-gitops';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

testControl(control, {
  valid: [
    {
      name: 'an Argo CD Application in another file',
      code: deployment,
      files: {
        'argocd/web.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: web
  namespace: argocd
spec:
  source:
    repoURL: https://git.example.com/shop.git
    path: deploy
`,
      },
    },
    {
      name: 'an Argo CD ApplicationSet',
      code: `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: shop
`,
    },
    {
      name: 'a Flux Kustomization',
      code: `${deployment}---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: shop
spec:
  path: ./deploy
  sourceRef:
    kind: GitRepository
    name: shop
`,
    },
    {
      name: 'a Flux HelmRelease',
      code: `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: redis
`,
    },
    {
      name: 'a Flux GitRepository',
      code: `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: shop
`,
    },
    {
      name: 'an empty workspace is not checked',
      code: '',
    },
  ],
  invalid: [
    {
      name: 'only workloads: one workspace finding without a location',
      code: deployment,
      findings: [
        {
          line: 0,
          column: 0,
          message:
            'no Argo CD Application or ApplicationSet and no Flux Kustomization, HelmRelease or GitRepository in this workspace',
        },
      ],
      output: null,
    },
    {
      name: 'a kustomize.config.k8s.io Kustomization and an Argo Rollout are not GitOps',
      code: `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
`,
      files: {
        'rollout.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
      },
      findings: [{ line: 0, column: 0, message: 'no Argo CD Application' }],
      output: null,
    },
    {
      name: 'exempt through .kube-maturity.yaml exemptions',
      code: deployment,
      settings: { exemptions: [{ controls: ['*'] }] },
      findings: [{ line: 0, column: 0, exempt: true }],
      output: null,
    },
  ],
});
