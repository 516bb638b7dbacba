import { testControl } from '../../testing/controlTester';
import { widgetCrd } from '../../testing/widgetCrd';
import control from './invalid-field-type';

testControl(control, {
  valid: [
    {
      name: 'integers, quantities as numbers or strings, int-or-string ports, booleans as kubectl reads them',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  revisionHistoryLimit: 1_0
  strategy:
    rollingUpdate: { maxSurge: 25%, maxUnavailable: 0 }
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
      annotations: { prometheus.io/scrape: "true" }
    spec:
      terminationGracePeriodSeconds: 30.0
      containers:
        - name: web
          image: nginx:1.27
          stdin: yes
          tty: off
          securityContext: { privileged: False }
          resources:
            requests: { cpu: 0.5, memory: 1Gi }
            limits: { cpu: 1, memory: "2Gi" }
          ports:
            - containerPort: 8080
          env:
            - name: ENABLED
              value: "yes"
            - name: PORT
              value: '8080'
            - name: EMPTY
              value:
          livenessProbe:
            httpGet: { path: /healthz, port: http }
`,
    },
    {
      name: 'null values are unset, and aliases are checked where their anchor is',
      code: `apiVersion: v1
kind: Service
metadata:
  name: web
  labels: &labels { app: web }
spec:
  type: ~
  selector: *labels
  ports:
    - port: 80
      targetPort: 8080
`,
    },
  ],
  invalid: [
    {
      name: 'quoted numbers where integers belong: unquoted',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: "3"
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: '8080'
              name: http
`,
      findings: [
        {
          line: 6,
          column: 13,
          message: 'Deployment web: replicas: expected an integer, got the string "3"',
          fixClass: 'safe',
          fixTitle: 'Write replicas: 3 as a number, unquoted',
        },
        { line: 17, column: 30, message: 'containerPort: expected an integer, got the string "8080"' },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 8080
              name: http
`,
    },
    {
      name: 'booleans: a quoted one unquoted; a bare number or yes in a string field quoted',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    example.com/enabled: true
spec:
  automountServiceAccountToken: "False"
  containers:
    - name: app
      image: acme/app:1.0
      env:
        - name: PORT
          value: 8080
        - name: DEBUG
          value: yes
`,
      findings: [
        {
          line: 6,
          column: 26,
          message: 'annotations.example.com/enabled: expected a string, got the boolean true',
        },
        { line: 8, column: 33, fixTitle: 'Write automountServiceAccountToken: false as a boolean, unquoted' },
        {
          line: 14,
          column: 18,
          message: 'value: expected a string, got the integer 8080',
          fixTitle: 'Quote value: "8080"',
        },
        { line: 16, column: 18, message: 'value: expected a string, got the boolean yes' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    example.com/enabled: "true"
spec:
  automountServiceAccountToken: false
  containers:
    - name: app
      image: acme/app:1.0
      env:
        - name: PORT
          value: "8080"
        - name: DEBUG
          value: "yes"
`,
    },
    {
      name: 'a mapping where a list belongs, a scalar where a mapping belongs: no fix',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    name: app
    image: acme/app:1.0
  securityContext: restricted
`,
      findings: [
        { line: 6, column: 3, message: 'containers: expected a list, got a mapping', fixWithheld: /^$/ },
        {
          line: 9,
          column: 3,
          message: 'securityContext: expected a mapping (PodSecurityContext), got the string "restricted"',
        },
      ],
      output: null,
    },
    {
      name: 'JSON: a quoted number unquoted',
      path: 'deploy.json',
      code: `{
  "apiVersion": "apps/v1",
  "kind": "ReplicaSet",
  "metadata": { "name": "rs" },
  "spec": { "replicas": "2", "selector": { "matchLabels": { "app": "a" } } }
}
`,
      findings: [{ line: 5, column: 25, fixClass: 'safe' }],
      output: `{
  "apiVersion": "apps/v1",
  "kind": "ReplicaSet",
  "metadata": { "name": "rs" },
  "spec": { "replicas": 2, "selector": { "matchLabels": { "app": "a" } } }
}
`,
    },
    {
      name: 'a preserved object of a CRD still takes a mapping; a boolean in an int-or-string field has no fix; list items are named by position',
      code: `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  extra: 5
  port: true
  matrix: [[1, "2"], 3]
`,
      files: {
        'crd.yaml': widgetCrd({
          properties: {
            extra: '{ type: object, x-kubernetes-preserve-unknown-fields: true }',
            port: '{ x-kubernetes-int-or-string: true }',
            matrix: '{ type: array, items: { type: array, items: { type: integer } } }',
          },
        }),
      },
      findings: [
        { line: 6, column: 3, message: 'extra: expected a mapping (Widget.spec.extra), got the integer 5' },
        { line: 7, column: 9, message: 'port: expected an integer or a string, got the boolean true' },
        {
          line: 8,
          column: 16,
          message: 'matrix[0][1]: expected an integer, got the string "2"',
          fixClass: 'safe',
        },
        { line: 8, column: 22, message: 'matrix[1]: expected a list, got the integer 3' },
      ],
      output: `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  extra: 5
  port: true
  matrix: [[1, 2], 3]
`,
      remaining: 3,
    },
  ],
});
