import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Generates realistic Kubernetes workspaces for the benchmarks: teams owning applications in several
 * namespaces, each application a Deployment with its Service, ServiceAccount and (depending on how far
 * its team has come) PodDisruptionBudget, HorizontalPodAutoscaler, ConfigMap; each namespace with its
 * Namespace, quota, NetworkPolicies and a kustomization. Comments, sidecars, probes, security contexts
 * and their absence are mixed the way real repositories mix them, from a seeded random generator: the
 * same seed gives the same files byte for byte.
 */

/** mulberry32: small, fast, deterministic. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'cart',
  'checkout',
  'payments',
  'catalog',
  'search',
  'ratings',
  'inventory',
  'shipping',
  'billing',
  'auth',
  'profile',
  'orders',
  'notify',
  'pricing',
  'gateway',
  'ledger',
  'reports',
  'media',
  'export',
  'import',
  'session',
  'tracker',
  'scheduler',
  'frontend',
];
const TEAMS = ['platform', 'commerce', 'growth', 'identity', 'data', 'mobile', 'infra', 'risk'];
const SYSTEMS = ['shop', 'bank', 'portal', 'analytics', 'backoffice'];

interface Rng {
  next: () => number;
  pick: <T>(values: readonly T[]) => T;
  chance: (p: number) => boolean;
  int: (low: number, high: number) => number;
}

function rng(seed: number): Rng {
  const next = random(seed);
  return {
    next,
    pick: (values) => values[Math.floor(next() * values.length)],
    chance: (p) => next() < p,
    int: (low, high) => low + Math.floor(next() * (high - low + 1)),
  };
}

/** How far a namespace's team has come: the higher, the more practices its manifests show. */
interface Team {
  name: string;
  namespace: string;
  maturity: number;
}

export interface App {
  name: string;
  team: Team;
  system: string;
}

function labels(app: App, indent: string, full: boolean): string {
  const lines = [`app.kubernetes.io/name: ${app.name}`];
  if (full) {
    lines.push(`app.kubernetes.io/instance: ${app.name}`);
    lines.push(`app.kubernetes.io/part-of: ${app.system}`);
    lines.push(`app.kubernetes.io/managed-by: kustomize`);
    lines.push(`team: ${app.team.name}`);
  }
  return lines.map((line) => `${indent}${line}\n`).join('');
}

function container(r: Rng, app: App, name: string, image: string, port: number, main: boolean): string {
  const m = app.team.maturity;
  let text = `        - name: ${name}${main && r.chance(0.3) ? '   # the service itself' : ''}\n`;
  text += `          image: ${image}\n`;
  if (r.chance(m / 6)) text += '          imagePullPolicy: Always\n';
  if (main) {
    text += '          args:\n';
    text += `            - --port=${port}\n`;
    text += `            - --log-level=${r.pick(['info', 'debug', 'warn'])}\n`;
  }
  text += '          ports:\n';
  text += `            - name: http\n              containerPort: ${port}\n              protocol: TCP\n`;
  if (main && r.chance(0.6)) text += '            - name: metrics\n              containerPort: 9090\n';
  text += '          env:\n';
  text += `            - name: SERVICE_NAME\n              value: ${app.name}\n`;
  text += `            - name: LOG_FORMAT\n              value: json\n`;
  if (main) {
    text += '            - name: DATABASE_PASSWORD\n';
    text += '              valueFrom:\n';
    text += `                secretKeyRef:\n                  name: ${app.name}-db\n                  key: password\n`;
    text += `            - name: POD_NAME\n              valueFrom:\n                fieldRef:\n                  fieldPath: metadata.name\n`;
  }
  if (r.chance(0.2 + m / 6)) {
    text += '          resources:\n';
    text += `            requests:\n              cpu: ${r.pick(['50m', '100m', '250m', '500m'])}\n              memory: ${r.pick(['64Mi', '128Mi', '256Mi', '512Mi'])}\n`;
    if (r.chance(m / 5))
      text += `            limits:\n              cpu: ${r.pick(['500m', '1', '2'])}\n              memory: ${r.pick(['256Mi', '512Mi', '1Gi'])}\n`;
  }
  if (r.chance(m / 5)) {
    text += `          readinessProbe:\n            httpGet:\n              path: /ready\n              port: http\n            periodSeconds: 5\n`;
    text += `          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: http\n            initialDelaySeconds: 10\n            failureThreshold: 3\n`;
  }
  if (r.chance(m / 6)) {
    text += '          securityContext:\n';
    text += '            allowPrivilegeEscalation: false\n';
    text += '            readOnlyRootFilesystem: true\n';
    text += '            runAsNonRoot: true\n';
    text += '            capabilities:\n              drop: ["ALL"]\n';
  }
  text += '          volumeMounts:\n            - name: tmp\n              mountPath: /tmp\n';
  if (main && r.chance(0.5))
    text += `            - name: config\n              mountPath: /etc/${app.name}\n              readOnly: true\n`;
  return text;
}

