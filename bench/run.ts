import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  cpSync,
  createReadStream,
  existsSync,
  fstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseAllDocuments, visit } from 'yaml';
import { allControls } from '../server/src/controls';
import { defaultSettings } from '../server/src/engine/config';
import { SCHEMA_CONTROL_IDS } from '../server/src/engine/schema';
import { checkWorkspace } from '../server/src/engine/workspace';
import { TYPING_RENDER_DELAY_MS } from '../server/src/lsp/workspaceState';
import { SERVER_NODE_OPTIONS } from '../server/src/protocol';
import { ChartTemplates } from '../server/src/render/chartTemplates';
import { type RenderedDocument, renderChart } from '../server/src/render/helm';
import { locate, renderedPathAt } from '../server/src/render/templateMap';
import { renderTools } from '../test/support/renderTools';
import {
  type GeneratedWorkspace,
  generateUnhardenedWorkspace,
  generateWorkspace,
  multiDocumentFile,
  removeWorkspace,
} from './generate';
import { LspDriver, type Publication, type Range, uriOf } from './lspDriver';
import { NETWORK_MARK } from './noNetwork';
import { median, p95, round } from './stats';

/**
 * `npm run bench`: the figures users feel, measured in one run as ratios against a floor measured on the
 * same machine in the same run, so that they mean something on any machine. Prints a table, writes
 * bench/results.json and exits non-zero when a goal is missed. Nothing here is hard-coded but the goals.
 */

