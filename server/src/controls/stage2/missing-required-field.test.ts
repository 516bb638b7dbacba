import { testControl } from '../../testing/controlTester';
import { widgetCrd } from '../../testing/widgetCrd';
import control from './missing-required-field';

testControl(control, {
  valid: [
    {
      name: 'every required field present, also through a merge key',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - &app
          name: web
          image: nginx:1.27
        - <<: *app
          ports: [{ containerPort: 80 }]
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
`,
    },
    {
      name: 'a number or boolean left out decodes as zero, which the API server accepts; a CRD field with a default is filled in',
      code: `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: low
description: the zero priority, written by omission
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec: {}
`,
      files: {
        'crd.yaml': widgetCrd({
          properties: { mode: '{ type: string, default: standard }' },
          required: ['mode'],
        }),
      },
    },
    {
      name: 'a NetworkPolicy without podSelector (optional since Kubernetes 1.31), at the 1.33 target',
      code: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
spec:
  policyTypes: [Ingress]
`,
      settings: { kubernetesVersion: '1.33' },
    },
  ],
  invalid: [
    {
      name: 'a container without name or image, a Service port without port, a Deployment without selector',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - image: nginx:1.27
        - name: sidecar
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - targetPort: 8080
      protocol: TCP
`,
      findings: [
        { line: 5, column: 1, message: 'Deployment web: DeploymentSpec has no selector, which is required' },
        { line: 9, column: 11, message: 'Container has no name, which is required' },
        { line: 10, column: 11, message: 'Container has no image, which is required' },
        { line: 18, column: 7, message: 'Service web: ServicePort has no port, which is required' },
      ],
      output: null,
    },
    {
      name: 'a custom resource without what its CRD requires',
      code: `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  colour: red
`,
      files: {
        'crd.yaml': widgetCrd({
          properties: { size: '{ type: integer }', colour: '{ type: string }' },
          required: ['size'],
          specRequired: true,
        }),
      },
      findings: [{ line: 5, column: 1, message: 'Widget.spec has no size, which is required' }],
      output: null,
    },
    {
      name: "a reference's kind is required (an autoscaler's target, a binding's subject and role)",
      code: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: { apiVersion: apps/v1, name: web }
  minReplicas: 2
  maxReplicas: 5
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read
subjects:
  - name: bob
roleRef:
  name: reader
`,
      findings: [
        { line: 6, column: 3, message: 'CrossVersionObjectReference has no kind, which is required' },
        { line: 15, column: 5, message: 'Subject has no kind, which is required' },
        { line: 16, column: 1, message: 'RoleRef has no kind, which is required' },
      ],
      output: null,
    },
  ],
});