export function deployment(r: Rng, app: App): string {
  const m = app.team.maturity;
  const full = r.chance(m / 5);
  const port = r.pick([8080, 8000, 3000, 9000]);
  let text = `# ${app.name}: ${app.system} ${r.pick(['API', 'worker', 'service', 'backend'])}, owned by the ${app.team.name} team\n`;
  if (r.chance(0.3)) text += `# runbook: https://runbooks.example.com/${app.system}/${app.name}\n`;
  text += 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n';
  text += `  name: ${app.name}\n  namespace: ${app.team.namespace}\n  labels:\n${labels(app, '    ', full)}`;
  if (r.chance(0.4)) text += `  annotations:\n    deployment.kubernetes.io/revision: "${r.int(1, 40)}"\n`;
  text += 'spec:\n';
  text += `  replicas: ${r.pick([1, 2, 3, 3, 4, 6])}\n`;
  text += `  revisionHistoryLimit: ${r.int(3, 10)}\n`;
  text += `  selector:\n    matchLabels:\n${labels(app, '      ', false)}`;
  if (r.chance(0.5))
    text +=
      '  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 0\n';
  text += `  template:\n    metadata:\n      labels:\n${labels(app, '        ', full)}`;
  if (r.chance(0.3 + m / 10))
    text += `      annotations:\n        prometheus.io/scrape: "true"\n        prometheus.io/port: "9090"\n`;
  text += '    spec:\n';
  if (r.chance(m / 5)) text += `      serviceAccountName: ${app.name}\n`;
  if (r.chance(m / 6)) text += '      automountServiceAccountToken: false\n';
  if (r.chance(m / 7)) text += `      priorityClassName: ${r.pick(['standard', 'critical'])}\n`;
  if (r.chance(m / 6)) {
    text += '      securityContext:\n        runAsNonRoot: true\n        runAsUser: 10001\n';
    text += '        fsGroup: 10001\n        seccompProfile:\n          type: RuntimeDefault\n';
  }
  if (r.chance(m / 7)) {
    text +=
      '      topologySpreadConstraints:\n        - maxSkew: 1\n          topologyKey: kubernetes.io/hostname\n';
    text += `          whenUnsatisfiable: ScheduleAnyway\n          labelSelector:\n            matchLabels:\n${labels(app, '              ', false)}`;
  }
  text += '      containers:\n';
  const tag = r.chance(0.05) ? 'latest' : `${r.int(1, 4)}.${r.int(0, 20)}.${r.int(0, 9)}`;
  const digest = r.chance(m / 12) ? `@sha256:${hex(r, 64)}` : '';
  text += container(
    r,
    app,
    app.name,
    `registry.example.com/${app.system}/${app.name}:${tag}${digest}`,
    port,
    true,
  );
  if (r.chance(0.25)) {
    text += container(r, app, 'log-shipper', 'fluent/fluent-bit:3.1.4', 2020, false);
  }
  text += '      volumes:\n        - name: tmp\n          emptyDir: {}\n';
  text += `        - name: config\n          configMap:\n            name: ${app.name}-config\n`;
  return text;
}