const ROOT = (() => {
  let directory = __dirname;
  while (!existsSync(join(directory, 'tsconfig.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('project root not found');
    directory = parent;
  }
  return directory;
})();
const SERVER = join(ROOT, 'dist/server.js');
const CLI = join(ROOT, 'dist/cli.js');
const PEAK = join(__dirname, 'peak.js');
const FLOOR = join(__dirname, 'floor.js');
const YLS_LAUNCHER = join(__dirname, 'ylspLauncher.js');
const YLS_BIN = join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server');
const NO_NETWORK = join(__dirname, 'noNetwork.js');

// For a quicker look (the run then only prints): BENCH_ONLY=file,keys,scale,render,schema, BENCH_SIZES=1000,5000,
// BENCH_SHAPES=hardened,unhardened,
// BENCH_REPEATS=n, BENCH_KEYSTROKES=n (at least 50); BENCH_BASELINE=<an earlier build's checkout> adds start-up
// ratios against it.
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const KEYSTROKES = Math.max(50, Number(process.env.BENCH_KEYSTROKES ?? 60));
const WARMUP_KEYSTROKES = 10;
const CROSS_FILE_EDITS = 20;

interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The value must be at most this; null for a figure shown for context. */
  goal: number | null;
  ok: boolean | null;
}

const figures: Figure[] = [];
function figure(name: string, value: number, unit: string, goal: number | null = null): void {
  const digits = unit === 'ms' || unit === 'MB' ? 1 : unit === 'files/s' ? 0 : 2;
  const rounded = round(value, digits);
  figures.push({ name, value: rounded, unit, goal, ok: goal === null ? null : value <= goal });
  const goalText = goal === null ? '' : `  (goal ≤ ${goal} ${unit}: ${value <= goal ? 'met' : 'MISSED'})`;
  log(`  ${name}: ${rounded} ${unit}${goalText}`);
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

const MB = 1024 * 1024;

// 1. Analysis against parsing, in process, one 5,000-line file. ------------------------------------------

function singleFile(text: string): void {
  log('1. one 5,000-line file: full analysis against yaml parsing alone');
  const settings = defaultSettings();
  const analyse = () =>
    checkWorkspace([{ path: 'bench/apps.yaml', text }], { settings, controls: allControls });
  const parse = () => parseAllDocuments(text);
  const time = (run: () => unknown) => {
    const start = performance.now();
    run();
    return performance.now() - start;
  };
  for (let i = 0; i < 5; i++) {
    parse();
    analyse();
  }
  const parses: number[] = [];
  const analyses: number[] = [];
  // Interleaved, alternating which goes first, so that drift and GC debt fall on both alike; the ratio is
  // the median of the ratios of neighbouring runs, which a slower or busier stretch of the run cancels out.
  for (let i = 0; i < 40; i++) {
    if (i % 2 === 0) {
      parses.push(time(parse));
      analyses.push(time(analyse));
    } else {
      analyses.push(time(analyse));
      parses.push(time(parse));
    }
  }
  const result = analyse();
  log(
    `  ${text.split('\n').length} lines, ${result.analysis.objects.length} objects, ${result.analysis.findings.length} findings`,
  );
  figure('single file: yaml parse alone (median)', median(parses), 'ms');
  figure('single file: full analysis (median)', median(analyses), 'ms');
  const ratios = analyses.map((analysis, i) => analysis / parses[i]);
  figure('single file: analysis / parse', median(ratios), '×', 1.5);
}

// 2-3. Keystroke to diagnostics over LSP, kube-maturity and yaml-language-server. ---------------------------

const YAML_SETTINGS = {
  validate: true,
  hover: false,
  completion: false,
  format: { enable: false },
  schemas: {},
  schemaStore: { enable: false, url: '' },
  kubernetesCRDStore: { enable: false, url: '' },
  customTags: [],
  disableDefaultProperties: true,
};

function configuration(section: string | undefined): unknown {
  switch (section) {
    case 'kubeMaturity':
    case 'files.exclude':
      return {};
    case 'yaml':
      return YAML_SETTINGS;
    case 'http':
      return { proxy: '', proxyStrictSSL: false };
    case '[yaml]':
    case 'editor':
      return {};
    default:
      return null;
  }
}

interface Edit {
  range: Range;
  text: string;
}

/** Pairs of keystrokes spread over the file: type a character at the end of a line, then delete it. */
function planEdits(text: string, count: number): Edit[] {
  const lines = text.split('\n');
  const targets: Array<{ line: number; character: number; typed: string }> = [];
  lines.forEach((line, index) => {
    if (/^\s*replicas: \d+$/.test(line)) targets.push({ line: index, character: line.length, typed: '0' });
    else if (/^# /.test(line)) targets.push({ line: index, character: line.length, typed: 's' });
    else if (/^\s+image: \S+:\d+\.\d+\.\d+$/.test(line))
      targets.push({ line: index, character: line.length, typed: '1' });
    else if (/^\s+value: json$/.test(line)) targets.push({ line: index, character: line.length, typed: 'l' });
  });
  const pairs = Math.ceil(count / 2);
  const edits: Edit[] = [];
  for (let i = 0; i < pairs; i++) {
    const target = targets[Math.floor((i * targets.length) / pairs + ((i * 7) % 3)) % targets.length];
    const at = { line: target.line, character: target.character };
    edits.push({ range: { start: at, end: at }, text: target.typed });
    edits.push({ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' });
  }
  return edits.slice(0, count);
}

class Editor {
  version = 1;
  constructor(
    readonly driver: LspDriver,
    readonly uri: string,
  ) {}

  /** Sends one edit and resolves with the milliseconds until the server's diagnostics for it arrive. */
  async type(edit: Edit): Promise<number> {
    const version = ++this.version;
    const before = this.driver.published(this.uri);
    const start = performance.now();
    this.driver.change(this.uri, version, edit.range, edit.text);
    const publication = await this.driver.nextDiagnostics(
      this.uri,
      before,
      (p: Publication) => p.version === undefined || p.version === version,
    );
    return publication.at - start;
  }
}

/**
 * The same edits, in the same order, to two servers, who goes first alternating; the milliseconds of each
 * after the warm-up, per server.
 */
async function typeInBoth(editors: Editor[], edits: Edit[]): Promise<[number[], number[]]> {
  const times: [number[], number[]] = [[], []];
  for (const [index, edit] of edits.entries()) {
    const order = index % 2 === 0 ? [0, 1] : [1, 0];
    for (const which of order) {
      const elapsed = await editors[which].type(edit);
      if (index >= WARMUP_KEYSTROKES) times[which].push(elapsed);
    }
  }
  return times;
}

async function startYamlLanguageServer(name: string, args: string[], folder: string): Promise<LspDriver> {
  const driver = new LspDriver(name, args, configuration);
  await driver.initialize(folder);
  void driver.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: { yaml: YAML_SETTINGS },
  });
  await driver.waitFor(() => driver.sectionsRead.has('yaml'), 'yaml-language-server to read its settings');
  return driver;
}

async function keystrokes(text: string): Promise<void> {
  log('2-3. keystroke to diagnostics over LSP, against yaml-language-server');
  const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-bench-keys-'));
  try {
    await keystrokesIn(folder, text);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function keystrokesIn(folder: string, text: string): Promise<void> {
  const path = join(folder, 'apps.yaml');
  writeFileSync(path, text);
  const uri = uriOf(path);
  const ours = new LspDriver(
    'kube-maturity',
    [...SERVER_NODE_OPTIONS, '-r', NO_NETWORK, SERVER, '--stdio'],
    configuration,
  );
  await ours.initialize(folder);
  await ours.waitFor(
    () => ours.notifications.some((n) => n.method === 'kubeMaturity/resultsChanged'),
    'the initial scan',
  );
  const theirs = await startYamlLanguageServer(
    'yaml-language-server',
    ['-r', NO_NETWORK, YLS_LAUNCHER, '--stdio'],
    folder,
  );
  const editors = [new Editor(ours, uri), new Editor(theirs, uri)];
  for (const editor of editors) {
    const before = editor.driver.published(uri);
    editor.driver.open(uri, text, 1);
    await editor.driver.nextDiagnostics(uri, before);
  }
  const initial = ours.latest.get(uri)!;
  log(`  kube-maturity: ${initial.diagnostics.length} diagnostics on open`);

  const edits = planEdits(text, WARMUP_KEYSTROKES + KEYSTROKES);
  const times = await typeInBoth(editors, edits);
  const final = ours.latest.get(uri)!;
  const essentials = (p: Publication) =>
    JSON.stringify(p.diagnostics.map(({ range, code, message }) => ({ range, code, message })));
  if (essentials(final) !== essentials(initial))
    throw new Error(
      'kube-maturity: the diagnostics after the edits (which undo each other) differ from the first',
    );
  const oursRss = ours.memory();
  const theirsRss = theirs.memory();
  await ours.stop();
  await theirs.stop();

  // yaml-language-server as vscode-yaml ships it: its 200 ms debounce is what users wait for.
  const shipped = await startYamlLanguageServer(
    'yaml-language-server (as shipped)',
    ['-r', NO_NETWORK, YLS_BIN, '--stdio'],
    folder,
  );
  const shippedEditor = new Editor(shipped, uri);
  const before = shipped.published(uri);
  shipped.open(uri, text, 1);
  await shipped.nextDiagnostics(uri, before);
  const shippedTimes: number[] = [];
  for (const edit of edits.slice(0, 20)) shippedTimes.push(await shippedEditor.type(edit));
  await shipped.stop();
  for (const driver of [ours, theirs, shipped]) {
    if (driver.stderr.join('').includes(NETWORK_MARK))
      throw new Error(`${driver.name} tried to reach the network:\n${driver.stderr.join('')}`);
  }

  // The file's parse time, measured beside the keystrokes in this process (yaml, default options).
  const parses: number[] = [];
  for (let i = 0; i < 25; i++) {
    const start = performance.now();
    parseAllDocuments(text);
    if (i >= 5) parses.push(performance.now() - start);
  }
  figure('keystroke → diagnostics, kube-maturity (median)', median(times[0]), 'ms');
  figure('keystroke → diagnostics, kube-maturity (p95)', p95(times[0]), 'ms');
  figure('keystroke → diagnostics, yaml-language-server, no debounce (median)', median(times[1]), 'ms');
  figure('keystroke → diagnostics, yaml-language-server, no debounce (p95)', p95(times[1]), 'ms');
  figure('keystroke → diagnostics, yaml-language-server as shipped (median)', median(shippedTimes), 'ms');
  figure(
    'keystroke: kube-maturity / yaml-language-server (medians)',
    median(times[0]) / median(times[1]),
    '×',
    0.5,
  );
  figure('keystroke: the file parsed alone (median)', median(parses), 'ms');
  figure(
    'keystroke: kube-maturity / the file parsed alone (medians)',
    median(times[0]) / median(parses),
    '×',
    1.5,
  );
  figure('keystroke: server RSS after the edits, kube-maturity', oursRss.rss / MB, 'MB');
  figure('keystroke: server RSS after the edits, yaml-language-server', theirsRss.rss / MB, 'MB');
}

// 4-6. Workspace scale: two shapes, every report format to a file and into a slow pipe, the server. -----

const SLOW_READER = join(__dirname, 'slowReader.js');
const SHAPES = { hardened: generateWorkspace, unhardened: generateUnhardenedWorkspace };
type Shape = keyof typeof SHAPES;
const SHAPE_NAMES = (process.env.BENCH_SHAPES ?? 'hardened,unhardened').split(',') as Shape[];
const FORMATS = ['json', 'text', 'sarif'] as const;
type Format = (typeof FORMATS)[number];
type Sink = 'file' | 'slow pipe';
const SINKS: Sink[] = ['file', 'slow pipe'];
/** The goals' size: 10,000 files (or the largest measured). */
const LARGEST = Math.max(...SIZES);

interface ProcessRun {
  seconds: number;
  peakBytes: number;
  code: number | null;
}

interface OutputRun extends ProcessRun {
  /** What the reader got: the output file, or what the slow reader counted and hashed. */
  bytes: number;
  sha256: string;
  /** The output file's last 4 KB (a file sink only). */
  tail?: string;
}

/** The peak-RSS preload's report of a process that has exited. */
function peakOf(peakFile: string, what: string, stderr: string[]): number {
  if (!existsSync(peakFile))
    throw new Error(`${what} left no peak memory: ${stderr.join('').slice(0, 2000)}`);
  const { maxRssBytes } = JSON.parse(readFileSync(peakFile, 'utf8')) as { maxRssBytes: number };
  rmSync(peakFile, { force: true });
  return maxRssBytes;
}

let peakFiles = 0;
function peakFile(): string {
  return join(tmpdir(), `kube-maturity-bench-peak-${process.pid}-${++peakFiles}.json`);
}

/**
 * Runs a node script to its end with the peak-RSS preload, its stdout into a file or into the slow reader;
 * the time is the measured process's, from its start to its exit.
 */
async function runNode(args: string[], sink: Sink, keepOutputAt?: string): Promise<OutputRun> {
  const peak = peakFile();
  const env = { ...process.env, BENCH_PEAK_FILE: peak };
  const stderr: string[] = [];
  const outputPath = keepOutputAt ?? join(tmpdir(), `kube-maturity-bench-out-${process.pid}-${peakFiles}`);
  const out = sink === 'file' ? openSync(outputPath, 'w') : 'pipe';
  const start = performance.now();
  const child = spawn(process.execPath, ['-r', PEAK, ...args], { stdio: ['ignore', out, 'pipe'], env });
  child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
  let read: Promise<{ bytes: number; sha256: string }> | undefined;
  if (sink === 'slow pipe') {
    const reader = spawn(process.execPath, [SLOW_READER], { stdio: [child.stdout!, 'pipe', 'inherit'] });
    const said: string[] = [];
    reader.stdout!.on('data', (chunk) => said.push(String(chunk)));
    read = new Promise((resolve, reject) => {
      reader.on('error', reject);
      reader.on('exit', () => resolve(JSON.parse(said.join('')) as { bytes: number; sha256: string }));
    });
  }
  const [code, seconds] = await new Promise<[number | null, number]>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (exitCode) => resolve([exitCode, (performance.now() - start) / 1000]));
  });
  const peakBytes = peakOf(peak, args.join(' '), stderr);
  if (typeof out === 'number') {
    closeSync(out);
    const sha256 = createHash('sha256');
    let bytes = 0;
    for await (const chunk of createReadStream(outputPath)) {
      sha256.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    const tail = readTail(outputPath, 4096);
    if (!keepOutputAt) rmSync(outputPath, { force: true });
    return { seconds, peakBytes, code, bytes, sha256: sha256.digest('hex'), tail };
  }
  return { seconds, peakBytes, code, ...(await read!) };
}

function readTail(path: string, length: number): string {
  const descriptor = openSync(path, 'r');
  try {
    const size = fstatSync(descriptor).size;
    const tail = Buffer.alloc(Math.min(size, length));
    readSync(descriptor, tail, 0, tail.length, size - tail.length);
    return tail.toString('utf8');
  } finally {
    closeSync(descriptor);
  }
}

async function floorRun(workspace: GeneratedWorkspace): Promise<ProcessRun> {
  const run = await runNode([FLOOR, workspace.root], 'file');
  const count = Number(run.tail?.trim());
  if (count !== workspace.files.length)
    throw new Error(`the floor parsed ${count} files, not ${workspace.files.length}`);
  return run;
}

/**
 * The CLI's report of the workspace in one format: it must say every file was seen (JSON, SARIF: the
 * report's end; text: its summary line) and exit 1 (the workspaces have findings).
 */
async function cliRun(
  workspace: GeneratedWorkspace,
  format: Format,
  sink: Sink,
  jobs = 1,
): Promise<OutputRun> {
  const args = [CLI, 'check', '--format', format, '--no-color', '--jobs', String(jobs), workspace.root];
  const run = await runNode(args, sink);
  if (run.code !== 1) throw new Error(`the CLI (${format}, ${sink}) exited ${run.code}`);
  const { tail } = run;
  if (tail !== undefined) {
    const seen =
      format === 'json'
        ? /"analyzed": (\d+)/.exec(tail)?.[1]
        : format === 'text'
          ? /(\d+) file\(s\) analysed/.exec(tail)?.[1]
          : /"score": \d+\s*\}\s*\}\s*\]\s*\}\s*$/.test(tail)
            ? String(workspace.files.length)
            : undefined;
    if (Number(seen) !== workspace.files.length)
      throw new Error(
        `the CLI (${format}) report's end does not account for ${workspace.files.length} files`,
      );
  }
  return run;
}

