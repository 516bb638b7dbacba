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
  ],
  invalid: [
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
