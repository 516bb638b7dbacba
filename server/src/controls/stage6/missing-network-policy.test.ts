import { testControl } from '../../testing/controlTester';
import control from './missing-network-policy';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        tier: frontend
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 8080
            - containerPort: 9125
              protocol: UDP
        - name: metrics
          image: exporter:1.0
          ports:
            - containerPort: 9100
              protocol: TCP
            - containerPort: 8080
`;

const policy = (name: string, namespace: string, body: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${body}`;

const cilium = (kind: string, namespace: string, body: string) => `apiVersion: cilium.io/v2
kind: ${kind}
metadata:
  name: web
${namespace}spec:
${body}`;

const calico = (
  apiVersion: string,
  kind: string,
  namespace: string,
  body: string,
) => `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: web
${namespace}spec:
${body}`;

const fullPolicy = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-netpol
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
    - Ingress
    - Egress
  ingress:
    - ports:
        - protocol: TCP
          port: 8080
        - protocol: TCP
          port: 9100
  # kube-maturity: fill in the destinations this workload needs (DNS, APIs, databases); empty blocks all outgoing traffic
  egress: []
`;

testControl(control, {
  valid: [
    {
      name: 'one policy selecting the template governs Ingress and Egress',
      code: deployment,
      files: {
        'netpol.yaml': policy(
          'web',
          'shop',
          `  podSelector:
    matchExpressions:
      - {key: tier, operator: In, values: [frontend]}
  policyTypes: [Ingress, Egress]
`,
        ),
      },
    },
    {
      name: 'a default-deny on Ingress for the whole namespace, and a policy whose egress rules imply Egress',
      code: deployment,
      files: {
        'deny.yaml': `${policy('deny-ingress', 'shop', '  podSelector: {}\n  policyTypes: [Ingress]\n')}---
${policy('web-egress', 'shop', '  podSelector:\n    matchLabels:\n      app: web\n  egress:\n    - to:\n        - namespaceSelector: {}\n')}`,
      },
    },
    {
      name: 'a CiliumNetworkPolicy whose endpointSelector matches (k8s: prefix) with ingress and egress rules',
      code: deployment,
      files: {
        'cnp.yaml': cilium(
          'CiliumNetworkPolicy',
          '  namespace: shop\n',
          `  endpointSelector:
    matchLabels:
      k8s:app: web
  ingress:
    - fromEndpoints:
        - matchLabels:
            app: gateway
  egress:
    - toEndpoints:
        - matchLabels:
            k8s:io.kubernetes.pod.namespace: kube-system
            k8s-app: kube-dns
`,
        ),
      },
    },
    {
      name: 'a CiliumClusterwideNetworkPolicy deny-all (ingress: [{}], egressDeny) for the namespace, in specs',
      code: deployment,
      files: {
        'ccnp.yaml': cilium(
          'CiliumClusterwideNetworkPolicy',
          '',
          `  description: default deny outside kube-system
`,
        ).replace(
          'spec:\n  description: default deny outside kube-system\n',
          `specs:
  - endpointSelector:
      matchExpressions:
        - {key: io.kubernetes.pod.namespace, operator: In, values: [shop, payments]}
    ingress:
      - {}
    egressDeny:
      - toEntities: [world]
`,
        ),
      },
    },
    {
      name: 'a Calico NetworkPolicy whose selector expression matches, governing both types',
      code: deployment,
      files: {
        'calico.yaml': calico(
          'projectcalico.org/v3',
          'NetworkPolicy',
          '  namespace: shop\n',
          `  selector: app == 'web' && tier in {'frontend', 'edge'}
  types: [Ingress, Egress]
  ingress:
    - action: Allow
      protocol: TCP
      destination:
        ports: [8080]
`,
        ),
      },
    },
    {
      name: 'a Calico GlobalNetworkPolicy (crd.projectcalico.org/v1) for the namespace: types from its rules',
      code: deployment,
      files: {
        'gnp.yaml': calico(
          'crd.projectcalico.org/v1',
          'GlobalNetworkPolicy',
          '',
          `  namespaceSelector: projectcalico.org/name == "shop"
  selector: has(app) && !has(debug)
  ingress:
    - action: Allow
      source:
        selector: app == 'gateway'
  egress:
    - action: Allow
      protocol: UDP
      destination:
        ports: [53]
`,
        ),
      },
    },
    {
      name: 'Kubernetes Ingress deny-all plus a Calico policy whose egress rules alone make it govern Egress',
      code: deployment,
      files: {
        'policies.yaml': `${policy('deny-ingress', 'shop', '  podSelector: {}\n  policyTypes: [Ingress]\n')}---