/** Starts the server on the workspace; resolves when its initial scan and analysis have been published. */
async function serverScan(workspace: GeneratedWorkspace): Promise<{ run: ProcessRun; driver: LspDriver }> {
  const start = performance.now();
  const driver = new LspDriver('kube-maturity', [...SERVER_NODE_OPTIONS, SERVER, '--stdio'], configuration);
  await driver.initialize(workspace.root);
  const done = await driver.waitFor(
    () => driver.notifications.find((n) => n.method === 'kubeMaturity/resultsChanged'),
    'the initial scan',
  );
  const seconds = (done.at - start) / 1000;
  const { manifestFiles } = done.params as { manifestFiles: number };
  if (manifestFiles < workspace.files.length * 0.9)
    throw new Error(`the server indexed ${manifestFiles} of ${workspace.files.length} files`);
  return { run: { seconds, peakBytes: driver.memory().peak, code: 0 }, driver };
}

/**
 * Edits that toggle missing-pdb on the cross-file Deployment: a character typed at the end of the label
 * line the PodDisruptionBudget's selector (or the Deployment's pod template) holds, then deleted.
 */
function labelToggles(text: string): Edit[] {
  const lines = text.split('\n');
  const line = lines.findIndex((line) => /^\s+app\.kubernetes\.io\/name: /.test(line));
  const at = { line, character: lines[line].length };
  return [
    { range: { start: at, end: at }, text: 'x' },
    { range: { start: at, end: { line, character: at.character + 1 } }, text: '' },
  ];
}

