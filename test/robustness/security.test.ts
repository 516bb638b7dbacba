/**
 * Security (issue 6):
 *   - nothing from the workspace is executed or evaluated (configuration file, settings, manifests, stray
 *     .js files and package.json scripts): the CLI and the server run a full workload with code generation
 *     from strings disallowed and a probe recording any program run, code evaluated or module loaded;
 *   - the configuration file can only name controls, severities, globs and values; paths outside the
 *     workspace (globs, symbolic links) are refused;
 *   - untrusted workspaces: what the README says is limited is what the extension manifest restricts;
 *   - no network at run time: the probe records any network use, and the server process holds no socket
 *     other than its stdio channel to the client (Linux: readlink /proc/<pid>/fd/*), sampled throughout.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { allControls } from '../../server/src/controls';
import { ConfigError, parseConfig } from '../../server/src/engine/config';
import { applyTextEdits } from '../../server/src/engine/text';
import {
  type CodeAction,
  type Diagnostic,
  type LspTestClient,
  NOT_RENDERING,
  uriOf,
} from '../support/lspClient';
import { PROJECT_ROOT } from '../support/paths';
import {
  PROBE,
  type ProbeRecord,
  readProbe,
  requestWithin,
  runCliBounded,
  STACK_TRACE,
  socketDescriptors,
  startProbedServer,
  stopServer,
} from './support/run';

const KNOWN_CONTROLS = new Set(allControls.map((control) => control.meta.id));

/** A TCP listener on localhost that counts every connection the product might make to the URLs it is fed. */
async function bait(): Promise<{ server: Server; port: number; connections: () => number }> {
  let count = 0;
  const server = createServer((socket) => {
    count++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, port, connections: () => count };
}

/** A workspace whose every file tempts a careless tool to fetch, run or load something; running it touches MARK. */
function temptingWorkspace(port: number): { folder: string; mark: string } {
  const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-tempting-'));
  const mark = join(folder, '..', `${folder.split('/').pop()}-PWNED`);
  const touch = `require('fs').writeFileSync(${JSON.stringify(mark)}, 'pwned')`;
  const url = `http://127.0.0.1:${port}`;
  const files: Record<string, string> = {
    '.kube-maturity.yaml': `# yaml-language-server: $schema=${url}/config.schema.json
controls:
  missing-priority-class: off
exemptions:
  - controls: ["*"]
    names: ["$(touch ${mark})"]
    reason: ${JSON.stringify(`\`touch ${mark}\` ${touch}`)}
exclude: ["$(touch ${mark})/**", "\`touch ${mark}\`/**"]
`,
    'web.yaml': `# yaml-language-server: $schema=${url}/deployment.schema.json
$schema: ${url}/schema.json
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    a: "$(touch ${mark})"
    b: "\`touch ${mark}\`"
    c: "<%= system('touch ${mark}') %>"
    d: ${JSON.stringify(touch)}
    e: "${url}/webhook"
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: 127.0.0.1:${port}/web
          command: ["sh", "-c", "touch ${mark}"]
          env:
            - name: CODE
              value: !!js/function "function () { ${touch.replace(/"/g, '\\"')} }"
            - name: REGEXP
              value: !!js/regexp /x/
            - name: PY
              value: !!python/object/apply:os.system ["touch ${mark}"]
`,
    'crd.json': `{"$schema": "${url}/crd.json", "apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"x": "${url}"}}\n`,
    '.kube-maturity.js': `${touch};\nmodule.exports = {};\n`,
    'kube-maturity.config.js': `${touch};\n`,
    'kube-maturity.config.cjs': `${touch};\n`,
    'node_modules/yaml/index.js': `${touch};\n`,
    'node_modules/yaml/package.json': '{"name": "yaml", "main": "index.js"}\n',
    'node_modules/picomatch/index.js': `${touch};\n`,
    'package.json': `{"name": "tempting", "scripts": {"preinstall": "touch ${mark}", "postinstall": "touch ${mark}"}}\n`,
    '.vscode/settings.json': `{"kubeMaturity.maxFileSize": 99999999999, "yaml.schemas": {"${url}/s.json": "*.yaml"}}\n`,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  return { folder, mark };
}

/** What the product must never do; the only module it loads is its own entry script (a self-contained bundle). */
function forbidden(probe: readonly ProbeRecord[]): ProbeRecord[] {
  const entries = [join(PROJECT_ROOT, 'dist', 'cli.js'), join(PROJECT_ROOT, 'dist', 'server.js')];
  return probe.filter(
    (record) =>
      ['network', 'execute', 'evaluate', 'module'].includes(record.kind) &&
      !(record.kind === 'module' && entries.includes(record.detail)),
  );
}