function hex(r: Rng, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += '0123456789abcdef'[Math.floor(r.next() * 16)];
  return text;
}

export function service(r: Rng, app: App): string {
  let text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${app.name}\n  namespace: ${app.team.namespace}\n`;
  text += `  labels:\n${labels(app, '    ', false)}`;
  text += `spec:\n  type: ClusterIP\n  selector:\n${labels(app, '    ', false)}`;
  text += '  ports:\n    - name: http\n      port: 80\n      targetPort: http\n';
  if (r.chance(0.4)) text += '    - name: metrics\n      port: 9090\n      targetPort: 9090\n';
  return text;
}

export function pdb(r: Rng, app: App): string {
  let text = `# keeps ${app.name} serving during node drains\n`;
  text += `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${app.name}\n  namespace: ${app.team.namespace}\n`;
  text += `spec:\n  ${r.chance(0.7) ? 'maxUnavailable: 1' : 'minAvailable: 1'}\n  selector:\n    matchLabels:\n${labels(app, '      ', false)}`;
  return text;
}

export function hpa(r: Rng, app: App): string {
  let text = `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${app.name}\n  namespace: ${app.team.namespace}\n`;
  text += `spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ${app.name}\n`;
  text += `  minReplicas: ${r.pick([1, 2, 3])}\n  maxReplicas: ${r.pick([5, 10, 20])}\n  metrics:\n`;
  text += `    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: ${r.pick([60, 70, 80])}\n`;
  if (r.chance(0.5))
    text += `    - type: Resource\n      resource:\n        name: memory\n        target:\n          type: Utilization\n          averageUtilization: 80\n`;
  return text;
}

export function serviceAccount(app: App): string {
  return `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${app.name}\n  namespace: ${app.team.namespace}\nautomountServiceAccountToken: false\n`;
}

export function configMap(r: Rng, app: App): string {
  let text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${app.name}-config\n  namespace: ${app.team.namespace}\ndata:\n`;
  text += `  LOG_LEVEL: ${r.pick(['info', 'debug'])}\n  FEATURE_FLAGS: "${r.pick(['a,b', 'b', 'a,c,d'])}"\n`;
  text += `  config.yaml: |\n    server:\n      port: 8080\n      timeout: ${r.int(5, 60)}s\n    upstream: http://${r.pick(WORDS)}.${app.team.namespace}.svc\n`;
  return text;
}

function namespaceFile(team: Team): string {
  let text = `# ${team.namespace}: the ${team.name} team's namespace\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${team.namespace}\n  labels:\n    team: ${team.name}\n`;
  if (team.maturity >= 3) {
    text += `---\napiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: compute\n  namespace: ${team.namespace}\nspec:\n  hard:\n    requests.cpu: "40"\n    requests.memory: 80Gi\n    limits.cpu: "80"\n    limits.memory: 160Gi\n`;
    text += `---\napiVersion: v1\nkind: LimitRange\nmetadata:\n  name: defaults\n  namespace: ${team.namespace}\nspec:\n  limits:\n    - type: Container\n      default:\n        cpu: 500m\n        memory: 256Mi\n      defaultRequest:\n        cpu: 100m\n        memory: 128Mi\n`;
  }
  return text;
}

function networkPolicy(team: Team): string {
  return `# default deny, then allow from the ingress controller\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: ${team.namespace}\nspec:\n  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-ingress\n  namespace: ${team.namespace}\nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: ingress-nginx\n  egress:\n    - to:\n        - namespaceSelector: {}\n`;
}

function teams(r: Rng, count: number): Team[] {
  return Array.from({ length: count }, (_, index) => {
    const name = TEAMS[index % TEAMS.length];
    return { name, namespace: `${name}-${Math.floor(index / TEAMS.length) + 1}`, maturity: r.int(1, 6) };
  });
}