/**
 * With the workspace indexed: a label edit in the PodDisruptionBudget's file, judged by the Deployment's
 * diagnostics in the other file (cross-file), and a one-character edit of the Deployment's own file,
 * judged by its own diagnostics (same-file), alternating.
 */
async function crossFile(
  driver: LspDriver,
  workspace: GeneratedWorkspace,
): Promise<{ crossFile: number[]; sameFile: number[] }> {
  const deploymentUri = uriOf(workspace.crossFile.deployment);
  const pdbUri = uriOf(workspace.crossFile.pdb);
  const pdbText = readFileSync(workspace.crossFile.pdb, 'utf8');
  const deploymentText = readFileSync(workspace.crossFile.deployment, 'utf8');
  let before = driver.published(deploymentUri);
  driver.open(deploymentUri, deploymentText);
  await driver.nextDiagnostics(deploymentUri, before);
  before = driver.published(pdbUri);
  driver.open(pdbUri, pdbText);
  await driver.nextDiagnostics(pdbUri, before);
  const missingPdb = (p: Publication) =>
    p.diagnostics.some((diagnostic) => diagnostic.code === 'missing-pdb');
  if (missingPdb(driver.latest.get(deploymentUri)!))
    throw new Error('the Deployment of the cross-file benchmark has no PodDisruptionBudget');
  // The Deployment's own edit leaves its labels alone (planEdits: a replica count, an image tag).
  const edits = { pdb: labelToggles(pdbText), deployment: planEdits(deploymentText, 2) };
  const versions = { pdb: 1, deployment: 1 };
  const times = { crossFile: [] as number[], sameFile: [] as number[] };
  for (let i = 0; i < CROSS_FILE_EDITS + 2; i++) {
    for (const edited of ['pdb', 'deployment'] as const) {
      const uri = edited === 'pdb' ? pdbUri : deploymentUri;
      const seen = driver.published(deploymentUri);
      const start = performance.now();
      const edit = edits[edited][i % 2];
      const version = ++versions[edited];
      driver.change(uri, version, edit.range, edit.text);
      const publication = await driver.nextDiagnostics(deploymentUri, seen, (p) =>
        edited === 'pdb' ? missingPdb(p) === (i % 2 === 0) : p.version === undefined || p.version === version,
      );
      if (i >= 2) (edited === 'pdb' ? times.crossFile : times.sameFile).push(publication.at - start);
    }
  }
  return times;
}

/** What the server holds once nothing has happened for a while: RSS sampled after 5 s of quiet. */
async function idleMemory(driver: LspDriver): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 5000));
  return driver.memory().rss;
}

interface ShapeFigures {
  cliSeconds: number;
  cliPeak: number;
  serverSeconds: number;
  serverPeak: number;
}

async function scale(): Promise<void> {
  log(
    '4-6. workspace scale: the CLI (every format, to a file and into a slow pipe) and the server against the parse floor',
  );
  for (const shape of SHAPE_NAMES) {
    const bySize = new Map<number, ShapeFigures>();
    for (const size of SIZES) bySize.set(size, await scaleOf(shape, size));
    const small = bySize.get(Math.min(...SIZES));
    const large = bySize.get(LARGEST);
    if (!small || !large || small === large) continue;
    const growth = `${shape}: growth ${Math.min(...SIZES).toLocaleString('en-US')} → ${LARGEST.toLocaleString('en-US')} files`;
    const goal = LARGEST / Math.min(...SIZES) + 1;
    figure(`${growth}: CLI --format json to a file, time`, large.cliSeconds / small.cliSeconds, '×', goal);
    figure(`${growth}: CLI --format json to a file, peak RSS`, large.cliPeak / small.cliPeak, '×', goal);
    figure(`${growth}: server initial scan, time`, large.serverSeconds / small.serverSeconds, '×', goal);
    figure(`${growth}: server initial scan, peak RSS`, large.serverPeak / small.serverPeak, '×', goal);
  }
}

/**
 * One shape at one size. At the largest size every format goes to a file and into the slow pipe; at the
 * others, JSON to a file (for growth). Each repeat starts with the next of its runs, so that none always
 * runs on a cooler machine; ratios are taken within a repeat (the floor beside the run it is compared
 * with) and their median reported.
 */
