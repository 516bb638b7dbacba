import { testControl } from '../../testing/controlTester';
import control from './ingress-without-tls';

const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
    - host: api.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: api
                port:
                  number: 80
    - host: shop.example.com
      http:
        paths:
          - path: /cart
            pathType: Prefix
            backend:
              service:
                name: cart
                port:
                  number: 80
`;

testControl(control, {
  valid: [
    {
      name: 'spec.tls with a secret',
      code: `${ingress}  tls:
    - hosts: [shop.example.com, api.example.com]
      secretName: shop-tls
`,
    },
    {
      name: 'an empty tls list is accepted, as Polaris does',
      code: `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: legacy
spec:
  tls: []
  backend:
    serviceName: web
    servicePort: 80
`,
    },
    {
      name: 'other kinds are not checked',
      code: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 443
`,
    },
  ],
  invalid: [
    {
      name: 'no tls: one entry for the distinct rule hosts, added at the end of spec',
      code: ingress,
      findings: [{ line: 6, column: 1, endLine: 6, endColumn: 5, message: 'Ingress shop/shop: no spec.tls' }],
      output: `${ingress}  tls:
    - hosts:
        - shop.example.com
        - api.example.com
      # kube-maturity: replace CHANGE-ME-tls with the Secret that holds the certificate
      secretName: CHANGE-ME-tls
`,
    },
    {
      name: 'no rule hosts, tls: null filled, sequences unindented as in the file',
      code: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  tls:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 80}}
`,
      findings: [{ line: 5, column: 1, message: 'no spec.tls' }],
      output: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  tls:
  - secretName: CHANGE-ME-tls
    # kube-maturity: replace CHANGE-ME-tls with the Secret that holds the certificate
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 80}}
`,
    },
    {
      name: 'no spec at all: spec is created',
      code: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: empty
`,
      findings: [{ line: 4, column: 3, message: 'no spec.tls' }],
      output: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: empty
spec:
  tls:
    - secretName: CHANGE-ME-tls
      # kube-maturity: replace CHANGE-ME-tls with the Secret that holds the certificate
`,
    },
    {
      name: 'JSON manifest: a JSON tls list without the comment',
      path: 'ingress.json',
      code: `{
  "apiVersion": "networking.k8s.io/v1",
  "kind": "Ingress",
  "metadata": { "name": "api" },
  "spec": {
    "rules": [
      { "host": "api.example.com", "http": { "paths": [] } }
    ]
  }
}
`,
      findings: [{ line: 5, column: 3, message: 'no spec.tls' }],
      output: `{
  "apiVersion": "networking.k8s.io/v1",
  "kind": "Ingress",
  "metadata": { "name": "api" },
  "spec": {
    "rules": [
      { "host": "api.example.com", "http": { "paths": [] } }
    ],
    "tls": [
      {
        "hosts": [
          "api.example.com"
        ],
        "secretName": "CHANGE-ME-tls"
      }
    ]
  }
}
`,
    },
    {
      name: 'tls of the wrong type: reported on it, no fix',
      code: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  tls: true
`,
      findings: [{ line: 6, column: 3, endLine: 6, endColumn: 12, message: 'spec.tls is not a list' }],
      output: null,
    },
    {
      name: 'exempt by the Polaris annotation',
      code: ingress.replace(
        '  namespace: shop\n',
        '  namespace: shop\n  annotations:\n    polaris.fairwinds.com/tlsSettingsMissing-exempt: "true"\n',
      ),
      findings: [{ line: 8, column: 1, exempt: true }],
      output: null,
    },
    {
      name: 'exempt by a comment at the end of the first line',
      code: `apiVersion: networking.k8s.io/v1 # kube-maturity-ignore ingress-without-tls: TLS ends at the load balancer
kind: Ingress
metadata:
  name: internal
spec:
  defaultBackend:
    service: {name: web, port: {number: 80}}
`,
      findings: [{ line: 5, column: 1, exempt: true }],
      output: null,
    },
  ],
});