/** Every document of one application: a deployment and what goes with it, as the team's maturity has it. */
export function appDocuments(r: Rng, app: App): Array<{ kind: string; text: string }> {
  const m = app.team.maturity;
  const documents = [{ kind: 'deployment', text: deployment(r, app) }];
  documents.push({ kind: 'service', text: service(r, app) });
  if (r.chance(m / 5)) documents.push({ kind: 'serviceaccount', text: serviceAccount(app) });
  if (r.chance(0.6)) documents.push({ kind: 'configmap', text: configMap(r, app) });
  if (r.chance(m / 6)) documents.push({ kind: 'pdb', text: pdb(r, app) });
  if (r.chance(m / 6)) documents.push({ kind: 'hpa', text: hpa(r, app) });
  return documents;
}

/** One multi-document file of at least `lines` lines (applications in several namespaces). */
export function multiDocumentFile(lines: number, seed = 5000): string {
  const r = rng(seed);
  const all = teams(r, 6);
  const parts: string[] = [];
  let count = 0;
  for (let index = 0; count < lines; index++) {
    const team = all[index % all.length];
    const app: App = { name: appName(index), team, system: r.pick(SYSTEMS) };
    for (const document of appDocuments(r, app)) {
      parts.push(document.text);
      count += document.text.split('\n').length;
    }
  }
  return `${parts.join('---\n')}`;
}

function appName(index: number): string {
  const word = WORDS[index % WORDS.length];
  const round = Math.floor(index / WORDS.length);
  return round === 0 ? word : `${word}-${round + 1}`;
}

export interface GeneratedWorkspace {
  root: string;
  files: string[];
  /** A Deployment with a PodDisruptionBudget selecting it, in another file: for the cross-file update. */
  crossFile: { deployment: string; pdb: string; name: string };
  lines: number;
  bytes: number;
}

/**
 * Writes a workspace of exactly `fileCount` files under a new temporary directory: namespaces/<ns>/ holds
 * the namespace's files and one folder per application (one document per file, as most repositories keep
 * them; a few applications keep all their documents in one file).
 */
