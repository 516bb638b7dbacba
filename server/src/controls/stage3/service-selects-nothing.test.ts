import { testControl } from '../../testing/controlTester';
import control from './service-selects-nothing';

const service = `apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    app: cart
    tier: backend
  ports:
    - port: 80
      targetPort: 8080
`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    matchLabels:
      app: cart
  template:
    metadata:
      labels:
        app: cart
        tier: backend
        version: "2"
    spec:
      containers:
        - name: cart
          image: cart:1.0
`;

testControl(control, {
  valid: [
    {
      name: 'a Deployment in another file carries every selector label (and more)',
      code: service,
      files: { 'deployment.yaml': deployment },
    },
    {
      name: 'a bare Pod in the same file and namespace matches on its own labels',
      code: `${service}---
apiVersion: v1
kind: Pod
metadata:
  name: cart-debug
  namespace: shop
  labels: { app: cart, tier: backend }
spec:
  containers:
    - name: cart
      image: cart:1.0
`,
    },
    {
      name: 'a CronJob template counts as a workload pod template',
      code: `apiVersion: v1
kind: Service
metadata:
  name: report
spec:
  selector:
    job: report
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels:
            job: report
        spec:
          restartPolicy: Never
          containers:
            - name: report
              image: report:1.0
`,
    },
    {
      name: 'a pod template with labels but no spec yet is still selected',
      code: service,
      files: {
        'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    matchLabels:
      app: cart
  template:
    metadata:
      labels:
        app: cart
        tier: backend
`,
      },
    },
    {
      name: 'template labels brought in by a merge key count (block and flow style)',
      code: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
    tier: frontend
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &common
    app: web
spec:
  selector:
    matchLabels: {<<: *common}
  template:
    metadata:
      labels:
        <<: *common
        tier: frontend
    spec:
      containers:
        - name: web
          image: web:1.0
`,
    },
    {
      name: 'pods of a Prometheus (Prometheus operator) carry the operator labels and spec.podMetadata.labels',
      code: `apiVersion: v1
kind: Service
metadata:
  name: prometheus-k8s
  namespace: monitoring
spec:
  selector:
    app.kubernetes.io/name: prometheus
    app.kubernetes.io/instance: k8s
    app.kubernetes.io/part-of: kube-prometheus
    prometheus: k8s
  ports:
    - name: web
      port: 9090
      targetPort: web
---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: k8s
  namespace: monitoring
spec:
  podMetadata:
    labels:
      app.kubernetes.io/part-of: kube-prometheus
  replicas: 2
`,
    },
    {
      name: 'pods of an Alertmanager and a ThanosRuler (Prometheus operator)',
      code: `apiVersion: v1
kind: Service
metadata:
  name: alertmanager-main
  namespace: monitoring
spec:
  selector:
    app.kubernetes.io/name: alertmanager
    app.kubernetes.io/managed-by: prometheus-operator
    alertmanager: main
---
apiVersion: v1
kind: Service
metadata:
  name: thanos-ruler
  namespace: monitoring
spec:
  selector: {thanos-ruler: rules, app.kubernetes.io/instance: rules}
`,
      files: {
        'operator-resources.yaml': `apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata:
  name: main
  namespace: monitoring
spec:
  replicas: 3
---
apiVersion: monitoring.coreos.com/v1
kind: ThanosRuler
metadata:
  name: rules
  namespace: monitoring
spec:
  queryEndpoints: [dnssrv+_http._tcp.thanos-query.monitoring.svc]
`,
      },
    },
    {
      name: 'pods of a KEDA ScaledJob (its jobTargetRef template) and of a Knative Service',
      code: `apiVersion: v1
kind: Service
metadata:
  name: worker-metrics
spec:
  selector: {scaledjob.keda.sh/name: worker, role: worker}
---
apiVersion: v1
kind: Service
metadata:
  name: hello-direct
spec:
  selector: {serving.knative.dev/service: hello}
`,
      files: {
        'workers.yaml': `apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata:
  name: worker
spec:
  jobTargetRef:
    template:
      metadata:
        labels: {role: worker}
      spec:
        restartPolicy: Never
        containers:
          - name: worker
            image: worker:1.0
  triggers:
    - type: rabbitmq
      metadata: {queueName: jobs}
---
apiVersion: serving.knative.dev/v1
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
    },
    {
      name: 'a Service without a selector (manual Endpoints) is not checked',
      code: `apiVersion: v1
kind: Service
metadata:
  name: external-db
spec:
  ports:
    - port: 5432
`,
    },
    {
      name: 'an ExternalName Service is not checked, even with a selector',
      code: `apiVersion: v1
kind: Service
metadata:
  name: mail
spec:
  type: ExternalName
  externalName: smtp.example.com
  selector:
    app: mail
`,
    },
    {
      name: 'other kinds are not checked',
      code: deployment,
    },
  ],
  invalid: [
    {
      name: 'no workload in the workspace at all',
      code: service,
      findings: [
        {
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          message:
            'Service shop/cart: no workload pod template in this workspace carries app=cart,tier=backend',
        },
      ],
      output: null,
    },
    {
      name: 'the only matching workload is in another namespace',
      code: service,
      files: { 'deployment.yaml': deployment.replace('namespace: shop', 'namespace: staging') },
      findings: [{ line: 7, column: 3, message: 'in namespace "shop" carries app=cart,tier=backend' }],
      output: null,
    },
    {
      name: 'a template carries only part of the selector, or a different value',
      code: `${service}---
${deployment.replace('        tier: backend\n', '        tier: frontend\n')}`,
      findings: [{ line: 7, column: 3, message: 'in namespace "shop"' }],
      output: null,
    },
    {
      name: 'the Deployment selector labels do not count, only its template labels',
      code: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: website
    spec:
      containers:
        - name: web
          image: web:1.0
`,
      findings: [{ line: 6, column: 3, endColumn: 11, message: 'in the unnamed namespace carries app=web' }],
      output: null,
    },
    {
      name: 'JSON manifest',
      path: 'svc.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Service",
  "metadata": { "name": "api", "namespace": "shop" },
  "spec": {
    "selector": { "app": "api" },
    "ports": [{ "port": 80 }]
  }
}
`,
      files: { 'deployment.yaml': deployment },
      findings: [{ line: 6, column: 5, message: 'carries app=api' }],
      output: null,
    },
    {
      name: 'a Prometheus of another name does not count, nor does a Service monitor (no pods)',
      code: `apiVersion: v1
kind: Service
metadata:
  name: prometheus-k8s
  namespace: monitoring
spec:
  selector:
    app.kubernetes.io/name: prometheus
    prometheus: k8s
---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: user-workloads
  namespace: monitoring
spec:
  replicas: 1
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: prometheus-k8s
  namespace: monitoring
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: prometheus}
  endpoints: [{port: web}]
`,
      findings: [
        {
          line: 7,
          column: 3,
          message:
            'Service monitoring/prometheus-k8s: no workload pod template in namespace "monitoring" carries app.kubernetes.io/name=prometheus,prometheus=k8s',
        },
      ],
      output: null,
    },
    {
      name: 'custom resources of unknown kinds in the namespace are named: their operator may create the pods',
      code: `apiVersion: v1
kind: Service
metadata:
  name: etcd-client
  namespace: db
spec:
  selector: {app: etcd, etcd_cluster: main}
---
apiVersion: etcd.database.coreos.com/v1beta2
kind: EtcdCluster
metadata:
  name: main
  namespace: db
spec:
  size: 3
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: etcd-tls
  namespace: db
spec:
  secretName: etcd-tls
  issuerRef: {name: ca}
`,
      files: {
        'other-namespace.yaml': `apiVersion: acid.zalan.do/v1
kind: postgresql
metadata:
  name: orders
  namespace: shop
spec:
  numberOfInstances: 2
`,
      },
      findings: [
        {
          line: 7,
          column: 3,
          message:
            'Service db/etcd-client: no workload pod template in this workspace carries app=etcd,etcd_cluster=main; the namespace also holds custom resources of kinds this check does not know (EtcdCluster db/main): their operator may create the selected pods',
        },
      ],
      output: null,
    },
    {
      name: 'a Service that selects a copy declared again elsewhere is judged on the first declaration',
      code: service,
      files: {
        'a-deployment.yaml': deployment.replace('        tier: backend\n', '        tier: frontend\n'),
        'b-deployment.yaml': deployment,
      },
      findings: [{ line: 7, column: 3, message: 'in namespace "shop" carries app=cart,tier=backend' }],
      output: null,
    },
    {
      name: 'exempt by the kube-linter annotation',
      code: service.replace(
        '  namespace: shop\n',
        '  namespace: shop\n  annotations:\n    ignore-check.kube-linter.io/dangling-service: "selects pods of another chart"\n',
      ),
      findings: [{ line: 9, column: 3, exempt: true }],
      output: null,
    },
    {
      name: 'exempt by a comment on the object',
      code: `# kube-maturity-ignore service-selects-nothing: pods are created by an operator\n${service}`,
      findings: [{ line: 8, column: 3, exempt: true }],
      output: null,
    },
  ],
});