const NO_CODEGEN = '--disallow-code-generation-from-strings';

describe('the instruments see what they look for (so that their silence means something)', () => {
  it('the probe records network use, programs, evaluation, module loads and watched reads', {
    timeout: 30_000,
  }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-probe-check-'));
    const probeFile = join(folder, 'probe.jsonl');
    writeFileSync(join(folder, 'watched.yaml'), 'a: 1\n');
    writeFileSync(join(folder, 'local-module.js'), 'module.exports = 1;\n');
    const script = [
      "const net = require('node:net');",
      "const socket = net.connect(9, '127.0.0.1'); socket.on('error', () => {});",
      "require('node:dns').lookup('localhost', () => {});",
      "require('node:child_process').spawnSync(process.execPath, ['-e', '0']);",
      "globalThis.eval('1 + 1');",
      `require(${JSON.stringify(join(folder, 'local-module.js'))});`,
      `require('node:fs').readFileSync(${JSON.stringify(join(folder, 'watched.yaml'))});`,
      'setTimeout(() => socket.destroy(), 50);',
    ].join('\n');
    const child = spawn(process.execPath, ['--require', PROBE, '-e', script], {
      env: { ...process.env, KM_PROBE_OUT: probeFile, KM_PROBE_WATCH: folder },
      stdio: 'ignore',
    });
    await new Promise((resolve) => child.on('close', resolve));
    const kinds = new Set(readProbe(probeFile).map((record) => record.kind));
    for (const kind of ['network', 'execute', 'evaluate', 'module', 'read', 'peak-rss-kb'])
      assert.ok(
        kinds.has(kind as ProbeRecord['kind']),
        `the probe did not record ${kind}: ${[...kinds].join(', ')}`,
      );
  });

  it('a socket beyond stdio shows in /proc/<pid>/fd', { timeout: 30_000 }, async () => {
    const child = spawn(
      process.execPath,
      [
        '-e',
        "require('node:net').createServer().listen(0, '127.0.0.1', () => console.log('listening')); setTimeout(() => {}, 10000);",
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    try {
      await new Promise((resolve) => child.stdout.once('data', resolve));
      const sockets = socketDescriptors(child.pid!);
      assert.ok(
        sockets.some((socket) => socket.fd > 2),
        JSON.stringify(sockets),
      );
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('the CLI runs nothing from the workspace and opens no network connection', () => {
  let lure: Awaited<ReturnType<typeof bait>>;
  before(async () => {
    lure = await bait();
  });
  after(() => lure.server.close());

  for (const args of [
    ['check', '.'],
    ['check', '--format', 'sarif', '.'],
    ['check', '--format', 'json', '--model', 'cncf', '.'],
    ['fix', '--dry-run', '.'],
    ['fix', '.'],
    ['controls', '--format', 'json'],
  ]) {
    it(`kube-maturity ${args.join(' ')}`, { timeout: 60_000 }, async () => {
      const { folder, mark } = temptingWorkspace(lure.port);
      const run = await runCliBounded(args, { cwd: folder, nodeArgs: [NO_CODEGEN] });
      assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr.slice(0, 2000)}`);
      assert.doesNotMatch(run.stderr, STACK_TRACE);
      assert.deepEqual(
        forbidden(run.probe),
        [],
        'the CLI used the network, ran a program, evaluated code or loaded a module',
      );
      assert.equal(existsSync(mark), false, 'something from the workspace was executed');
      assert.equal(lure.connections(), 0, 'a connection reached the URL in the workspace');
    });
  }
});

describe('the server runs nothing from the workspace and holds no socket but its channel to the client', () => {
  it('a full editor session over a tempting workspace: no program, no evaluation, no module load, no network, no socket beyond stdio', {
    timeout: 120_000,
  }, async () => {
    const lure = await bait();
    const { folder, mark } = temptingWorkspace(lure.port);
    const probeFile = join(folder, '..', `${folder.split('/').pop()}-probe.jsonl`);
    const client: LspTestClient = startProbedServer({ probeFile, nodeOptions: [NO_CODEGEN] });
    const pid = client.process.pid!;
    const strangeSockets = new Set<string>();
    let samples = 0;
    const sample = () => {
      samples++;
      for (const socket of socketDescriptors(pid))
        if (socket.fd > 2) strangeSockets.add(`fd ${socket.fd} → ${socket.target}`);
    };
    const sampler = setInterval(sample, 20);
    try {
      client.settings = {
        ...NOT_RENDERING,
        fixDefaults: { cpuRequest: `$(touch ${mark})` },
        exclude: [`$(touch ${mark})`],
      };
      await client.initialize(folder);
      await client.waitForRevision(1);
      const uri = uriOf(join(folder, 'web.yaml'));
      const text = readFileSync(join(folder, 'web.yaml'), 'utf8');
      client.open(uri, text, 1);
      const diagnostics = await client.waitForDiagnostics(uri);
      const target = diagnostics.find((d: Diagnostic) => d.code === 'missing-cpu-request') ?? diagnostics[0];
      if (target) {
        await requestWithin(client, 'textDocument/hover', {
          textDocument: { uri },
          position: target.range.start,
        });
        const actions = (await requestWithin(client, 'textDocument/codeAction', {
          textDocument: { uri },
          range: target.range,
          context: { diagnostics: [target] },
        })) as CodeAction[];
        const fix = actions.find((action) => action.edit);
        if (fix) client.change(uri, 2, applyTextEdits(text, fix.edit!.changes[uri]));
      }
      await requestWithin(client, 'textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.kubeMaturity'] },
      });
      await requestWithin(client, 'kubeMaturity/verdict', {});
      await requestWithin(client, 'kubeMaturity/tree', { groupBy: 'stage' });
      await requestWithin(client, 'kubeMaturity/markdownReport', { groupBy: 'file' }).catch(() => undefined);
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: uriOf(join(folder, '.kube-maturity.yaml')), type: 2 },
          { uri: uriOf(join(folder, 'crd.json')), type: 2 },
          { uri: uriOf(join(folder, 'kube-maturity.config.js')), type: 2 },
        ],
      });
      await requestWithin(client, 'kubeMaturity/verdict', {});
      sample();
      clearInterval(sampler);
      const probe = readProbe(probeFile);
      assert.deepEqual(
        forbidden(probe),
        [],
        'the server used the network, ran a program, evaluated code or loaded a module',
      );
      assert.ok(samples > 5, `only ${samples} samples of the server's descriptors`);
      assert.deepEqual([...strangeSockets], [], 'the server opened a socket other than its stdio channel');
      assert.equal(existsSync(mark), false, 'something from the workspace was executed');
      assert.equal(lure.connections(), 0, 'a connection reached the URL in the workspace');
      assert.doesNotMatch(client.logs.join('\n'), STACK_TRACE);
    } finally {
      clearInterval(sampler);
      await stopServer(client);
      lure.server.close();
    }
  });

  it('settings are data: a fix default holding YAML or shell text is inserted as one quoted value, and a __proto__ key changes nothing', {
    timeout: 60_000,
  }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-settings-'));
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n';
    writeFileSync(join(folder, 'p.yaml'), text);
    const injected = '100m\n          privileged: true # $(touch x)';
    const client = startProbedServer({ probeFile: join(folder, '.probe.jsonl') });
    try {
      client.settings = JSON.parse(
        JSON.stringify({ fixDefaults: { cpuRequest: injected } }).replace(
          '"fixDefaults":{',
          '"fixDefaults":{"__proto__":{"memoryRequest":"999Gi"},',
        ),
      );
      await client.initialize(folder);
      await client.waitForRevision(1);
      const uri = uriOf(join(folder, 'p.yaml'));
      client.open(uri, text, 1);
      const diagnostics = await client.waitForDiagnostics(uri);
      for (const [control, path, expected] of [
        // Not a quantity: the setting is refused (with a warning) and the default written.
        ['missing-cpu-request', ['requests', 'cpu'], '100m'],
        ['missing-memory-request', ['requests', 'memory'], '128Mi'],
      ] as const) {
        const target = diagnostics.find((d) => d.code === control);
        assert.ok(target, `${control} not reported`);
        const actions = (await requestWithin(client, 'textDocument/codeAction', {
          textDocument: { uri },
          range: target.range,
          context: { diagnostics: [target], only: ['quickfix'] },
        })) as CodeAction[];
        const fix = actions.find(
          (action) => action.kind?.startsWith('quickfix.kubeMaturity.') && action.edit,
        );
        assert.ok(fix, `no fix for ${control}`);
        const fixed = parse(applyTextEdits(text, fix.edit!.changes[uri]));
        const container = fixed.spec.containers[0];
        assert.equal(container.resources[path[0]][path[1]], expected, `${control}: the inserted value`);
        assert.equal(container.privileged, undefined);
        assert.equal(container.securityContext, undefined, 'the setting injected YAML structure');
      }
    } finally {
      await stopServer(client);
    }
  });
});

describe('the configuration file names controls, severities, globs and values, nothing else', () => {
  const refused: Array<[string, string]> = [
    ['a plugin list', 'plugins: [./evil.js]\n'],
    ['a module to require', 'require: ./evil.js\n'],
    ['another configuration to extend', 'extends: ../../other/.kube-maturity.yaml\n'],
    ['a script hook', 'hooks:\n  before: "touch x"\n'],
    ['a JavaScript function as controls', 'controls: !!js/function "function () { return 1 }"\n'],
    [
      'a JavaScript function as a severity',
      'controls:\n  run-as-root: !!js/function "function () { return 1 }"\n',
    ],
    ['a shell substitution as a severity', 'controls:\n  run-as-root: "$(touch x)"\n'],
    ['a command as a fix default', 'fixDefaults:\n  cpuRequest: "$(touch x)"\n'],
    ['a __proto__ control', 'controls:\n  __proto__: error\n'],
    ['a __proto__ fix default', 'fixDefaults:\n  __proto__:\n    cpuRequest: 1m\n'],
    ['a constructor fix default', 'fixDefaults:\n  constructor: 1\n'],
    ['a script in an exemption', 'exemptions:\n  - controls: ["*"]\n    script: "touch x"\n'],
    ['an expression as a threshold', 'stageThreshold: "80 + 1"\n'],
    ['a command in the Kubernetes version', 'kubernetesVersion: "1.33; touch x"\n'],
    ['a glob leaving the workspace (..)', 'exclude: ["../**"]\n'],
    ['a glob leaving the workspace (absolute)', 'exclude: ["/etc/**"]\n'],
    ['a glob leaving the workspace (a/../../b)', 'exclude: ["a/../../b/**"]\n'],
    ['a glob leaving the workspace (./../x)', 'exclude: ["./../x/**"]\n'],
    ['a glob leaving the workspace (backslashes)', 'exclude: ["..\\\\x\\\\**"]\n'],
    ['a glob leaving the workspace (brace expansion)', 'exclude: ["{..,vendor}/**"]\n'],
  ];

  for (const [what, text] of refused) {
    it(`refuses ${what} with exit 2, naming the file and line`, { timeout: 30_000 }, async () => {
      const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-config-'));
      writeFileSync(join(folder, '.kube-maturity.yaml'), text);
      writeFileSync(join(folder, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
      const run = await runCliBounded(['check', '.'], { cwd: folder, nodeArgs: [NO_CODEGEN] });
      assert.equal(run.status, 2, `${what}: exit ${run.status}\n${run.stdout.slice(0, 500)}${run.stderr}`);
      assert.match(run.stderr, /configuration error: .*\.kube-maturity\.yaml:\d+:\d+: /);
      assert.doesNotMatch(run.stderr, STACK_TRACE);
      assert.deepEqual(forbidden(run.probe), []);
    });
  }

  it('parsing hostile configurations pollutes no prototype', () => {
    for (const [, text] of refused) {
      try {
        parseConfig(text, '.kube-maturity.yaml', KNOWN_CONTROLS);
      } catch (error) {
        assert.ok(error instanceof ConfigError, `${text}: ${(error as Error).message}`);
      }
    }
    const probe = {} as Record<string, unknown>;
    assert.equal(probe.cpuRequest, undefined);
    assert.equal(probe.polluted, undefined);
    assert.equal(Object.getPrototypeOf(probe), Object.prototype);
  });

  it('the server refuses the same configuration, reports it on the file, and keeps the defaults', {
    timeout: 60_000,
  }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-config-lsp-'));
    writeFileSync(join(folder, '.kube-maturity.yaml'), 'exclude: ["../**"]\ncontrols:\n  run-as-root: off\n');
    writeFileSync(
      join(folder, 'p.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: a:1\n',
    );
    const client = startProbedServer({ probeFile: join(folder, '..', `${folder.split('/').pop()}.jsonl`) });
    try {
      await client.initialize(folder);
      await client.waitForRevision(1);
      const configProblems = await client.waitForDiagnostics(
        uriOf(join(folder, '.kube-maturity.yaml')),
        (d) => d.length > 0,
      );
      assert.match(configProblems[0].message, /outside/);
      const uri = uriOf(join(folder, 'p.yaml'));
      client.open(uri, readFileSync(join(folder, 'p.yaml'), 'utf8'), 1);
      const diagnostics = await client.waitForDiagnostics(uri);
      assert.ok(
        diagnostics.some((d) => d.code === 'run-as-root'),
        'a refused configuration must not half-apply',
      );
    } finally {
      await stopServer(client);
    }
  });
});

describe('symbolic links out of the workspace are not followed', () => {
  function linkedWorkspace(): { folder: string; outside: string } {
    const outside = mkdtempSync(join(tmpdir(), 'kube-maturity-outside-'));
    writeFileSync(
      join(outside, 'secret.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: outside\nspec:\n  containers:\n    - name: a\n      image: a:1\n',
    );
    const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-links-'));
    writeFileSync(
      join(folder, 'inside.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inside\n',
    );
    symlinkSync(outside, join(folder, 'linked-dir'));
    symlinkSync(join(outside, 'secret.yaml'), join(folder, 'linked.yaml'));
    symlinkSync(folder, join(folder, 'loop'));
    symlinkSync('/etc/passwd', join(folder, 'passwd.yaml'));
    return { folder, outside };
  }

  it('the CLI walking a directory reads no file behind a link, lists each link as skipped (and a link loop ends)', {
    timeout: 60_000,
  }, async () => {
    const { folder, outside } = linkedWorkspace();
    const run = await runCliBounded(['check', '--format', 'json', '--fail-on', 'none', '.'], {
      cwd: folder,
      watch: outside,
    });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.ok(!JSON.stringify(report.findings).includes('"outside"'), 'an object behind a link was analysed');
    // Each link to a folder or a manifest is listed as skipped, with why: none goes unsaid.
    assert.deepEqual(
      (report.files.skipped as Array<{ file: string; reason: string }>)
        .filter((entry) => /symbolic link, not followed/.test(entry.reason))
        .map((entry) => entry.file)
        .sort(),
      ['linked-dir', 'linked.yaml', 'loop', 'passwd.yaml'],
    );
    assert.deepEqual(
      run.probe.filter((r) => r.kind === 'read'),
      [],
      'a file outside the workspace was read',
    );
  });

  it('the server scan neither reads nor reports files behind links', { timeout: 60_000 }, async () => {
    const { folder, outside } = linkedWorkspace();
    const probeFile = join(mkdtempSync(join(tmpdir(), 'kube-maturity-probe-')), 'probe.jsonl');
    const client = startProbedServer({ probeFile, watch: outside });
    try {
      await client.initialize(folder);
      await client.waitForRevision(1);
      const tree = await requestWithin(client, 'kubeMaturity/tree', { groupBy: 'file' });
      assert.ok(!JSON.stringify(tree).includes('outside'), 'an object behind a link is in the tree');
      assert.deepEqual(
        readProbe(probeFile).filter((r) => r.kind === 'read'),
        [],
        'a file outside the workspace was read',
      );
    } finally {
      await stopServer(client);
    }
  });
});

describe('untrusted workspaces: what the README says is limited is what the extension restricts', () => {
  const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const trust = manifest.capabilities?.untrustedWorkspaces;
  const properties: Record<string, { type?: unknown; scope?: string }> =
    manifest.contributes.configuration.properties;

  it('declares limited support for untrusted workspaces, with the settings that choose which files are read restricted', () => {
    assert.equal(trust?.supported, 'limited');
    const restricted: string[] = trust.restrictedConfigurations;
    for (const setting of ['kubeMaturity.exclude', 'kubeMaturity.maxFileSize'])
      assert.ok(restricted.includes(setting), setting);
    for (const setting of restricted)
      assert.ok(setting in properties, `${setting} is restricted but not contributed`);
  });

  it('the README states the limits: the same restricted settings, and that nothing is run or fetched', () => {
    const section = readme.slice(
      readme.indexOf('**Workspace trust**'),
      readme.indexOf('\n\n', readme.indexOf('**Workspace trust**')),
    );
    assert.ok(section.length > 0, 'no "Workspace trust" paragraph in the README');
    assert.match(section, /untrusted/i);
    for (const setting of trust.restrictedConfigurations as string[])
      assert.ok(section.includes(setting), `the README's trust paragraph does not name ${setting}`);
    assert.match(section, /network/);
    assert.match(section, /run a program|execut/);
  });

  it('a setting names a program only where a workspace cannot set it: the machine-scoped rendering binaries', () => {
    const programs = ['kubeMaturity.helm.path', 'kubeMaturity.kustomize.path'];
    for (const [name, schema] of Object.entries(properties)) {
      assert.ok(schema.type !== undefined, `${name} has no type`);
      if (programs.includes(name)) {
        assert.equal((schema as { scope?: string }).scope, 'machine', `${name} must be machine-scoped`);
        continue;
      }
      assert.doesNotMatch(
        name,
        /path|command|executable|runtime|args|script|node|server\.(?!trace)|plugin|require/i,
        `${name} looks like something to run`,
      );
    }
    for (const name of programs) assert.ok(name in properties, `${name} is a setting`);
  });
});