${calico('projectcalico.org/v3', 'NetworkPolicy', '  namespace: shop\n', "  selector: tier == 'frontend'\n  egress:\n    - action: Allow\n")}`,
      },
    },
    {
      name: 'objects without a pod template are not checked',
      code: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
`,
    },
  ],
  invalid: [
    {
      name: 'no NetworkPolicy in the workspace: a policy allowing the TCP container ports is appended',
      code: deployment,
      findings: [
        {
          line: 15,
          column: 5,
          message: 'Deployment shop/web: no NetworkPolicy in this workspace selects app=web,tier=frontend',
          fixClass: 'draft',
          fixTitle:
            'Add a NetworkPolicy web-netpol for app=web governing Ingress and Egress (ingress on TCP 8080, 9100), egress left for a person to fill',
        },
      ],
      output: deployment + fullPolicy,
    },
    {
      name: 'a policy of another namespace, or selecting other pods, does not count',
      code: deployment,
      files: {
        'netpol.yaml': `${policy('web', 'staging', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n')}---
${policy('api', 'shop', '  podSelector:\n    matchLabels:\n      app: api\n  policyTypes: [Ingress, Egress]\n')}`,
      },
      findings: [
        {
          line: 15,
          column: 5,
          message: 'no NetworkPolicy in namespace "shop" selects app=web,tier=frontend',
        },
      ],
      output: deployment + fullPolicy,
    },
    {
      name: 'a selecting policy without egress rules governs Ingress only: the new policy adds Egress alone',
      code: `${deployment}---
${policy('web-ingress', 'shop', '  podSelector:\n    matchLabels:\n      app: web\n  ingress:\n    - from:\n        - podSelector: {}\n')}`,
      findings: [
        {
          line: 15,
          column: 5,
          message:
            'no NetworkPolicy selecting app=web,tier=frontend governs Egress (selected by "web-ingress")',
        },
      ],
      output: `${deployment}---
${policy('web-ingress', 'shop', '  podSelector:\n    matchLabels:\n      app: web\n  ingress:\n    - from:\n        - podSelector: {}\n')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-netpol
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
    - Egress
  # kube-maturity: fill in the destinations this workload needs (DNS, APIs, databases); empty blocks all outgoing traffic
  egress: []
`,
    },
    {
      name: 'an Egress-only policy; a container without ports gets an empty ingress list',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: backup
spec:
  template:
    metadata:
      labels: {app: backup}
    spec:
      restartPolicy: Never
      containers:
      - name: backup
        image: backup:1.0
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: backup-egress
spec:
  podSelector: {matchLabels: {app: backup}}
  policyTypes: [Egress]
`,
      findings: [{ line: 9, column: 5, message: 'governs Ingress (selected by "backup-egress")' }],
      output: `apiVersion: batch/v1
kind: Job
metadata:
  name: backup
spec:
  template:
    metadata:
      labels: {app: backup}
    spec:
      restartPolicy: Never
      containers:
      - name: backup
        image: backup:1.0
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: backup-egress
spec:
  podSelector: {matchLabels: {app: backup}}
  policyTypes: [Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: backup-netpol
spec:
  podSelector:
    matchLabels:
      app: backup
  policyTypes:
  - Ingress
  # kube-maturity: no TCP container port, so all incoming traffic is denied
  ingress: []
`,
    },
    {
      name: 'a Pod without labels: the fix is withheld, since the policy would have to select the whole namespace',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
`,
      findings: [
        {
          line: 4,
          column: 3,
          message: 'no NetworkPolicy in this workspace selects (no labels)',
          fixWithheld: 'the pods have no labels to select them by',
        },
      ],
      output: null,
    },
    {
      name: 'a bare Pod has no selector: the new policy selects its labels less the version label',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: toolbox
  namespace: ops
  labels:
    app: toolbox
    app.kubernetes.io/version: "1.4"
spec:
  containers:
    - name: toolbox
      image: toolbox:1.4
`,
      findings: [
        {
          line: 4,
          column: 3,
          fixTitle:
            'Add a NetworkPolicy toolbox-netpol for app=toolbox governing Ingress and Egress (no ingress)',
        },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: toolbox
  namespace: ops
  labels:
    app: toolbox
    app.kubernetes.io/version: "1.4"
spec:
  containers:
    - name: toolbox
      image: toolbox:1.4
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: toolbox-netpol
  namespace: ops
spec:
  podSelector:
    matchLabels:
      app: toolbox
  policyTypes:
    - Ingress
    - Egress
  # kube-maturity: no TCP container port, so all incoming traffic is denied
  ingress: []
  # kube-maturity: fill in the destinations this workload needs (DNS, APIs, databases); empty blocks all outgoing traffic
  egress: []
`,
    },
    {
      name: 'a Deployment without spec.selector: the fix is withheld rather than select every template label',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: legacy
spec:
  template:
    metadata:
      labels:
        app: legacy
        version: "9"
    spec:
      containers:
        - name: legacy
          image: legacy:9
`,
      findings: [
        {
          line: 11,
          column: 5,
          fixWithheld: 'the workload has no spec.selector.matchLabels to select its pods by',
        },
      ],
      output: null,
    },
    {
      name: 'a CiliumNetworkPolicy with an empty egress list governs Ingress only (an empty list does not apply)',
      code: deployment,
      files: {
        'cnp.yaml': cilium(
          'CiliumNetworkPolicy',
          '  namespace: shop\n',
          `  endpointSelector:
    matchLabels:
      app: web
  ingress:
    - fromEntities: [cluster]
  egress: []
`,
        ),
      },
      findings: [
        {
          line: 15,
          column: 5,
          message:
            'no NetworkPolicy selecting app=web,tier=frontend governs Egress (selected by CiliumNetworkPolicy "web")',
        },
      ],
      output: `${deployment}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-netpol
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
    - Egress
  # kube-maturity: fill in the destinations this workload needs (DNS, APIs, databases); empty blocks all outgoing traffic
  egress: []
`,
    },
    {
      name: 'Cilium enableDefaultDeny.ingress: false does not isolate; a nodeSelector rule selects no pod',
      code: deployment,
      files: {
        'cnp.yaml': `${cilium(
          'CiliumClusterwideNetworkPolicy',
          '',
          `  endpointSelector: {}
  enableDefaultDeny:
    ingress: false
  ingress:
    - fromEntities: [world]
  egress:
    - toEntities: [cluster]
`,
        )}---
${cilium('CiliumClusterwideNetworkPolicy', '', '  nodeSelector: {}\n  ingress:\n    - fromEntities: [cluster]\n').replace('name: web', 'name: hosts')}`,
      },
      findings: [
        {
          line: 15,
          column: 5,
          message: 'governs Ingress (selected by CiliumClusterwideNetworkPolicy "web")',
        },
      ],
      output: `${deployment}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-netpol
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
    - Ingress
  ingress:
    - ports:
        - protocol: TCP
          port: 8080
        - protocol: TCP
          port: 9100
`,
    },
    {
      name: 'a Calico policy with egress rules and no types governs Egress only, unlike a Kubernetes one',
      code: deployment,
      files: {
        'calico.yaml': calico(
          'projectcalico.org/v3',
          'NetworkPolicy',
          '  namespace: shop\n',
          "  selector: app == 'web'\n  egress:\n    - action: Allow\n      destination:\n        nets: [10.0.0.0/8]\n",
        ),
      },
      findings: [
        { line: 15, column: 5, message: 'governs Ingress (selected by Calico NetworkPolicy "web")' },
      ],
      output: `${deployment}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-netpol
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
    - Ingress
  ingress:
    - ports:
        - protocol: TCP
          port: 8080
        - protocol: TCP
          port: 9100
`,
    },
    {
      name: 'Calico policies that select other pods or other namespaces, or whose selector does not parse, do not count',
      code: deployment,
      files: {
        'calico.yaml': `${calico('projectcalico.org/v3', 'NetworkPolicy', '  namespace: shop\n', "  selector: app == 'api'\n  types: [Ingress, Egress]\n")}---
${calico('projectcalico.org/v3', 'GlobalNetworkPolicy', '', "  namespaceSelector: projectcalico.org/name == 'payments'\n  selector: all()\n  types: [Ingress, Egress]\n").replace('name: web', 'name: payments')}---
${calico('projectcalico.org/v3', 'NetworkPolicy', '  namespace: shop\n', '  selector: app = web\n  types: [Ingress, Egress]\n').replace('name: web', 'name: typo')}`,
      },
      findings: [
        {
          line: 15,
          column: 5,
          message: 'no NetworkPolicy in namespace "shop" selects app=web,tier=frontend',
        },
      ],
      output: deployment + fullPolicy,
    },
    {
      name: 'JSON manifest: the finding, without a fix',
      path: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p", "labels": { "app": "p" } },
  "spec": { "containers": [{ "name": "app", "image": "app:1.0" }] }
}
`,
      findings: [
        { line: 4, column: 17, message: 'selects app=p', fixWithheld: 'cannot be appended to a JSON file' },
      ],
      output: null,
    },
    {
      name: 'exempt by the kube-score annotation',
      code: deployment.replace(
        '  namespace: shop\n',
        '  namespace: shop\n  annotations:\n    kube-score/ignore: pod-networkpolicy\n',
      ),
      findings: [{ line: 17, column: 5, exempt: true }],
      output: null,
    },
  ],
});