async function scaleOf(shape: Shape, size: number): Promise<ShapeFigures> {
  const workspace = SHAPES[shape](size);
  const label = `${shape}, ${size.toLocaleString('en-US')} files`;
  const judged = size === LARGEST;
  log(`  ${label} (${workspace.lines} lines, ${(workspace.bytes / MB).toFixed(1)} MB) in ${workspace.root}`);
  const outputs: Array<{ format: Format; sink: Sink; jobs?: number }> = judged
    ? [
        ...FORMATS.flatMap((format) => SINKS.map((sink) => ({ format, sink }))),
        { format: 'json', sink: 'file', jobs: 2 },
      ]
    : [{ format: 'json', sink: 'file' }];
  const nameOf = ({ format, sink, jobs }: (typeof outputs)[number]) =>
    `${format} ${sink}${jobs ? ` --jobs ${jobs}` : ''}`;
  const floors: ProcessRun[] = [];
  const clis = new Map<string, OutputRun[]>(outputs.map((output) => [nameOf(output), []]));
  const servers: ProcessRun[] = [];
  let sameFileAndCross: { crossFile: number[]; sameFile: number[] } | undefined;
  let idleRss: number | undefined;
  try {
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      let driver: LspDriver | undefined;
      const steps: Array<() => Promise<void>> = [
        async () => {
          floors.push(await floorRun(workspace));
        },
        ...outputs.map((output) => async () => {
          clis.get(nameOf(output))!.push(await cliRun(workspace, output.format, output.sink, output.jobs));
        }),
        async () => {
          const scan = await serverScan(workspace);
          servers.push(scan.run);
          driver = scan.driver;
        },
      ];
      for (let step = 0; step < steps.length; step++) await steps[(step + repeat) % steps.length]();
      log(
        `    run ${repeat + 1}: floor ${floors[repeat].seconds.toFixed(2)} s, ${[...clis]
          .map(([name, runs]) => `${name} ${runs[repeat].seconds.toFixed(2)} s`)
          .join(', ')}, server ${servers[repeat].seconds.toFixed(2)} s`,
      );
      if (repeat === REPEATS - 1 && judged) {
        sameFileAndCross = await crossFile(driver!, workspace);
        idleRss = await idleMemory(driver!);
      }
      await driver!.stop();
    }
  } finally {
    removeWorkspace(workspace.root);
  }
  for (const format of FORMATS) {
    const file = clis.get(`${format} file`);
    const pipe = clis.get(`${format} slow pipe`);
    if (file && pipe && (file[0].sha256 !== pipe[0].sha256 || file[0].bytes !== pipe[0].bytes))
      throw new Error(`${label}: the ${format} report through the slow pipe differs from the one in a file`);
  }
  const parallel = clis.get('json file --jobs 2');
  if (parallel && parallel[0].sha256 !== clis.get('json file')![0].sha256)
    throw new Error(`${label}: the JSON report with --jobs 2 differs from one thread's`);
  const ratioToFloor = (runs: ProcessRun[]) => median(runs.map((run, i) => run.seconds / floors[i].seconds));
  const peakMb = (runs: ProcessRun[]) => Math.max(...runs.map((run) => run.peakBytes)) / MB;
  figure(`${label}: parse floor, time`, median(floors.map((run) => run.seconds)), 's');
  figure(`${label}: parse floor, peak RSS`, peakMb(floors), 'MB');
  for (const [name, runs] of clis) {
    figure(`${label}: CLI ${name}, time`, median(runs.map((run) => run.seconds)), 's');
    figure(`${label}: CLI ${name}, report size`, runs[0].bytes / MB, 'MB');
    const twoWorkers = name.endsWith('--jobs 2');
    figure(
      `${label}: CLI ${name} / parse floor${twoWorkers ? '' : ' (one thread)'}`,
      ratioToFloor(runs),
      '×',
      judged ? (twoWorkers ? 1.5 : 2) : null,
    );
    figure(`${label}: CLI ${name}, peak RSS`, peakMb(runs), 'MB', judged ? 400 : null);
  }
  figure(`${label}: server initial scan, time`, median(servers.map((run) => run.seconds)), 's');
  figure(`${label}: server initial scan / parse floor`, ratioToFloor(servers), '×', judged ? 1.5 : null);
  figure(`${label}: server initial scan, peak RSS`, peakMb(servers), 'MB');
  if (sameFileAndCross) {
    const cross = median(sameFileAndCross.crossFile);
    const same = median(sameFileAndCross.sameFile);
    figure(`${label}: cross-file, PDB label edit → Deployment's diagnostics (median)`, cross, 'ms');
    figure(`${label}: same-file, Deployment edit → its diagnostics (median)`, same, 'ms');
    figure(`${label}: cross-file / same-file update`, cross / same, '×', 2);
  }
  if (idleRss !== undefined) figure(`${label}: idle server RSS`, idleRss / MB, 'MB', 350);
  const json = clis.get('json file')!;
  return {
    cliSeconds: median(json.map((run) => run.seconds)),
    cliPeak: peakMb(json),
    serverSeconds: median(servers.map((run) => run.seconds)),
    serverPeak: peakMb(servers),
  };
}

// 7. The schema's cost: start-up, keystroke and 10,000 files with its four controls on and off. ------------

const SCHEMA_OFF = Object.fromEntries([...SCHEMA_CONTROL_IDS].map((id) => [id, 'off']));
/** A Deployment with a misspelled key: the schema on must report it, off must not. */
const TYPO_DOCUMENT = `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: schema-bench-typo
spec:
  selector:
    matchLabels:
      app: schema-bench-typo
  template:
    metadata:
      labels:
        app: schema-bench-typo
    spec:
      containers:
        - name: app
          image: registry.example.com/app:1.0.0
          resouces:
            limits:
              cpu: 100m
`;

type SchemaMode = 'on' | 'off';
const SCHEMA_MODES: SchemaMode[] = ['on', 'off'];

function schemaConfiguration(mode: SchemaMode): (section: string | undefined) => unknown {
  return (section) =>
    section === 'kubeMaturity' ? (mode === 'off' ? { severity: SCHEMA_OFF } : {}) : configuration(section);
}

function hasSchemaFinding(publication: Publication): boolean {
  return publication.diagnostics.some((diagnostic) => diagnostic.code === 'unknown-field');
}

function expectSchema(mode: SchemaMode, reported: boolean, what: string): void {
  if (reported !== (mode === 'on'))
    throw new Error(
      `${what} with the schema ${mode}: the misspelled key was ${reported ? '' : 'not '}reported`,
    );
}

/** Spawn to the first diagnostics of a file opened at once: what a user waits for on opening a folder. */
/**
 * An earlier build to measure this one against (`BENCH_BASELINE=<a checkout built at an earlier commit>`):
 * its dist/server.js and dist/cli.js, schema or not, started as this build's are.
 */
const BASELINE = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : undefined;

