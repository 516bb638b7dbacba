import { testControl } from '../../testing/controlTester';
import { widgetCrd } from '../../testing/widgetCrd';
import control from './invalid-field-value';

testControl(control, {
  valid: [
    {
      name: 'values of the enums, and quantities in every form the API reads',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  restartPolicy: OnFailure
  dnsPolicy: ClusterFirst
  containers:
    - name: app
      image: acme/app:1.0
      imagePullPolicy: IfNotPresent
      ports:
        - { containerPort: 53, protocol: UDP }
      resources:
        requests: { cpu: 500m, memory: 128Mi, ephemeral-storage: 1G }
        limits: { cpu: "1.5", memory: 1e9, nvidia.com/gpu: 1 }
`,
    },
    {
      name: 'an empty string is an enum field unset (the API server defaults it), and port names with a letter',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  strategy: { type: "" }
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      restartPolicy: ""
      tolerations: [{ key: dedicated, operator: "", effect: "" }]
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: ""
          ports: [{ name: http-alt, containerPort: 8080, protocol: "" }]
          readinessProbe:
            httpGet: { path: /healthz, port: http-alt }
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: ""
  selector: { app: web }
  ports: [{ port: 80, targetPort: http-alt }, { port: 81, targetPort: 8081 }]
`,
    },
    {
      name: "a built-in kind's name in another project's group (Knative's Service) is that project's kind",
      code: `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/knative/helloworld-go:latest
`,
    },
    {
      name: "a kubeconfig's v1 Config and other tools' v1 files are not objects of the API",
      code: `apiVersion: v1
kind: Config
clusters: []
contexts: []
users: []
`,
    },
    {
      name: 'a beta version of a built-in group is not judged (a cluster may serve it), nor spaces around a quantity',
      code: `apiVersion: storage.k8s.io/v1beta1
kind: VolumeAttributesClass
metadata:
  name: gold
driverName: csi.example.com
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: acme/app:1.0
      resources:
        requests: { cpu: " 100m", memory: "128Mi " }
`,
    },
  ],
  invalid: [
    {
      name: 'a quantity suffix in the wrong case is fixed; a byte unit gets both readings',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: acme/app:1.0
      resources:
        requests: { cpu: 250m, memory: 1mi }
        limits: { memory: 512MB }
`,
      findings: [
        { line: 10, column: 40, message: '"1mi" is not a quantity; did you mean "1Mi"?', fixClass: 'safe' },
        {
          line: 11,
          column: 27,
          message: '"512MB" is not a quantity; did you mean "512Mi" or "512M"?',
          fixWithheld: '512Mi and 512M differ',
        },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: acme/app:1.0
      resources:
        requests: { cpu: 250m, memory: 1Mi }
        limits: { memory: 512MB }
`,
      remaining: 1,
    },
    {
      name: 'a port number quoted in a field of numbers or names is a port name without a letter',
      code: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports:
    - port: 80
      targetPort: "8080"
    - port: 81
      targetPort: HTTP
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: acme/app:1.0
      livenessProbe:
        tcpSocket: { port: '8080' }
`,
      findings: [
        {
          line: 9,
          column: 19,
          message:
            'targetPort: "8080" is a port name, quoted, and a port name needs a letter; did you mean the port number 8080?',
          fixTitle: 'Write targetPort: 8080 as a number, unquoted',
          fixClass: 'safe',
        },
        { line: 11, column: 19, message: '"HTTP" is not a port name' },
        { line: 22, column: 28, message: 'port: "8080" is a port name' },
      ],
      output: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports:
    - port: 80
      targetPort: 8080
    - port: 81
      targetPort: HTTP
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: acme/app:1.0
      livenessProbe:
        tcpSocket: { port: 8080 }
`,
      remaining: 1,
    },
    {
      name: 'a kind its apiVersion does not serve: misspelt, in the wrong case, under another group',
      code: `apiVersion: apps/v1
kind: Deployement
metadata:
  name: a
---
apiVersion: v1
kind: service
metadata:
  name: b
---
apiVersion: v1
kind: Deployment
metadata:
  name: c
---
apiVersion: app/v1
kind: Deployment
metadata:
  name: d
`,
      findings: [
        {
          line: 2,
          column: 7,
          message: 'apps/v1 has no kind "Deployement"; did you mean "Deployment"?',
          fixWithheld: 'write the kind meant',
        },
        {
          line: 7,
          column: 7,
          message: 'v1 has no kind "service"; did you mean "Service"?',
          fixClass: 'safe',
        },
        {
          line: 11,
          column: 13,
          message: 'v1 has no kind Deployment: Deployment is apps/v1',
          fixTitle: 'Write apiVersion: apps/v1',
          fixClass: 'safe',
        },
        {
          line: 16,
          column: 13,
          message: 'app/v1 has no kind Deployment: Deployment is apps/v1',
          fixClass: 'safe',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployement
metadata:
  name: a
---
apiVersion: v1
kind: Service
metadata:
  name: b
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: c
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
`,
      remaining: 1,
    },
    {
      name: 'a custom resource of a version its CRD does not serve (served: false), or of a kind it does not define',
      code: `apiVersion: example.com/v1beta1
kind: Widget
metadata:
  name: old
---
apiVersion: example.com/v1
kind: Widgets
metadata:
  name: plural
`,
      files: {
        'crd.yaml': widgetCrd({ properties: { size: '{ type: integer }' } }).replace(
          '  versions:\n',
          '  versions:\n    - name: v1beta1\n      served: false\n      storage: false\n',
        ),
      },
      findings: [
        {
          line: 1,
          column: 13,
          message:
            'example.com/v1beta1 is not a version the CustomResourceDefinition of Widget serves (it serves example.com/v1)',
          fixClass: 'review',
        },
        {
          line: 7,
          column: 7,
          message: 'example.com/v1 has no kind "Widgets"; did you mean "Widget"?',
          fixWithheld: 'write the kind meant',
        },
      ],
      output: `apiVersion: example.com/v1
kind: Widget
metadata:
  name: old
---
apiVersion: example.com/v1
kind: Widgets
metadata:
  name: plural
`,
      remaining: 1,
    },
    {
      name: 'a value differing by case alone is fixed; a misspelled one gets a did-you-mean only',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  restartPolicy: always
  containers:
    - name: app
      image: acme/app:1.0
      imagePullPolicy: Allways
      ports:
        - containerPort: 8080
          protocol: "tcp"
`,
      findings: [
        {
          line: 6,
          column: 18,
          message:
            'Pod p: restartPolicy: "always" is not one of Always, Never, OnFailure; did you mean "Always"?',
          fixClass: 'safe',
          fixTitle: 'Write restartPolicy: Always',
        },
        {
          line: 10,
          column: 24,
          message:
            'imagePullPolicy: "Allways" is not one of Always, IfNotPresent, Never; did you mean "Always"?',
          fixWithheld: 'differs from "Always" by more than case',
        },
        { line: 13, column: 21, message: 'did you mean "TCP"?', fixClass: 'safe' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  restartPolicy: Always
  containers:
    - name: app
      image: acme/app:1.0
      imagePullPolicy: Allways
      ports:
        - containerPort: 8080
          protocol: "TCP"
`,
      remaining: 1,
    },
    {
      name: 'a Service type, and a quantity that is not one',
      code: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: nodeport
  ports:
    - port: 80
---
apiVersion: v1
kind: LimitRange
metadata:
  name: limits
spec:
  limits:
    - type: Container
      default: { cpu: 500mm }
`,
      findings: [
        { line: 6, column: 9, message: 'did you mean "NodePort"?', fixTitle: 'Write type: NodePort' },
        { line: 17, column: 23, message: 'default.cpu: "500mm" is not a quantity', fixWithheld: /^$/ },
      ],
      output: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  ports:
    - port: 80
---
apiVersion: v1
kind: LimitRange
metadata:
  name: limits
spec:
  limits:
    - type: Container
      default: { cpu: 500mm }
`,
      remaining: 1,
    },
    {
      name: "a custom resource's enum, from its CRD",
      code: `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  colour: Red
`,
      files: {
        'crd.yaml': widgetCrd({ properties: { colour: '{ type: string, enum: [red, green] }' } }),
      },
      findings: [
        { line: 6, column: 11, message: 'colour: "Red" is not one of red, green; did you mean "red"?' },
      ],
      output: `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  colour: red
`,
    },
  ],
});
