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
    - port: 80
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
