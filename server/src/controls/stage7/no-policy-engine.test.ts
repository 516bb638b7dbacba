import { testControl } from '../../testing/controlTester';
import control from './no-policy-engine';

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
      name: 'a Kyverno ClusterPolicy in another file',
      code: deployment,
      files: {
        'policies/require-labels.yaml': `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: require-labels
spec:
  validationFailureAction: Audit
  rules: []
`,
      },
    },
    {
      name: 'a Kyverno ValidatingPolicy (policies.kyverno.io)',
      code: `${deployment}---
apiVersion: policies.kyverno.io/v1alpha1
kind: ValidatingPolicy
metadata:
  name: check-labels
spec:
  validations:
    - expression: "has(object.metadata.labels)"
`,
    },
    {
      name: 'a Gatekeeper constraint alone (any kind of constraints.gatekeeper.sh)',
      code: `apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sRequiredLabels
metadata:
  name: must-have-owner
spec:
  parameters:
    labels: ["owner"]
`,
    },
    {
      name: 'a Gatekeeper ConstraintTemplate',
      code: `apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata:
  name: k8srequiredlabels
`,
    },
    {
      name: 'a ValidatingAdmissionPolicy',
      code: `${deployment}---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: replica-limit
spec:
  validations:
    - expression: "object.spec.replicas <= 5"
`,
    },
    {
      name: 'an empty workspace is not checked',
      code: '# nothing here\n',
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
            'no Kyverno policy, Gatekeeper ConstraintTemplate or constraint, or ValidatingAdmissionPolicy in this workspace',
        },
      ],
      output: null,
    },
    {
      name: 'look-alikes do not count: a Policy of another group, a PolicyException, a binding alone',
      code: `${deployment}---
apiVersion: networking.example.com/v1
kind: Policy
metadata:
  name: not-kyverno
---
apiVersion: kyverno.io/v2
kind: PolicyException
metadata:
  name: allow-web
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: replica-limit
`,
      files: {
        'mutations.yaml': `apiVersion: mutations.gatekeeper.sh/v1
kind: Assign
metadata:
  name: default-pull-policy
`,
      },
      findings: [{ line: 0, column: 0, message: 'no Kyverno policy' }],
      output: null,
    },
    {
      name: 'exempt through .kube-maturity.yaml exemptions',
      code: deployment,
      settings: {
        exemptions: [{ controls: ['no-policy-engine'], reason: 'policies live in the platform repo' }],
      },
      findings: [{ line: 0, column: 0, exempt: true }],
      output: null,
    },
  ],
});
