import { testControl } from '../../testing/controlTester';
import { widgetCrd } from '../../testing/widgetCrd';
import control from './unknown-field';

const WIDGET_CRD = widgetCrd({
  properties: {
    size: '{ type: integer }',
    colour: '{ type: string, enum: [red, green] }',
    port: '{ x-kubernetes-int-or-string: true }',
    extra: '{ type: object, x-kubernetes-preserve-unknown-fields: true }',
  },
  required: ['size'],
});

testControl(control, {
  valid: [
    {
      name: 'a complete Deployment, with data maps (labels, annotations, selectors) of any keys',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app.kubernetes.io/name: web, anything: goes }
  annotations: { example.com/whatever: "1" }
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      nodeSelector: { disktype: ssd }
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: IfNotPresent
          resources:
            requests: { cpu: 100m, memory: 128Mi }
          ports:
            - containerPort: 8080
              protocol: TCP
`,
    },
    {
      name: "a ConfigMap's data keys, any kind's status, and a removed API kept in the schema",
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  resouces: "not a field: data"
  LOG_LEVEL: debug
---
apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: old
spec:
  backend:
    serviceName: web
    servicePort: 80
status:
  whatever: {}
`,
    },
    {
      name: 'kinds nobody defines are not checked; a CRD of the workspace validates its resources',
      code: `apiVersion: example.com/v1
kind: Gadget
metadata:
  name: g
spec:
  anything: goes
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  size: 3
  port: http
  extra: { free: form, nested: { keys: 1 } }
`,
      files: { 'crd.yaml': WIDGET_CRD },
    },
    {
      name: 'strategic-merge directives and unrendered templates are not fields to check',
      code: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  $patch: replace
  "{{ .Values.extraKey }}": x
  ports:
    - port: 80
`,
    },
    {
      name: 'a custom resource of a v1beta1 CRD, which preserves unknown fields by default',
      code: `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  size: 3
  anything: { nested: true }
`,
      files: {
        'crd.yaml': `apiVersion: apiextensions.k8s.io/v1beta1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  version: v1
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  validation:
    openAPIV3Schema:
      type: object
      properties:
        spec:
          type: object
          properties:
            size: { type: integer }
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a misspelled resources under a container: renamed, its value kept',
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
        - name: web
          image: nginx:1.27
          resouces:
            requests:
              cpu: 10m
`,
      findings: [
        {
          line: 15,
          column: 11,
          message: 'Deployment web: "resouces" is not a field of Container; did you mean "resources"?',
          fixClass: 'review',
          fixTitle: 'Rename resouces to resources',
        },
      ],
      output: `apiVersion: apps/v1
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
        - name: web
          image: nginx:1.27
          resources:
            requests:
              cpu: 10m
`,
    },
    {
      name: 'imagePullPolcy and a key differing by case alone, in a Pod',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: acme/app:1.0
      imagePullPolcy: Always
      ReadinessProbe:
        tcpSocket: { port: 8080 }
`,
      findings: [
        { line: 9, column: 7, message: 'did you mean "imagePullPolicy"?', fixTitle: 'Rename imagePullPolcy' },
        { line: 10, column: 7, message: 'did you mean "readinessProbe"?', fixTitle: 'Rename ReadinessProbe' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: acme/app:1.0
      imagePullPolicy: Always
      readinessProbe:
        tcpSocket: { port: 8080 }
`,
    },
    {
      name: 'no close field: no did-you-mean and no fix; a close field already present: no fix',
      code: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  loadBalancerSourceRangez: []
  clusterIPs: [10.0.0.1]
  clusterIps: [10.0.0.1]
  colour: blue
  ports:
    - port: 80
`,
      findings: [
        { line: 6, column: 3, message: 'did you mean "loadBalancerSourceRanges"?', fixClass: 'review' },
        {
          line: 8,
          column: 3,
          message: '"clusterIps" is not a field of ServiceSpec; did you mean "clusterIPs"?',
          fixWithheld: 'the mapping already has clusterIPs',
        },
        { line: 9, column: 3, message: /^Service web: "colour" is not a field of ServiceSpec$/ },
      ],
      output: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  loadBalancerSourceRanges: []
  clusterIPs: [10.0.0.1]
  clusterIps: [10.0.0.1]
  colour: blue
  ports:
    - port: 80
`,
      remaining: 2,
    },
    {
      name: 'JSON: the key is renamed inside its quotes',
      path: 'deploy.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [{ "name": "app", "image": "acme/app:1.0", "imagePullPolcy": "Always" }]
  }
}
`,
      findings: [{ line: 6, column: 62, fixClass: 'review' }],
      output: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [{ "name": "app", "image": "acme/app:1.0", "imagePullPolicy": "Always" }]
  }
}
`,
    },
    {
      name: 'a custom resource against its CRD: a field the schema does not declare (outside a preserved object)',
      code: `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  size: 3
  colur: red
  extra: { kept: true }
`,
      files: { 'crd.yaml': WIDGET_CRD },
      findings: [
        { line: 7, column: 3, message: '"colur" is not a field of Widget.spec; did you mean "colour"?' },
      ],
      output: `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  size: 3
  colour: red
  extra: { kept: true }
`,
    },
    {
      name: 'a rename is withheld when the value does not fit the field meant, or two keys misspell the same field',
      code: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  typo: 1
  port: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      Image: nginx:1.27
      imgae: nginx:1.26
`,
      findings: [
        { line: 6, column: 3, fixWithheld: 'its value is not what type takes' },
        {
          line: 7,
          column: 3,
          fixWithheld: 'its value is not what ports takes (expected a list, got the integer 80)',
        },
        { line: 16, column: 7, fixWithheld: 'Image and imgae are both misspellings of image' },
        { line: 17, column: 7, fixWithheld: 'Image and imgae are both misspellings of image' },
      ],
      output: null,
    },
    {
      name: "a misspelt field of the pod's privileges or isolation is renamed by a review fix, never unattended",
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostnetwork: true
  containers:
    - name: app
      image: acme/app:1.0
      securityContext:
        Privileged: true
`,
      findings: [
        { line: 6, column: 3, message: 'did you mean "hostNetwork"?', fixClass: 'review' },
        { line: 11, column: 9, message: 'did you mean "privileged"?', fixClass: 'review' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostNetwork: true
  containers:
    - name: app
      image: acme/app:1.0
      securityContext:
        privileged: true
`,
    },
    {
      name: "an Ingress written in extensions/v1beta1's shape under networking.k8s.io/v1: where the fields went",
      code: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              serviceName: web
              servicePort: 80
`,
      findings: [
        {
          line: 12,
          column: 15,
          message:
            '"serviceName" is not a field of IngressBackend; networking.k8s.io/v1 moved it to service.name',
        },
        { line: 13, column: 15, message: 'moved it to service.port.number (or service.port.name)' },
      ],
      output: null,
    },
  ],
});
