import { testControl } from '../../testing/controlTester';
import control from './linux-hardening-missing';

testControl(control, {
  valid: [
    {
      name: 'RuntimeDefault seccomp on the pod; init containers are not checked',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      securityContext:
        seccompProfile:
          type: RuntimeDefault
      initContainers:
        - name: setup
          image: busybox:1.36
      containers:
        - name: app
          image: web:1.0
`,
    },
    {
      name: 'each other kind of hardening: container seccomp, SELinux, dropped capabilities, AppArmor field and annotation',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.apparmor.security.beta.kubernetes.io/e: runtime/default
spec:
  containers:
    - name: a
      image: a:1.0
      securityContext:
        seccompProfile: { type: Localhost, localhostProfile: profiles/a.json }
    - name: b
      image: b:1.0
      securityContext:
        seLinuxOptions:
          level: "s0:c123,c456"
    - name: c
      image: c:1.0
      securityContext:
        capabilities:
          drop: [NET_RAW]
    - name: d
      image: d:1.0
      securityContext:
        appArmorProfile:
          type: RuntimeDefault
    - name: e
      image: e:1.0
`,
    },
    {
      name: 'a capability drop beside an add list without ALL still counts',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: productpage-v1
  namespace: bookinfo
spec:
  template:
    spec:
      containers:
        - name: productpage
          image: docker.io/istio/examples-bookinfo-productpage-v1:1.20.2
          securityContext:
            capabilities:
              drop: [ALL]
              add: [NET_BIND_SERVICE]
`,
    },
  ],
  invalid: [
    {
      name: 'nothing at all: the pod gets a securityContext with RuntimeDefault, once for both containers',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: web:1.0
      - name: sidecar
        image: sidecar:1.0
`,
      findings: [
        {
          line: 9,
          column: 9,
          container: 'app',
          message:
            'Deployment web, container app: no seccomp profile, AppArmor profile, SELinux options or dropped capabilities',
        },
        { line: 11, column: 9, container: 'sidecar' },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: web:1.0
      - name: sidecar
        image: sidecar:1.0
      securityContext:
        seccompProfile:
          type: RuntimeDefault
`,
    },
    {
      name: 'Unconfined on the pod, an unconfined AppArmor annotation and an empty drop list do not count; Unconfined replaced',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: unconfined
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: Unconfined
  containers:
    - name: app
      image: web:1.0
      securityContext:
        capabilities:
          drop: []
`,
      findings: [{ line: 15, column: 7 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: unconfined
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: app
      image: web:1.0
      securityContext:
        capabilities:
          drop: []
`,
    },
    {
      name: 'a capability drop beside add: [all] (any case) does not count: the pod gets RuntimeDefault',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: istio-cni-node
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: install-cni
          image: docker.io/istio/install-cni:1.22.0
          securityContext:
            capabilities:
              drop: [NET_RAW]
              add: [all]
`,
      findings: [
        {
          line: 12,
          column: 11,
          message:
            'DaemonSet kube-system/istio-cni-node, container install-cni: no seccomp profile, AppArmor profile or SELinux options, and the capability drop does not count while capabilities.add holds ALL',
        },
      ],
      output: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: istio-cni-node
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: install-cni
          image: docker.io/istio/install-cni:1.22.0
          securityContext:
            capabilities:
              drop: [NET_RAW]
              add: [all]
      securityContext:
        seccompProfile:
          type: RuntimeDefault
`,
    },
    {
      name: 'a pod securityContext without seccompProfile, in a CronJob: added beside the other keys',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          securityContext:
            runAsUser: 1000
          containers:
            - name: run
              image: run:1.0
`,
      findings: [{ line: 14, column: 15 }],
      output: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          securityContext:
            runAsUser: 1000
            seccompProfile:
              type: RuntimeDefault
          containers:
            - name: run
              image: run:1.0
`,
    },
    {
      name: "the container's Unconfined profile overrides the pod's RuntimeDefault: reported, no fix",
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: app
      image: web:1.0
      securityContext:
        seccompProfile:
          type: Unconfined
`,
      findings: [{ line: 13, column: 9 }],
      output: null,
    },
    {
      name: 'JSON manifest',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "web:1.0"
      }
    ]
  }
}
`,
      findings: [{ line: 8, column: 9 }],
      output: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "web:1.0"
      }
    ],
    "securityContext": {
      "seccompProfile": {
        "type": "RuntimeDefault"
      }
    }
  }
}
`,
    },
    {
      name: 'exempt by the kube-score annotation on the pod template',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      annotations:
        kube-score/ignore: container-seccomp-profile
    spec:
      containers:
        - name: app
          image: web:1.0
`,
      findings: [{ line: 12, column: 11, exempt: true }],
      output: null,
    },
  ],
});