async function serverStartUp(
  folder: string,
  path: string,
  mode: SchemaMode,
  server = SERVER,
): Promise<number> {
  const start = performance.now();
  const driver = new LspDriver(
    'kube-maturity',
    [...SERVER_NODE_OPTIONS, '-r', NO_NETWORK, server, '--stdio'],
    schemaConfiguration(mode),
  );
  await driver.initialize(folder);
  const uri = uriOf(path);
  driver.open(uri, readFileSync(path, 'utf8'), 1);
  const publication = await driver.nextDiagnostics(uri, 0);
  await driver.stop();
  if (server === SERVER) expectSchema(mode, hasSchemaFinding(publication), 'server start-up');
  return publication.at - start;
}

async function cliSchemaRun(
  target: string,
  configPath: string,
  mode: SchemaMode,
  cli = CLI,
): Promise<ProcessRun> {
  const output = join(tmpdir(), `kube-maturity-bench-schema-${process.pid}.json`);
  const args = [cli, 'check', '--format', 'json', '--fail-on', 'none', target];
  if (mode === 'off') args.push('--config', configPath);
  const run = await runNode(args, 'file', output);
  const report = JSON.parse(readFileSync(output, 'utf8')) as { findings: Array<{ control: string }> };
  rmSync(output, { force: true });
  if (run.code !== 0) throw new Error(`${cli} exited ${run.code} with the schema ${mode}`);
  if (cli === CLI)
    expectSchema(
      mode,
      report.findings.some((finding) => finding.control === 'unknown-field'),
      'the CLI',
    );
  return run;
}

/** Median of the on/off ratios of neighbouring runs, each pair led by on and off in turn. */
async function pairedRatio(
  count: number,
  measure: (mode: SchemaMode) => Promise<number>,
): Promise<{ on: number[]; off: number[]; ratios: number[] }> {
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < count; i++) {
    const order = i % 2 === 0 ? SCHEMA_MODES : [...SCHEMA_MODES].reverse();
    for (const mode of order) (mode === 'on' ? on : off).push(await measure(mode));
  }
  return { on, off, ratios: on.map((value, i) => value / off[i]) };
}

async function schemaCost(text: string): Promise<void> {
  log('7. the schema: start-up, keystroke and 10,000 files with its four controls on and off');
  // The CLI's configuration with the four off, outside the workspaces it checks.
  const configFolder = mkdtempSync(join(tmpdir(), 'kube-maturity-bench-schema-config-'));
  const configPath = join(configFolder, 'schema-off.kube-maturity.yaml');
  writeFileSync(configPath, `controls:\n${[...SCHEMA_CONTROL_IDS].map((id) => `  ${id}: off\n`).join('')}`);
  try {
    await schemaCostWith(text, configPath);
  } finally {
    rmSync(configFolder, { recursive: true, force: true });
  }
}

async function schemaCostWith(text: string, configPath: string): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-bench-schema-'));
  try {
    // The sample workspace's shop, one file of it with a misspelled key, opened as the server starts.
    cpSync(join(ROOT, 'examples/shop'), join(folder, 'one'), { recursive: true });
    const small = join(folder, 'one', 'cart.yaml');
    writeFileSync(small, `${readFileSync(small, 'utf8').trimEnd()}\n${TYPO_DOCUMENT}`);
    const startUps = await pairedRatio(REPEATS * 2, (mode) =>
      serverStartUp(join(folder, 'one'), small, mode),
    );
    figure('schema: server start-up → first diagnostics, on (median)', median(startUps.on), 'ms');
    figure('schema: server start-up → first diagnostics, off (median)', median(startUps.off), 'ms');
    figure('schema: server start-up, on / off', median(startUps.ratios), '×', 1.2);
    const cliStartUps = await pairedRatio(REPEATS * 2, async (mode) => {
      const run = await cliSchemaRun(small, configPath, mode);
      return run.seconds * 1000;
    });
    figure('schema: CLI on one file, on (median)', median(cliStartUps.on), 'ms');
    figure('schema: CLI on one file, off (median)', median(cliStartUps.off), 'ms');
    figure('schema: CLI on one file, on / off', median(cliStartUps.ratios), '×', 1.2);
    if (BASELINE) {
      // "on" is this build with the schema, "off" the baseline build as it is.
      const server = join(BASELINE, 'dist/server.js');
      const cli = join(BASELINE, 'dist/cli.js');
      const servers = await pairedRatio(REPEATS * 2, (mode) =>
        mode === 'on'
          ? serverStartUp(join(folder, 'one'), small, 'on')
          : serverStartUp(join(folder, 'one'), small, 'on', server),
      );
      figure(`schema: server start-up, this build / ${BASELINE}`, median(servers.ratios), '×', 1.2);
      const clis = await pairedRatio(REPEATS * 2, async (mode) => {
        const run = await cliSchemaRun(small, configPath, 'on', mode === 'on' ? CLI : cli);
        return run.seconds * 1000;
      });
      figure(`schema: CLI on one file, this build / ${BASELINE}`, median(clis.ratios), '×', 1.2);
    }

    const path = join(folder, 'apps.yaml');
    const typed = `${text.trimEnd()}\n${TYPO_DOCUMENT}`;
    writeFileSync(path, typed);
    const uri = uriOf(path);
    const editorOf = async (mode: SchemaMode, server = SERVER): Promise<Editor> => {
      const driver = new LspDriver(
        `kube-maturity (schema ${mode})`,
        [...SERVER_NODE_OPTIONS, '-r', NO_NETWORK, server, '--stdio'],
        schemaConfiguration(mode),
      );
      await driver.initialize(folder);
      driver.open(uri, typed, 1);
      const first = await driver.nextDiagnostics(uri, 0);
      if (server === SERVER) expectSchema(mode, hasSchemaFinding(first), 'keystrokes');
      return new Editor(driver, uri);
    };
    const edits = planEdits(typed, WARMUP_KEYSTROKES + KEYSTROKES);
    const pairRatio = (times: [number[], number[]]) =>
      median(times[0].map((value, i) => value / times[1][i]));
    const editors = [await editorOf('on'), await editorOf('off')];
    const times = await typeInBoth(editors, edits);
    for (const editor of editors) await editor.driver.stop();
    figure('schema: keystroke → diagnostics, on (median)', median(times[0]), 'ms');
    figure('schema: keystroke → diagnostics, off (median)', median(times[1]), 'ms');
    figure('schema: keystroke, on / off (median of neighbouring pairs)', pairRatio(times), '×', 1.2);
    if (BASELINE) {
      const against = [await editorOf('on'), await editorOf('on', join(BASELINE, 'dist/server.js'))];
      const baselineTimes = await typeInBoth(against, edits);
      for (const editor of against) await editor.driver.stop();
      figure(`schema: keystroke, this build / ${BASELINE}`, pairRatio(baselineTimes), '×', 1.2);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }

  const size = Math.max(...SIZES);
  const workspace = generateWorkspace(size);
  const label = size.toLocaleString('en-US');
  try {
    const first = workspace.files.find((file) => file.endsWith('.yaml') && !file.includes('kustomization'))!;
    writeFileSync(first, `${readFileSync(first, 'utf8').trimEnd()}\n${TYPO_DOCUMENT}`);
    const cli = await pairedRatio(
      REPEATS,
      async (mode) => (await cliSchemaRun(workspace.root, configPath, mode)).seconds,
    );
    figure(`schema: ${label} files, CLI --format json, on (median)`, median(cli.on), 's');
    figure(`schema: ${label} files, CLI --format json, off (median)`, median(cli.off), 's');
    figure(`schema: ${label} files, CLI --format json, on / off`, median(cli.ratios), '×', 1.2);
    const firstUri = uriOf(first);
    const server = await pairedRatio(REPEATS, async (mode) => {
      const start = performance.now();
      const driver = new LspDriver(
        'kube-maturity',
        [...SERVER_NODE_OPTIONS, '-r', NO_NETWORK, SERVER, '--stdio'],
        schemaConfiguration(mode),
      );
      await driver.initialize(workspace.root);
      const done = await driver.waitFor(
        () => driver.notifications.find((n) => n.method === 'kubeMaturity/resultsChanged'),
        'the initial scan',
      );
      const { manifestFiles } = done.params as { manifestFiles: number };
      if (manifestFiles < workspace.files.length * 0.9)
        throw new Error(
          `the server (schema ${mode}) indexed ${manifestFiles} of ${workspace.files.length} files`,
        );
      const before = driver.published(firstUri);
      driver.open(firstUri, readFileSync(first, 'utf8'), 1);
      expectSchema(mode, hasSchemaFinding(await driver.nextDiagnostics(firstUri, before)), 'the server scan');
      await driver.stop();
      return (done.at - start) / 1000;
    });
    figure(`schema: ${label} files, server initial scan, on (median)`, median(server.on), 's');
    figure(`schema: ${label} files, server initial scan, off (median)`, median(server.off), 's');
    figure(`schema: ${label} files, server initial scan, on / off`, median(server.ratios), '×', 1.2);
  } finally {
    removeWorkspace(workspace.root);
  }
}

