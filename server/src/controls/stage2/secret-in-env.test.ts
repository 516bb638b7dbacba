import { testControl } from '../../testing/controlTester';
import control from './secret-in-env';

testControl(control, {
  valid: [
    {
      name: 'secret names taken from a Secret, harmless literals, empty values and references',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: acme/web:1.0
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: { name: db, key: password }
            - name: LOG_LEVEL
              value: info
            - name: API_TOKEN
              value: ""
            - name: DB_PASSWORD_COPY
              value: $(DB_PASSWORD)
            - name: TOKENIZERS_PARALLELISM
              value: "false"
            - name: DB_PASSWORD_FILE
              value: /run/secrets/db/password
            - name: TLS_SECRET_NAME
              value: web-tls
`,
    },
    {
      name: 'init containers are not checked; other kinds neither',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: acme/setup:1.0
      env:
        - name: PASSWORD
          value: hunter2
  containers:
    - name: app
      image: acme/app:1.0
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  PASSWORD: hunter2
`,
    },
    {
      name: 'public keys and certificates are not private keys; a long run of dashes and words stays fast',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: oauth2-proxy
spec:
  template:
    spec:
      containers:
        - name: oauth2-proxy
          image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0
          env:
            - name: OAUTH2_PROXY_JWT_PUBLIC_KEY
              value: |
                -----BEGIN PUBLIC KEY-----
                MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
                -----END PUBLIC KEY-----
            - name: UPSTREAM_CA
              value: "-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIU\\n-----END CERTIFICATE-----"
            - name: BANNER
              value: "${'-'.repeat(20000)} BEGIN ${'PRIVATE '.repeat(2000)}KEX"
`,
    },
  ],
  invalid: [
    {
      name: 'secret-looking names: the literal line replaced in place by a secretKeyRef',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: acme/web:1.0
          env:
            - name: STRIPE_API_KEY
              value: sk_live_abc123   # rotate me
              # a comment between entries
            - name: LOG_LEVEL
              value: info
            - name: dbPassword
              value: "hunter2"
`,
      findings: [
        {
          line: 13,
          column: 15,
          message:
            'Deployment web, container app: env "STRIPE_API_KEY" looks like a secret but has a literal value',
          container: 'app',
          fixClass: 'draft',
          // The title says the literal goes, never what it was.
          fixTitle:
            /^Read STRIPE_API_KEY from the placeholder Secret "web-secrets" \(key stripe_api_key\), to be created \(overrides the explicit `value`\)$/,
        },
        { line: 18, column: 15, message: 'env "dbPassword" looks like a secret but has a literal value' },
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
          image: acme/web:1.0
          env:
            - name: STRIPE_API_KEY
              valueFrom:
                # kube-maturity: create Secret "web-secrets" with key "stripe_api_key" holding the value that was written here, and rotate it
                secretKeyRef:
                  name: web-secrets
                  key: stripe_api_key
              # rotate me
              # a comment between entries
            - name: LOG_LEVEL
              value: info
            - name: dbPassword
              valueFrom:
                # kube-maturity: create Secret "web-secrets" with key "dbpassword" holding the value that was written here, and rotate it
                secretKeyRef:
                  name: web-secrets
                  key: dbpassword
`,
    },
    {
      name: 'a PEM private key under a harmless name, in a block scalar, value key first',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: Sync_Job
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: sync
            image: acme/sync:1.0
            env:
            - value: |
                -----BEGIN OPENSSH PRIVATE KEY-----
                b3BlbnNzaC1rZXktdjEAAAAA
                -----END OPENSSH PRIVATE KEY-----
              name: DEPLOY_KEY_MATERIAL
            - name: TARGET
              value: git@example.com:acme/site.git
`,
      findings: [
        {
          line: 14,
          column: 15,
          message: 'CronJob Sync_Job, container sync: env "DEPLOY_KEY_MATERIAL" holds an OpenSSH private key',
          fixClass: 'draft',
          fixTitle:
            'Read DEPLOY_KEY_MATERIAL from the placeholder Secret "sync-job-secrets" (key deploy_key_material), to be created',
        },
      ],
      output: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: Sync_Job
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: sync
            image: acme/sync:1.0
            env:
            - name: DEPLOY_KEY_MATERIAL
              valueFrom:
                # kube-maturity: create Secret "sync-job-secrets" with key "deploy_key_material" holding the value that was written here, and rotate it
                secretKeyRef:
                  name: sync-job-secrets
                  key: deploy_key_material
            - name: TARGET
              value: git@example.com:acme/site.git
`,
    },
    {
      name: 'private-key markers matched loosely: SSH2 with four dashes, lower case, one dash and tabs, PGP',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: argocd-repo-server
  namespace: argocd
spec:
  template:
    spec:
      containers:
        - name: argocd-repo-server
          image: quay.io/argoproj/argocd:v2.11.0
          env:
            - name: GIT_SSH_MATERIAL
              value: |
                ---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----
                Comment: "rsa-key-20240101"
                P2/56wAAAi4AAAA3aWYtbW9kbntzaWdue3JzYS1wa2NzMS1zaGExfSxlbmNyeXB0
                ---- END SSH2 ENCRYPTED PRIVATE KEY ----
            - name: TLS_MATERIAL
              value: "-----begin ec private key-----\\nMHcCAQEEIBkg\\n-----end ec private key-----"
            - name: LEGACY_MATERIAL
              value: "-BEGIN\\tRSA  PRIVATE KEY-"
            - name: GNUPG_MATERIAL
              value: |
                -----BEGIN PGP PRIVATE KEY BLOCK-----
                lQOYBGXYZ
                -----END PGP PRIVATE KEY BLOCK-----
`,
      findings: [
        {
          line: 14,
          column: 15,
          message: 'env "GIT_SSH_MATERIAL" holds an SSH2 private key in plain text',
          fixClass: 'draft',
          fixTitle: 'placeholder Secret "argocd-repo-server-secrets"',
        },
        { line: 20, column: 15, message: 'env "TLS_MATERIAL" holds a PEM private key in plain text' },
        { line: 22, column: 15, message: 'env "LEGACY_MATERIAL" holds a PEM private key in plain text' },
        { line: 24, column: 15, message: 'env "GNUPG_MATERIAL" holds a PGP private key in plain text' },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: argocd-repo-server
  namespace: argocd
spec:
  template:
    spec:
      containers:
        - name: argocd-repo-server
          image: quay.io/argoproj/argocd:v2.11.0
          env:
            - name: GIT_SSH_MATERIAL
              valueFrom:
                # kube-maturity: create Secret "argocd-repo-server-secrets" with key "git_ssh_material" holding the value that was written here, and rotate it
                secretKeyRef:
                  name: argocd-repo-server-secrets
                  key: git_ssh_material
            - name: TLS_MATERIAL
              valueFrom:
                # kube-maturity: create Secret "argocd-repo-server-secrets" with key "tls_material" holding the value that was written here, and rotate it
                secretKeyRef:
                  name: argocd-repo-server-secrets
                  key: tls_material
            - name: LEGACY_MATERIAL
              valueFrom:
                # kube-maturity: create Secret "argocd-repo-server-secrets" with key "legacy_material" holding the value that was written here, and rotate it
                secretKeyRef:
                  name: argocd-repo-server-secrets
                  key: legacy_material
            - name: GNUPG_MATERIAL
              valueFrom:
                # kube-maturity: create Secret "argocd-repo-server-secrets" with key "gnupg_material" holding the value that was written here, and rotate it
                secretKeyRef:
                  name: argocd-repo-server-secrets
                  key: gnupg_material
`,
    },
    {
      name: 'cloud credential names in a flow-style entry',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: uploader
spec:
  containers:
    - name: app
      image: acme/up:1.0
      env:
        - {name: AWS_SECRET_ACCESS_KEY, value: wJalrXUtnFEMI}
        - {name: AZURE_STORAGE_KEY, value: abc, }
`,
      findings: [
        { line: 10, column: 41, message: 'env "AWS_SECRET_ACCESS_KEY" looks like a secret' },
        { line: 11, column: 37, message: 'env "AZURE_STORAGE_KEY" looks like a secret' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: uploader
spec:
  containers:
    - name: app
      image: acme/up:1.0
      env:
        - {name: AWS_SECRET_ACCESS_KEY, valueFrom: {secretKeyRef: {name: uploader-secrets, key: aws_secret_access_key}}}
        - {name: AZURE_STORAGE_KEY, valueFrom: {secretKeyRef: {name: uploader-secrets, key: azure_storage_key}}, }
`,
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
        "image": "acme/app:1.0",
        "env": [
          {
            "name": "GITHUB_TOKEN",
            "value": "ghp_abc"
          }
        ]
      }
    ]
  }
}
`,
      findings: [{ line: 13, column: 13, message: 'env "GITHUB_TOKEN" looks like a secret' }],
      output: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "acme/app:1.0",
        "env": [
          {
            "name": "GITHUB_TOKEN",
            "valueFrom": {
              "secretKeyRef": {
                "name": "p-secrets",
                "key": "github_token"
              }
            }
          }
        ]
      }
    ]
  }
}
`,
    },
    {
      name: 'exempt by the Polaris annotation',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    polaris.fairwinds.com/sensitiveContainerEnvVar-exempt: "true"
spec:
  containers:
    - name: app
      image: acme/app:1.0
      env:
        - name: ADMIN_PASSWORD
          value: admin
`,
      findings: [{ line: 13, column: 11, exempt: true }],
      output: null,
    },
  ],
});