export function generateWorkspace(fileCount: number, seed = 1): GeneratedWorkspace {
  const root = mkdtempSync(join(tmpdir(), `kube-maturity-bench-${fileCount}-`));
  const r = rng(seed);
  const all = teams(r, Math.max(3, Math.round(fileCount / 250)));
  const output = filesUnder(root);
  const { files } = output;
  // The kustomizations (one per namespace) are written last: the applications fill the rest.
  let limit = fileCount - all.length;
  const write = (relative: string, text: string) => {
    if (files.length < limit) output.write(relative, text);
  };
  const appsPerTeam = new Map<string, string[]>();
  let crossFile: GeneratedWorkspace['crossFile'] | undefined;
  for (const team of all) {
    write(`namespaces/${team.namespace}/namespace.yaml`, namespaceFile(team));
    if (team.maturity >= 4) write(`namespaces/${team.namespace}/network-policies.yaml`, networkPolicy(team));
    appsPerTeam.set(team.namespace, []);
  }
  for (let index = 0; files.length < limit; index++) {
    const team = all[index % all.length];
    const app: App = { name: appName(Math.floor(index / all.length)), team, system: r.pick(SYSTEMS) };
    const directory = `namespaces/${team.namespace}/${app.name}`;
    const documents = appDocuments(r, app);
    appsPerTeam.get(team.namespace)!.push(app.name);
    if (!crossFile && documents.some((document) => document.kind === 'pdb')) {
      crossFile = {
        deployment: join(root, directory, 'deployment.yaml'),
        pdb: join(root, directory, 'pdb.yaml'),
        name: app.name,
      };
    } else if (r.chance(0.1)) {
      write(`${directory}/all.yaml`, documents.map((document) => document.text).join('---\n'));
      continue;
    }
    for (const document of documents) write(`${directory}/${document.kind}.yaml`, document.text);
  }
  // Kustomizations list what they deploy.
  limit = fileCount;
  for (const team of all) {
    const resources = ['namespace.yaml', ...appsPerTeam.get(team.namespace)!.map((name) => `${name}/`)];
    write(
      `namespaces/${team.namespace}/kustomization.yaml`,
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${team.namespace}\nresources:\n${resources.map((entry) => `  - ${entry}`).join('\n')}\n`,
    );
  }
  if (!crossFile) throw new Error('no application with a PodDisruptionBudget was generated');
  return { root, files, crossFile, lines: output.lines, bytes: output.bytes };
}

/** Writes files under `root`, counting them, their lines and bytes. */
function filesUnder(root: string) {
  const output = {
    files: [] as string[],
    lines: 0,
    bytes: 0,
    write: (relative: string, text: string) => {
      const path = join(root, relative);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      output.files.push(path);
      output.lines += text.split('\n').length;
      output.bytes += Buffer.byteLength(text);
    },
  };
  return output;
}

export function removeWorkspace(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/**
 * The shape of a large repository of unhardened services (issue 14): `fileCount` files, each one
 * workload's Deployment and Service, in 17 namespaces of about `fileCount / 17` workloads each; no
 * requests, limits, probes or security contexts, so that each file has about 20 findings, and every
 * namespace is large (hundreds of Services and workloads side by side). One workload has a
 * PodDisruptionBudget in a file of its own, for the cross-file update.
 */
export function generateUnhardenedWorkspace(fileCount: number, seed = 7): GeneratedWorkspace {
  const root = mkdtempSync(join(tmpdir(), `kube-maturity-bench-unhardened-${fileCount}-`));
  const r = rng(seed);
  const namespaces = Array.from({ length: 17 }, (_, index) => `${TEAMS[index % TEAMS.length]}-${index + 1}`);
  const output = filesUnder(root);
  const { files, write } = output;
  let crossFile: GeneratedWorkspace['crossFile'] | undefined;
  for (let index = 0; files.length < fileCount; index++) {
    const namespace = namespaces[index % namespaces.length];
    const name = appName(Math.floor(index / namespaces.length));
    const port = r.pick([8080, 3000, 5000, 9000]);
    const image = `${r.pick(['nginx', 'node', 'python', 'ghcr.io/acme/' + name])}:${r.pick(['latest', '1.2', '3.11-slim', 'v2'])}`;
    const label = `app.kubernetes.io/name: ${name}`;
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${name}`,
      `  namespace: ${namespace}`,
      '  labels:',
      `    ${label}`,
      'spec:',
      `  replicas: ${r.pick([1, 1, 2, 3])}`,
      '  selector:',
      '    matchLabels:',
      `      ${label}`,
      '  template:',
      '    metadata:',
      '      labels:',
      `        ${label}`,
      '    spec:',
      '      containers:',
      `        - name: ${name}`,
      `          image: ${image}`,
      '          ports:',
      `            - containerPort: ${port}`,
      '          env:',
      '            - name: SERVICE_NAME',
      `              value: ${name}`,
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      `  name: ${name}`,
      `  namespace: ${namespace}`,
      'spec:',
      '  selector:',
      `    ${label}`,
      '  ports:',
      '    - port: 80',
      `      targetPort: ${port}`,
      '',
    ].join('\n');
    if (files.length === fileCount - 1 && !crossFile) break;
    write(`${namespace}/${name}.yaml`, text);
    if (!crossFile) {
      write(
        `${namespace}/${name}-pdb.yaml`,
        `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${name}\n`,
      );
      crossFile = {
        deployment: join(root, `${namespace}/${name}.yaml`),
        pdb: join(root, `${namespace}/${name}-pdb.yaml`),
        name,
      };
    }
  }
  if (!crossFile) throw new Error('no workload with a PodDisruptionBudget was generated');
  return { root, files, crossFile, lines: output.lines, bytes: output.bytes };
}
