import { testControl } from '../../testing/controlTester';
import control from './ingress-targets-missing-service';

const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
spec:
  defaultBackend:
    service:
      name: fallback
      port:
        number: 80
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /cart
            pathType: Prefix
            backend:
              service:
                name: cart
                port:
                  name: http
          - path: /static
            pathType: Prefix
            backend:
              resource:
                apiGroup: k8s.example.com
                kind: StorageBucket
                name: static-assets
`;

const services = (namespace: string, ...names: string[]) =>
  names
    .map(
      (name) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    app: ${name}
  ports:
    - name: http
      port: 80
`,
    )
    .join('---\n');

testControl(control, {
  valid: [
    {
      name: 'every Service backend exists in the namespace; resource backends are ignored',
      code: ingress,
      files: { 'services.yaml': services('shop', 'fallback', 'cart') },
    },
    {
      name: 'extensions/v1beta1 serviceName backends that exist',
      code: `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: legacy
spec:
  backend:
    serviceName: web
    servicePort: 80
  rules:
    - http:
        paths:
          - path: /
            backend:
              serviceName: web
              servicePort: 80
---
${services('', 'web').replace('  namespace: \n', '')}`,
    },
    {
      name: 'an Ingress with only a resource backend is not checked',
      code: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: assets
spec:
  defaultBackend:
    resource:
      apiGroup: k8s.example.com
      kind: StorageBucket
      name: static-assets
`,
    },
    {
      name: 'Services are not checked',
      code: services('shop', 'cart'),
    },
    {
      name: 'v1beta1 servicePort by name and by a quoted number; an ExternalName Service without ports',
      code: `apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: grafana
  namespace: monitoring
spec:
  backend:
    serviceName: grafana
    servicePort: http
  rules:
    - host: grafana.example.com
      http:
        paths:
          - path: /
            backend:
              serviceName: grafana
              servicePort: "3000"
          - path: /docs
            backend:
              serviceName: docs
              servicePort: 443
---
apiVersion: v1
kind: Service
metadata:
  name: grafana
  namespace: monitoring
spec:
  ports:
  - name: http
    port: 3000
    targetPort: http
  selector:
    app.kubernetes.io/name: grafana
---
apiVersion: v1
kind: Service
metadata:
  name: docs
  namespace: monitoring
spec:
  type: ExternalName
  externalName: docs.example.com
`,
    },
  ],
  invalid: [
    {
      name: 'no Service in the workspace: both service backends reported at their names',
      code: ingress,
      findings: [
        {
          line: 9,
          column: 7,
          endLine: 9,
          endColumn: 21,
          message: 'Ingress shop/shop: no Service "fallback" in this workspace',
        },
        {
          line: 20,
          column: 17,
          endLine: 20,
          endColumn: 27,
          message: 'Ingress shop/shop: no Service "cart" in this workspace',
        },
      ],
      output: null,
    },
    {
      name: 'one Service present, the other only in another namespace',
      code: ingress,
      files: { 'services.yaml': `${services('shop', 'fallback')}---\n${services('staging', 'cart')}` },
      findings: [{ line: 20, column: 17, message: 'no Service "cart" in namespace "shop"' }],
      output: null,
    },
    {
      name: 'networking.k8s.io/v1beta1 serviceName shape, flow style, each dangling backend reported',
      code: `apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata: {name: legacy, namespace: shop}
spec:
  backend: {serviceName: default-http, servicePort: 80}
  rules:
    - host: a.example.com
      http:
        paths:
          - backend: {serviceName: api, servicePort: 8080}
          - backend: {serviceName: web, servicePort: 80}
`,
      files: { 'services.yaml': services('shop', 'web') },
      findings: [
        { line: 5, column: 13, message: 'no Service "default-http" in namespace "shop"' },
        { line: 10, column: 23, message: 'no Service "api" in namespace "shop"' },
      ],
      output: null,
    },
    {
      name: 'Istio bookinfo: a port number and a port name the Service does not declare',
      code: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: bookinfo
  namespace: bookinfo
spec:
  ingressClassName: nginx
  rules:
    - host: bookinfo.example.com
      http:
        paths:
          - path: /productpage
            pathType: Prefix
            backend:
              service:
                name: productpage
                port:
                  number: 80
          - path: /reviews
            pathType: Prefix
            backend:
              service:
                name: reviews
                port:
                  name: https
          - path: /details
            pathType: Prefix
            backend:
              service:
                name: details
                port:
                  number: 9080
`,
      files: {
        'bookinfo.yaml': `apiVersion: v1
kind: Service
metadata:
  name: productpage
  namespace: bookinfo
  labels:
    app: productpage
    service: productpage
spec:
  ports:
  - port: 9080
    name: http
  selector:
    app: productpage
---
apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: bookinfo
spec:
  ports:
  - port: 9080
    name: http
  selector:
    app: reviews
---
apiVersion: v1
kind: Service
metadata:
  name: details
  namespace: bookinfo
spec:
  ports:
  - port: 9080
    name: http
  selector:
    app: details
`,
      },
      findings: [
        {
          line: 18,
          column: 19,
          message: 'Ingress bookinfo/bookinfo: Service "productpage" has no port 80; it declares 9080 (http)',
        },
        {
          line: 25,
          column: 19,
          message: 'Service "reviews" has no port named "https"; it declares 9080 (http)',
        },
      ],
      output: null,
    },
    {
      name: 'a v1 Ingress written with the v1beta1 fields targets nothing, even when the Service exists',
      code: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
spec:
  defaultBackend:
    serviceName: cart
    servicePort: 80
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {serviceName: cart, servicePort: http}
          - path: /empty
            pathType: Prefix
            backend: {}
`,
      files: { 'services.yaml': services('shop', 'cart') },
      findings: [
        {
          line: 7,
          column: 3,
          message:
            'Ingress shop/shop: the backend has neither service nor resource; serviceName and servicePort are v1beta1 fields, which networking.k8s.io/v1 ignores',
        },
        { line: 16, column: 13, message: 'serviceName and servicePort are v1beta1 fields' },
        { line: 19, column: 13, message: /the backend has neither service nor resource$/ },
      ],
      output: null,
    },
    {
      name: 'extensions/v1beta1: servicePort number and name checked against the Service; a v1 service field targets nothing',
      code: `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: legacy
  namespace: shop
spec:
  rules:
    - http:
        paths:
          - path: /api
            backend:
              serviceName: cart
              servicePort: 8080
          - path: /web
            backend:
              serviceName: cart
              servicePort: web
          - path: /new
            backend:
              service:
                name: cart
                port:
                  number: 80
`,
      files: { 'services.yaml': services('shop', 'cart') },
      findings: [
        {
          line: 13,
          column: 15,
          message: 'Ingress shop/legacy: Service "cart" has no port 8080; it declares 80 (http)',
        },
        { line: 17, column: 15, message: 'Service "cart" has no port named "web"' },
        {
          line: 19,
          column: 13,
          message:
            'the backend has neither serviceName nor resource; service is a networking.k8s.io/v1 field, which extensions/v1beta1 ignores',
        },
      ],
      output: null,
    },
    {
      name: 'JSON manifest',
      path: 'ingress.json',
      code: `{
  "apiVersion": "networking.k8s.io/v1",
  "kind": "Ingress",
  "metadata": { "name": "api" },
  "spec": {
    "defaultBackend": { "service": { "name": "api", "port": { "number": 80 } } }
  }
}
`,
      findings: [{ line: 6, column: 38, message: 'no Service "api" in this workspace' }],
      output: null,
    },
    {
      name: 'exempt by the kube-score annotation',
      code: ingress.replace(
        '  namespace: shop\n',
        '  namespace: shop\n  annotations:\n    kube-score/ignore: ingress-targets-service\n',
      ),
      findings: [
        { line: 11, column: 7, exempt: true },
        { line: 22, column: 17, exempt: true },
      ],
      output: null,
    },
  ],
});