// The table and results.json. ------------------------------------------------------------------------------

// 4. Helm charts: helm template against the mapping of every rendered key back to its template line. ----

/**
 * Maps every key of a chart's rendered documents to its template line, as `check --render` maps findings
 * (the rendered documents parsed beforehand, as the analysis parses them: not counted as mapping).
 */
function mapEveryKey(
  chartDir: string,
  documents: ReadonlyArray<{
    document: RenderedDocument;
    parsed: ReturnType<typeof parseAllDocuments>[number] | undefined;
  }>,
): number {
  const templates = new ChartTemplates(chartDir);
  let mapped = 0;
  for (const { document, parsed } of documents) {
    const skeleton = templates.documentFor(document, parsed?.contents, parsed?.get('kind'));
    if (!skeleton || !parsed) continue;
    visit(parsed, {
      Pair(_key, pair) {
        const range = (pair.key as { range?: [number, number, number] } | null)?.range;
        if (!range) return;
        locate(skeleton, renderedPathAt(parsed.contents, range[0]), templates.defines);
        mapped++;
      },
    });
  }
  return mapped;
}

async function rendering(): Promise<void> {
  log('4. Helm charts: helm template, and mapping every rendered key to its template line');
  const available = renderTools();
  if ('unavailable' in available) {
    log(`  skipped: ${available.unavailable}`);
    return;
  }
  const helm = available.tools[0].helm;
  const corpus = resolve(ROOT, process.env.KUBE_MATURITY_CORPUS || '../shared/corpus');
  const charts = [
    ['fixture webapp', join(ROOT, 'test/fixtures/repos/helm/webapp')],
    ['podinfo', join(corpus, 'podinfo/charts/podinfo')],
    ['ingress-nginx', join(corpus, 'ingress-nginx/charts/ingress-nginx')],
  ].filter(([, chartDir]) => existsSync(chartDir));
  for (const [name, chartDir] of charts) {
    const renders: number[] = [];
    const mappings: number[] = [];
    let keys = 0;
    for (let run = 0; run < 5; run++) {
      const start = performance.now();
      const outcome = await renderChart(
        helm,
        { chartDir, release: 'bench', namespace: 'bench', valuesFiles: [], set: {} },
        { timeoutMs: 120_000, maxOutputBytes: 64 * MB },
      );
      renders.push(performance.now() - start);
      if (outcome.kind !== 'rendered') throw new Error(`${name}: ${JSON.stringify(outcome)}`);
      const parsed = outcome.documents.map((document) => ({
        document,
        parsed: parseAllDocuments(document.text)[0],
      }));
      const mapStart = performance.now();
      keys = mapEveryKey(chartDir, parsed);
      mappings.push(performance.now() - mapStart);
    }
    log(`  ${name}: ${keys} rendered keys`);
    figure(`${name} chart: helm template (median)`, median(renders), 'ms');
    figure(`${name} chart: mapping every key (median)`, median(mappings), 'ms');
    figure(`${name} chart: mapping / render`, median(mappings) / median(renders), '×', 0.5);
    const keystrokeTemplate: string | undefined = (
      { podinfo: 'deployment.yaml', 'ingress-nginx': 'controller-deployment.yaml' } as Record<string, string>
    )[name];
    if (keystrokeTemplate) await templateKeystrokes(helm, chartDir, name, keystrokeTemplate);
  }
}

