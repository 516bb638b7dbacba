import { testControl } from '../../testing/controlTester';
import control from './host-process';

testControl(control, {
  valid: [
    {
      name: 'Windows options without hostProcess, and hostProcess: false',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: iis
spec:
  template:
    spec:
      nodeSelector:
        kubernetes.io/os: windows
      securityContext:
        windowsOptions:
          runAsUserName: ContainerUser
      containers:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:ltsc2022
          securityContext:
            windowsOptions:
              hostProcess: false
`,
    },
    {
      name: 'a ConfigMap is not checked',
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  securityContext: "hostProcess: true"
`,
    },
  ],
  invalid: [
    {
      name: 'pod level beside runAsUserName: only the hostProcess line goes',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: csi-proxy
spec:
  template:
    spec:
      hostNetwork: true
      securityContext:
        windowsOptions:
          hostProcess: true
          runAsUserName: "NT AUTHORITY\\\\SYSTEM"
      containers:
        - name: proxy
          image: csi-proxy:1.1
`,
      findings: [
        {
          line: 11,
          column: 11,
          endLine: 11,
          endColumn: 28,
          message:
            "DaemonSet csi-proxy: securityContext.windowsOptions.hostProcess: true runs the pod's containers as processes on the node",
          fixClass: 'review',
          fixTitle: 'Remove windowsOptions.hostProcess (overrides the explicit `hostProcess: true`)',
        },
      ],
      output: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: csi-proxy
spec:
  template:
    spec:
      hostNetwork: true
      securityContext:
        windowsOptions:
          runAsUserName: "NT AUTHORITY\\\\SYSTEM"
      containers:
        - name: proxy
          image: csi-proxy:1.1
`,
    },
    {
      name: 'pod and container levels, init containers included; emptied parents are removed',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: node-setup
spec:
  securityContext:
    runAsNonRoot: false
    windowsOptions:
      hostProcess: true
  initContainers:
    - name: prepare
      image: setup:1.0
      securityContext:
        windowsOptions:
          hostProcess: true
  containers:
    - name: agent
      image: agent:1.0
      securityContext:
        windowsOptions: {hostProcess: true}
        readOnlyRootFilesystem: true
`,
      findings: [
        {
          line: 9,
          column: 7,
          message: 'Pod node-setup: securityContext.windowsOptions.hostProcess',
          fixClass: 'review',
          // The windowsOptions and securityContext it leaves empty are not named as explicit choices.
          fixTitle: /^Remove windowsOptions\.hostProcess \(overrides the explicit `hostProcess: true`\)$/,
        },
        { line: 15, column: 11, message: 'init container "prepare" sets windowsOptions.hostProcess: true' },
        { line: 20, column: 26, message: 'container "agent" sets windowsOptions.hostProcess: true' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: node-setup
spec:
  securityContext:
    runAsNonRoot: false
  initContainers:
    - name: prepare
      image: setup:1.0
  containers:
    - name: agent
      image: agent:1.0
      securityContext:
        readOnlyRootFilesystem: true
`,
    },
    {
      name: 'JSON manifest, container level',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "agent:1.0",
        "securityContext": {
          "windowsOptions": { "runAsUserName": "NT AUTHORITY\\\\SYSTEM", "hostProcess": true }
        }
      }
    ]
  }
}
`,
      findings: [{ line: 11, column: 72, message: 'container "app"' }],
      output: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "agent:1.0",
        "securityContext": {
          "windowsOptions": { "runAsUserName": "NT AUTHORITY\\\\SYSTEM" }
        }
      }
    ]
  }
}
`,
    },
    {
      name: 'exempt by the Polaris annotation',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: csi-proxy
  annotations:
    polaris.fairwinds.com/hostProcess-exempt: "true"
spec:
  template:
    spec:
      securityContext:
        windowsOptions:
          hostProcess: true
      containers:
        - name: proxy
          image: csi-proxy:1.1
`,
      findings: [{ line: 12, column: 11, exempt: true }],
      output: null,
    },
  ],
});
