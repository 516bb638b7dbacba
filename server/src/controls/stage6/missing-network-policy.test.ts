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
      tier: frontend
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
      tier: frontend
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
      name: 'a Pod without labels: no fix, since the policy would have to select the whole namespace',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
`,
      findings: [{ line: 4, column: 3, message: 'no NetworkPolicy in this workspace selects (no labels)' }],
      output: null,
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
      findings: [{ line: 4, column: 17, message: 'selects app=p' }],
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