/**
 * A keystroke in a chart's template: the server renders the chart again (after the typing pause) and the
 * diagnostics follow the render. Measured against the same chart's render time and an ordinary keystroke
 * in a plain manifest of the same workspace, in the same server.
 */
async function templateKeystrokes(
  helm: string,
  chartDir: string,
  name: string,
  templateFile: string,
): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-bench-template-'));
  try {
    cpSync(chartDir, join(folder, 'chart'), { recursive: true });
    const plainPath = join(folder, 'plain.yaml');
    writeFileSync(plainPath, multiDocumentFile(500));
    const settings = (section: string | undefined) =>
      section === 'kubeMaturity' ? { helm: { path: helm } } : configuration(section);
    const driver = new LspDriver(
      'kube-maturity',
      [...SERVER_NODE_OPTIONS, '-r', NO_NETWORK, SERVER, '--stdio'],
      settings,
    );
    await driver.initialize(folder);
    await driver.connection.sendRequest('kubeMaturity/rendersIdle', {});
    const templatePath = join(folder, 'chart/templates', templateFile);
    const template = readFileSync(templatePath, 'utf8');
    // Typing a replica count of 3 over the template's `{{ .Values.replicaCount }}` clears single-replica.
    const line = template.split('\n').findIndex((text) => /^\s*replicas: \{\{/.test(text));
    if (line < 0) throw new Error(`${name}: no replicas line in templates/${templateFile}`);
    const lineText = template.split('\n')[line];
    const valueAt = lineText.indexOf('{{');
    const original = lineText.slice(valueAt);
    const templateUri = uriOf(templatePath);
    const plainUri = uriOf(plainPath);
    let version = 1;
    const hasSingleReplica = (p: Publication) => p.diagnostics.some((d) => d.code === 'single-replica');
    let before = driver.published(templateUri);
    driver.open(templateUri, template, version);
    await driver.nextDiagnostics(templateUri, before, hasSingleReplica);
    before = driver.published(plainUri);
    driver.open(plainUri, readFileSync(plainPath, 'utf8'), 1);
    await driver.nextDiagnostics(plainUri, before);
    const plain = new Editor(driver, plainUri);
    const plainEdits = planEdits(readFileSync(plainPath, 'utf8'), 20);
    const plainTimes: number[] = [];
    for (const edit of plainEdits) plainTimes.push(await plain.type(edit));
    const templateTimes: number[] = [];
    // The chart rendered directly before each keystroke: the render time the keystroke is judged by is
    // measured in the same minute (these machines' speed drifts from one hour to the next).
    const renderTimes: number[] = [];
    let current = original;
    for (let round = 0; round < 30; round++) {
      // Each text is new (a comment counts the rounds): every round renders, none comes from the cache.
      const finding = round % 2 === 1;
      const next = `${finding ? original : '3'} # round ${round}`;
      const range = {
        start: { line, character: valueAt },
        end: { line, character: valueAt + current.length },
      };
      const renderStart = performance.now();
      await renderChart(
        helm,
        { chartDir: join(folder, 'chart'), release: 'release', valuesFiles: [], set: {} },
        { timeoutMs: 120_000, maxOutputBytes: 64 * MB },
      );
      renderTimes.push(performance.now() - renderStart);
      version++;
      before = driver.published(templateUri);
      const start = performance.now();
      driver.change(templateUri, version, range, next);
      const expectFinding = finding;
      const publication = await driver.nextDiagnostics(
        templateUri,
        before,
        (p) => p.version === version && hasSingleReplica(p) === expectFinding,
      );
      templateTimes.push(publication.at - start);
      current = next;
    }
    await driver.stop();
    const keystroke = median(plainTimes);
    const template_ = median(templateTimes);
    figure(`${name} chart: template keystroke → rendered diagnostics (median)`, template_, 'ms');
    figure(`${name} chart: typing pause before a render`, TYPING_RENDER_DELAY_MS, 'ms');
    figure(`${name} chart: helm template beside the keystrokes (median)`, median(renderTimes), 'ms');
    figure(`${name} chart: ordinary keystroke in the same server (median)`, keystroke, 'ms');
    figure(
      `${name} chart: (template keystroke − pause) / (render + 1.5 × keystroke)`,
      (template_ - TYPING_RENDER_DELAY_MS) / (median(renderTimes) + 1.5 * keystroke),
      '×',
      1,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}, ${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM, ${process.platform} ${process.arch}, Node ${process.version}`;
}

function table(): string {
  const rows = figures.map((f) => [
    f.name,
    `${f.value} ${f.unit}`,
    f.goal === null ? '' : `≤ ${round(f.goal, 2)} ${f.unit}`,
    f.ok === null ? '' : f.ok ? 'met' : 'MISSED',
  ]);
  const header = ['figure', 'value', 'goal', ''];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  for (const required of [SERVER, CLI, YLS_BIN]) {
    if (!existsSync(required)) throw new Error(`${required} is missing: run npm run build (and npm ci)`);
  }
  const only = process.env.BENCH_ONLY?.split(',');
  const text = multiDocumentFile(5000);
  if (!only || only.includes('file')) singleFile(text);
  if (!only || only.includes('keys')) await keystrokes(text);
  if (!only || only.includes('scale')) await scale();
  if (!only || only.includes('render')) await rendering();
  if (!only || only.includes('schema')) await schemaCost(text);

  const date = new Date().toISOString();
  const results = {
    machine: machine(),
    date,
    durationSeconds: round((Date.now() - started) / 1000, 1),
    figures,
  };
  // Only a full run with the default inputs is the record; a partial one (BENCH_* set) only prints.
  const partial = [
    'BENCH_ONLY',
    'BENCH_SIZES',
    'BENCH_SHAPES',
    'BENCH_REPEATS',
    'BENCH_KEYSTROKES',
    'BENCH_BASELINE',
  ].some((name) => process.env[name] !== undefined);
  if (!partial) writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(
    `\nkube-maturity benchmarks: ${results.machine}\n${date}, ${results.durationSeconds} s\n\n`,
  );
  process.stdout.write(`${table()}\n`);
  const missed = figures.filter((f) => f.ok === false);
  if (missed.length > 0) {
    process.stdout.write(`\n${missed.length} goal(s) missed: ${missed.map((f) => f.name).join('; ')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write('\nEvery goal met.\n');
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(2);
});
