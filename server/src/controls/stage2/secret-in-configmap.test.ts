import { testControl } from '../../testing/controlTester';
import control from './secret-in-configmap';

testControl(control, {
  valid: [
    {
      name: 'ordinary settings, empty secrets and placeholders',
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: web
data:
  LOG_LEVEL: info
  DB_PASSWORD: ""
  application.properties: |
    server.port=8080
    # spring.datasource.password=not-here
    spring.datasource.password=\${DB_PASSWORD}
    spring.datasource.username=web
  config.yaml: |
    auth:
      token:
      tokenFile: /var/run/secrets/token
`,
    },
    {
      name: 'Secrets and other kinds are not checked',
      code: `apiVersion: v1
kind: Secret
metadata:
  name: db
stringData:
  password: hunter2
---
apiVersion: v1
kind: Service
metadata:
  name: password
`,
    },
    {
      name: 'CA bundles and public keys: no private-key marker',
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio-ca-root-cert
  namespace: bookinfo
data:
  root-cert.pem: |
    -----BEGIN CERTIFICATE-----
    MIIC/TCCAeWgAwIBAgIRAJ
    -----END CERTIFICATE-----
  jwks.pub: |
    ---- BEGIN SSH2 PUBLIC KEY ----
    AAAAB3NzaC1yc2EAAAADAQABAAABAQ
    ---- END SSH2 PUBLIC KEY ----
`,
    },
  ],
  invalid: [
    {
      name: 'a secret-looking key, a sensitive line in a file, a PEM private key',
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  namespace: shop
data:
  LOG_LEVEL: info
  api_key: "abc123"
  app.properties: |
    server.port=8080
    db.password=hunter2
    oauth.client-secret = s3cr3t
  tls.pem: |
    -----BEGIN RSA PRIVATE KEY-----
    MIIEowIBAAKCAQEA
    -----END RSA PRIVATE KEY-----
`,
      findings: [
        {
          line: 8,
          column: 3,
          message: 'ConfigMap shop/web: data key "api_key" looks like a secret and has a value',
        },
        {
          line: 9,
          column: 3,
          message:
            'ConfigMap shop/web: data "app.properties" sets "db.password" in plain text (line 2 of the value) and 1 more',
        },
        { line: 13, column: 3, message: 'ConfigMap shop/web: data "tls.pem" holds a PEM private key' },
      ],
      output: null,
    },
    {
      name: 'loose private-key markers: SSH2 with four dashes and spaces, lower case with tabs, OpenSSH, PGP',
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: git-sync
  namespace: flux-system
data:
  legacy_host_key: |
    ---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----
    P2/56wAAAi4AAAA3aWYtbW9kbntzaWdu
    ---- END SSH2 ENCRYPTED PRIVATE KEY ----
  signing.asc: "--begin\tpgp private key block--\\nlQOYBGXYZ\\n--end pgp private key block--"
  id_ed25519: |
    -----BEGIN OPENSSH PRIVATE KEY-----
    b3BlbnNzaC1rZXktdjEAAAAABG5vbmU
    -----END OPENSSH PRIVATE KEY-----
  client.json: |
    {"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----\\n"}
`,
      findings: [
        {
          line: 7,
          column: 3,
          message: 'ConfigMap flux-system/git-sync: data "legacy_host_key" holds an SSH2 private key',
        },
        { line: 11, column: 3, message: 'data "signing.asc" holds a PGP private key' },
        { line: 12, column: 3, message: 'data "id_ed25519" holds an OpenSSH private key' },
        { line: 16, column: 3, message: 'data "client.json" holds a PEM private key' },
      ],
      output: null,
    },
    {
      name: 'YAML and env-file content inside a value',
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: worker
data:
  settings.yaml: |
    queue:
      url: amqp://queue:5672
      password: 'guest123'
  .env: |
    export GITHUB_TOKEN=ghp_abc
`,
      findings: [
        {
          line: 6,
          column: 3,
          message: 'data "settings.yaml" sets "password" in plain text (line 3 of the value)',
        },
        {
          line: 10,
          column: 3,
          message: 'data ".env" sets "GITHUB_TOKEN" in plain text (line 1 of the value)',
        },
      ],
      output: null,
    },
    {
      name: 'JSON manifest',
      path: 'cm.json',
      code: `{
  "apiVersion": "v1",
  "kind": "ConfigMap",
  "metadata": { "name": "cfg" },
  "data": { "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI" }
}
`,
      findings: [{ line: 5, column: 13, message: 'data key "AWS_SECRET_ACCESS_KEY" looks like a secret' }],
      output: null,
    },
    {
      name: 'exempt by the Polaris annotation',
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: legacy
  annotations:
    polaris.fairwinds.com/sensitiveConfigmapContent-exempt: "true"
data:
  password: changeme
`,
      findings: [{ line: 8, column: 3, exempt: true }],
      output: null,
    },
    {
      name: 'exempt by a comment on the object',
      code: `# kube-maturity-ignore secret-in-configmap: test fixture credentials
apiVersion: v1
kind: ConfigMap
metadata:
  name: fixture
data:
  password: changeme
`,
      findings: [{ line: 7, column: 3, exempt: true }],
      output: null,
    },
  ],
});
