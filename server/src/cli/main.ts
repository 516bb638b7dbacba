import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread } from 'node:worker_threads';
import { createTwoFilesPatch } from 'diff';
import packageJson from '../../../package.json';
import { allControls } from '../controls';
import { NEWEST_KUBERNETES_VERSION } from '../controls/shared/deprecatedApis';
import { CONFIG_FILE_NAME, ConfigError, defaultSettings, parseConfig, type Settings } from '../engine/config';
import { type FixClass, SEVERITY_RANK, type Severity } from '../engine/control';
import { type Finding, WithFindings } from '../engine/result';
import type { MaturityModel } from '../engine/verdict';
import {
  checkWorkspace,
  fixWorkspace,
  type SourceFile,
  summarize,
  type WorkspaceResult,
} from '../engine/workspace';
import { type ChartRenderOptions, chartFolders } from '../render/charts';
import { kustomizeRoots } from '../render/kustomizations';
import { fixKustomizations, offerKustomizeFixes } from '../render/kustomizeFixes';
import { FindingPlacer } from '../render/placement';
import { fixCharts, offerChartFixes } from '../render/templateFixes';
import { resolveRenderTools } from '../render/tools';
import { placeRenderedFindings, renderWorkspace, type WorkspaceRenders } from '../render/workspaceRenders';
import { plural, renderReportHtml } from '../report/html';
import { jsonReportText } from '../report/json';
import type { Piece, Text } from '../report/jsonText';
import { buildMaturityReport } from '../report/maturity';
import { sarifReportText } from '../report/sarif';
import { textReportLines } from '../report/text';
import {
  DEFAULT_MAX_FILE_SIZE,
  decodeUtf8,
  findManifestPaths,
  type ManifestFile,
  readManifest,
  readRegularFileSync,
  type UnreadableFile,
} from '../workspaceFiles';
import { analyzeInWorkers, defaultJobs, workersFor } from './shardPool';

const VERSION: string = packageJson.version;
const STDIN_PATH = '<stdin>.yaml';
/** helm template: a minute, and 64 MiB of output, per chart. */
const RENDER_LIMITS = { timeoutMs: 60_000, maxOutputBytes: 64 * 1024 * 1024 };

const USAGE = `kube-maturity ${VERSION}: checks Kubernetes manifests against maturity controls

Usage:
  kube-maturity check [paths…] [options]     check files and directories (default: .), "-" reads stdin
  kube-maturity fix [paths…] [options]       apply the safe fixes in place (they cannot change what runs)
  kube-maturity controls [--format text|json]  list the controls

Options for check:
  --format text|json|sarif|html   output format (default: text); html: the maturity report as one
                             self-contained page (stages, next steps, namespaces and folders; one thread)
  --config FILE              configuration file (default: .kube-maturity.yaml in the checked directory or .)
  --model fairwinds|cncf     maturity lens (default: fairwinds)
  --fail-on error|warning|info|none   lowest severity that fails the run (default: error)
  --min-stage N              fail when the inferred stage (CNCF: level) is lower than N
  --max-file-size BYTES      skip larger files (default: ${DEFAULT_MAX_FILE_SIZE})
  --kubernetes-version 1.N   the Kubernetes version to check against: its schema, deprecated and removed
                             APIs (default: the configuration's kubernetesVersion, else ${NEWEST_KUBERNETES_VERSION})
  --show-exempt              list exempt findings in the text output
  --no-color                 plain text output
  --jobs N                   worker threads that parse and check the files (default 1: this thread only;
                             up to the cores; a run of fewer than 400 files, or with --render, uses one)
  --render                   render Helm charts (folders with a Chart.yaml) with helm template and
                             check what they would deploy, findings on the template lines
  --helm PATH                the helm binary for --render (default: helm on PATH)
  --kustomize PATH           kustomize or kubectl for --render (default: kustomize, else kubectl, on PATH);
                             each kustomization no other one uses is built, findings on its bases and patches

Options for fix:
  --controls id,id           only these controls' fixes, safe and review (review fixes change how
                             workloads run: read the diff)
  --review                   also apply every review fix
  --dry-run                  print a unified diff instead of writing files, review fixes first
  --render, --helm PATH       also fix rendered Helm charts: each fix edits the template or values file
                             that writes the field, and is applied only once the chart, rendered again
                             with it, no longer has the finding (they are review fixes)
  --kustomize PATH           with --render, also fix built kustomizations: each fix edits the patch that
                             set the field, the base when one root builds it, or adds a patch to each
                             overlay, applied only once the roots, built again with it, no longer have
                             the finding (review fixes); files a build reads are fixed only through it
  Draft fixes (new objects, values a person must choose) are never written: use the editor's quick fix.
  --config FILE, --max-file-size BYTES, --kubernetes-version 1.N as for check

Exit codes: 0 clean, 1 findings at or above --fail-on (or file problems, or stage below --min-stage;
for fix: unreadable files, files left unfixed for their problems, or fixes not applied), 2 usage or configuration error, 3 internal error (a bug).`;

class UsageError extends Error {}

/** `--fail-on`: the severities, and `none` above them all (nothing fails the run). */
const FAIL_ON_RANK: Record<Severity | 'none', number> = {
  info: SEVERITY_RANK.info,
  warning: SEVERITY_RANK.warning,
  error: SEVERITY_RANK.error,
  none: Number.POSITIVE_INFINITY,
};

interface Io {
  /** Settles once the text is written or queued within the stream's buffer (the reader keeps up). */
  stdout: (text: Text) => void | Promise<void>;
  /** True once the reader of stdout went away (`… | head`): nothing more is written. */
  stdoutClosed?: () => boolean;
  stderr: (text: string) => void;
  readStdin: () => Buffer;
  isTty: boolean;
}

/** A report's text is written in pieces of about this many characters. */
const REPORT_BATCH_CHARS = 64 * 1024;

/**
 * Writes a report piece by piece as it is made, waiting whenever the reader is behind (memory holds a
 * batch, not the report); stops making it once the reader went away.
 */
async function writeReport(pieces: Iterable<Piece>, io: Io): Promise<void> {
  let batch = '';
  for (const piece of pieces) {
    const text = typeof piece === 'string' || piece instanceof Uint8Array ? piece : await piece;
    if (typeof text === 'string') {
      batch += text;
      if (batch.length < REPORT_BATCH_CHARS) continue;
      await io.stdout(batch);
      batch = '';
      if (io.stdoutClosed?.()) return;
      continue;
    }
    // A worker's bytes, after the text before them, in batches (views of them, not copies).
    if (text.length > 0 && batch !== '') {
      await io.stdout(batch);
      batch = '';
    }
    for (let start = 0; start < text.length; start += REPORT_BATCH_CHARS) {
      await io.stdout(text.subarray(start, start + REPORT_BATCH_CHARS));
      if (io.stdoutClosed?.()) return;
    }
  }
  if (batch !== '') await io.stdout(batch);
}

/** Lines with their line ends; a promised piece is whole lines ('' for none). */
function* linesOf(lines: Iterable<Piece>): Generator<Piece> {
  for (const line of lines) {
    if (typeof line === 'string') {
      yield `${line}\n`;
      continue;
    }
    yield line;
    yield Promise.resolve(line).then((text) => (text.length === 0 ? '' : '\n'));
  }
}

/** The configuration, with `--kubernetes-version` over its kubernetesVersion. */
function loadSettings(
  configPath: string | undefined,
  paths: string[],
  kubernetesVersion: string | undefined,
): { settings: Settings; root: string; file?: { path: string; text: string } } {
  if (kubernetesVersion !== undefined && !/^1\.\d{1,3}$/.test(kubernetesVersion))
    throw new UsageError(`--kubernetes-version must look like 1.33, not "${kubernetesVersion}"`);
  const loaded = loadConfiguration(configPath, paths);
  if (kubernetesVersion !== undefined) loaded.settings = { ...loaded.settings, kubernetesVersion };
  return loaded;
}

function loadConfiguration(
  configPath: string | undefined,
  paths: string[],
): { settings: Settings; root: string; file?: { path: string; text: string } } {
  const knownIds = new Set(allControls.map((control) => control.meta.id));
  let file = configPath ? resolve(configPath) : undefined;
  if (configPath && !existsSync(file!)) throw new ConfigError(`${configPath}: configuration file not found`);
  if (!file) {
    const firstDirectory = paths.find(
      (path) => path !== '-' && existsSync(path) && statSync(path).isDirectory(),
    );
    const candidates = [firstDirectory, '.']
      .filter((dir): dir is string => dir !== undefined)
      .map((dir) => resolve(dir, CONFIG_FILE_NAME));
    file = candidates.find((candidate) => existsSync(candidate));
  }
  if (!file) return { settings: defaultSettings(), root: process.cwd() };
  let text: string;
  try {
    text = readRegularFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${file}: cannot read (${code ?? (error as Error).message})`);
  }
  return {
    settings: parseConfig(text, configPath ?? file, knownIds),
    root: dirname(file),
    file: { path: displayPath(file), text },
  };
}

/** A path as reports show it: relative to the current directory, with forward slashes. */
function displayPath(path: string): string {
  const relativePath = relative(process.cwd(), path);
  return (relativePath === '' || isAbsolute(relativePath) ? path : relativePath).split(sep).join('/');
}

async function readSources(paths: string[], settings: Settings, root: string, maxFileSize: number, io: Io) {
  const found = await findManifestPaths(
    paths.filter((path) => path !== '-'),
    { exclude: settings.exclude, root },
  );
  const sources: SourceFile[] = [];
  const unreadable: Array<{ file: string; reason: string; skipped?: boolean }> = found.missing.map(
    (entry) => ({ file: displayPath(entry.path), reason: entry.reason, skipped: entry.skipped }),
  );
  const read = await Promise.all(
    found.files.map((path) => readManifest(path, maxFileSize, { allowPipe: found.named.has(path) })),
  );
  for (const entry of read as Array<ManifestFile | UnreadableFile>) {
    if ('text' in entry) sources.push({ path: displayPath(entry.path), text: entry.text });
    else unreadable.push({ file: displayPath(entry.path), reason: entry.reason, skipped: entry.skipped });
  }
  if (paths.includes('-')) {
    const decoded = decodeUtf8(io.readStdin());
    if ('text' in decoded) sources.push({ path: STDIN_PATH, text: decoded.text });
    else unreadable.push({ file: STDIN_PATH, reason: decoded.reason });
  }
  return { sources, unreadable };
}

function parseModel(value: string | undefined): MaturityModel {
  if (value === undefined || value === 'fairwinds' || value === 'cncf') return value ?? 'fairwinds';
  throw new UsageError(`--model must be fairwinds or cncf, not "${value}"`);
}

function parseSize(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_FILE_SIZE;
  const size = Number(value);
  if (!Number.isInteger(size) || size <= 0)
    throw new UsageError(`--max-file-size must be a positive number of bytes, not "${value}"`);
  return size;
}

function parseJobs(value: string | undefined): number {
  if (value === undefined) return defaultJobs();
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256)
    throw new UsageError(`--jobs must be a number of threads from 1 to 256, not "${value}"`);
  return jobs;
}

function addUnreadable(
  result: WorkspaceResult,
  unreadable: Array<{ file: string; reason: string; skipped?: boolean }>,
): void {
  for (const entry of unreadable) {
    if (entry.skipped) result.analysis.skipped.push({ file: entry.file, reason: entry.reason });
    else result.analysis.problems.push({ file: entry.file, kind: 'read', message: entry.reason });
  }
}

/** The workspace as it would be deployed: charts rendered, then Kustomize roots built (--render). */
async function renderForCheck(
  sources: SourceFile[],
  given: { helm?: string; kustomize?: string },
  configured: Pick<ChartRenderOptions, 'charts' | 'configRoot' | 'configFile'>,
  io: Io,
): Promise<WorkspaceRenders> {
  const tools = resolveRenderTools(given, (path) => resolve(path));
  if (!tools.helm && chartFolders(sources).length > 0)
    io.stderr('kube-maturity: --render: helm is not on PATH; pass --helm PATH (the charts are skipped)\n');
  if (!tools.kustomize && kustomizeRoots(sources).length > 0)
    io.stderr(
      'kube-maturity: --render: neither kustomize nor kubectl is on PATH; pass --kustomize PATH (the kustomizations are checked file by file)\n',
    );
  return renderWorkspace(sources, tools, { ...configured, limits: RENDER_LIMITS });
}

/** Rendered findings back on the files that wrote them; the rendered files' skip reasons and problems. */
function addRendered(
  result: WorkspaceResult,
  renders: WorkspaceRenders,
  sources: readonly SourceFile[],
): void {
  const texts = new Map<string, string | undefined>(sources.map((source) => [source.path, source.text]));
  const parsed = new Map(result.analysis.objects.map((object) => [object.file.path, object.file]));
  const placer = new FindingPlacer(
    (path) => parsed.get(path),
    (path) => {
      if (!texts.has(path))
        try {
          texts.set(path, readRegularFileSync(resolve(path)));
        } catch {
          texts.set(path, undefined);
        }
      return texts.get(path);
    },
  );
  const placed = placeRenderedFindings([...result.analysis.eachFinding()], renders, placer);
  result.analysis = new WithFindings(result.analysis, placed);
  for (const rendered of [renders.charts, renders.kustomizations]) {
    if (!rendered) continue;
    result.analysis.skipped.push(...rendered.skipped);
    result.analysis.problems.push(...rendered.problems);
  }
}

/** When the report says it was made: SOURCE_DATE_EPOCH (whole seconds, for reproducible artifacts), else now. */
function reportDate(io: Io): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return new Date();
  const date = /^\d{1,12}$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
  if (date && !Number.isNaN(date.getTime())) return date;
  io.stderr(
    `kube-maturity: SOURCE_DATE_EPOCH must be whole seconds since 1970 ("${epoch}" is not): the report is dated now\n`,
  );
  return new Date();
}

const NAMED_FILES = 10;

/** The files the report cannot vouch for, named (the first few of each kind). */
function fileNotes(analysis: WorkspaceResult['analysis']): string[] {
  const notes = [
    `${plural(analysis.analyzedFiles, 'file')} analysed` +
      (analysis.renderedDocuments > 0 ? `, ${plural(analysis.renderedDocuments, 'rendered document')}` : '') +
      '.',
  ];
  const named = <T>(list: readonly T[], show: (entry: T) => string) =>
    list.slice(0, NAMED_FILES).map(show).join('; ') +
    (list.length > NAMED_FILES ? `; and ${list.length - NAMED_FILES} more` : '');
  if (analysis.problems.length > 0)
    notes.push(
      `${plural(analysis.problems.length, 'file problem')} (what is past them is not checked): ${named(
        analysis.problems,
        (problem) =>
          `${problem.file}${problem.range ? `:${problem.range.start.line + 1}` : ''} ${problem.message}`,
      )}.`,
    );
  if (analysis.skipped.length > 0)
    notes.push(
      `${plural(analysis.skipped.length, 'file')} skipped: ${named(analysis.skipped, (entry) => `${entry.file} (${entry.reason})`)}.`,
    );
  if (analysis.controlFailures.length > 0)
    notes.push(
      `Controls that failed to run: ${analysis.controlFailures.map((failure) => failure.control).join(', ')}.`,
    );
  return notes;
}

/** The maturity report page of a check. */
function htmlReport(result: WorkspaceResult, paths: readonly string[], io: Io, minStage?: number): string {
  const { analysis } = result;
  const notes = fileNotes(analysis);
  if (minStage !== undefined) {
    const unit = result.verdict.model === 'cncf' ? 'level' : 'stage';
    const inferred = result.verdict.stage ?? 0;
    notes.unshift(
      inferred < minStage
        ? `Below --min-stage ${minStage}: the inferred ${unit} is ${inferred}, so this check fails.`
        : `Meets --min-stage ${minStage}.`,
    );
  }
  const report = buildMaturityReport({
    name: paths
      .map((path) => (path === '.' ? basename(resolve(path)) : path === '-' ? 'standard input' : path))
      .join(', '),
    generated: reportDate(io),
    toolVersion: VERSION,
    verdict: result.verdict,
    score: result.score,
    breakdown: analysis.breakdown,
    findings: analysis.eachFinding(),
    display: (file) => ({ path: file }),
    notes,
  });
  return renderReportHtml([report]);
}

async function runCheck(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      config: { type: 'string' },
      model: { type: 'string' },
      'fail-on': { type: 'string' },
      'min-stage': { type: 'string' },
      'max-file-size': { type: 'string' },
      'kubernetes-version': { type: 'string' },
      'show-exempt': { type: 'boolean' },
      'no-color': { type: 'boolean' },
      jobs: { type: 'string' },
      render: { type: 'boolean' },
      helm: { type: 'string' },
      kustomize: { type: 'string' },
    },
  });
  const format = values.format ?? 'text';
  const jobs = parseJobs(values.jobs);
  if (!['text', 'json', 'sarif', 'html'].includes(format))
    throw new UsageError(`--format must be text, json, sarif or html, not "${format}"`);
  const failOn = (values['fail-on'] ?? 'error') as Severity | 'none';
  if (!Object.hasOwn(FAIL_ON_RANK, failOn))
    throw new UsageError(`--fail-on must be error, warning, info or none, not "${failOn}"`);
  const model = parseModel(values.model);
  const highest = model === 'cncf' ? 5 : 7;
  let minStage: number | undefined;
  if (values['min-stage'] !== undefined) {
    minStage = Number(values['min-stage']);
    if (!Number.isInteger(minStage) || minStage < 1 || minStage > highest) {
      const range = model === 'cncf' ? 'CNCF level from 1 to 5' : 'stage number from 1 to 7';
      throw new UsageError(`--min-stage must be a ${range}`);
    }
  }
  const paths = positionals.length > 0 ? positionals : ['.'];
  const {
    settings,
    root,
    file: configFile,
  } = loadSettings(values.config, paths, values['kubernetes-version']);
  const { sources, unreadable } = await readSources(
    paths,
    settings,
    root,
    parseSize(values['max-file-size']),
    io,
  );
  if (values.render && paths.includes('-'))
    io.stderr(
      'kube-maturity: --render renders the charts and kustomizations of folders; what stdin holds is checked as it is (pipe rendered output: helm template … | kube-maturity check -)\n',
    );
  const renders = values.render
    ? await renderForCheck(
        sources,
        { helm: values.helm, kustomize: values.kustomize },
        {
          charts: settings.render.charts,
          configRoot: root,
          configFile: configFile && { path: configFile.path, read: () => configFile.text },
        },
        io,
      )
    : undefined;
  // The HTML report reads every finding for its next steps' files: the workers' findings stay in the workers.
  const workers = renders || format === 'html' ? 1 : workersFor(sources.length, jobs);
  const workspaceOptions = { settings, controls: allControls, model };
  const pool = workers > 1 ? await analyzeInWorkers(sources, settings, workers) : undefined;
  const result = pool
    ? summarize(pool.analysis, workspaceOptions)
    : checkWorkspace(renders?.sources ?? sources, workspaceOptions);
  addUnreadable(result, unreadable);
  if (renders) addRendered(result, renders, sources);
  if (renders) {
    // Each rendered finding's fix as a fix of the chart or kustomization that wrote it, verified.
    const fixing = {
      limits: RENDER_LIMITS,
      settings,
      controls: allControls,
      sources: renders.sources,
      read: readWorkspaceText,
    };
    if (renders.charts && renders.charts.fixes.length > 0)
      await offerChartFixes(renders.charts, { ...fixing, helm: renders.tools.helm! });
    if (renders.kustomizations && renders.kustomizations.fixes.length > 0)
      await offerKustomizeFixes(renders.kustomizations, { ...fixing, tool: renders.tools.kustomize! });
  }

  try {
    const prepared = pool?.report;
    if (format === 'json') await writeReport(jsonReportText(result, VERSION, prepared), io);
    else if (format === 'sarif')
      await writeReport(sarifReportText(result, allControls, VERSION, undefined, prepared), io);
    else if (format === 'html') await writeReport([htmlReport(result, paths, io, minStage)], io);
    else {
      const color = !values['no-color'] && io.isTty && !process.env.NO_COLOR;
      const options = { color, showExempt: values['show-exempt'] };
      await writeReport(linesOf(textReportLines(result, options, prepared)), io);
    }
  } finally {
    await pool?.close();
  }

  // A failed check is one with findings not exempt, counted by its most severe one.
  const failing = result.analysis.tallies.some(
    (tally) =>
      (tally.failedErrors > 0 && FAIL_ON_RANK.error >= FAIL_ON_RANK[failOn]) ||
      (tally.failedWarnings > 0 && FAIL_ON_RANK.warning >= FAIL_ON_RANK[failOn]) ||
      (tally.failedInfos > 0 && FAIL_ON_RANK.info >= FAIL_ON_RANK[failOn]),
  );
  const problems = failOn !== 'none' && result.analysis.problems.length > 0;
  const inferred = result.verdict.stage ?? 0;
  const belowMinStage = minStage !== undefined && inferred < minStage;
  if (belowMinStage) {
    const unit = model === 'cncf' ? 'level' : 'stage';
    io.stderr(`kube-maturity: inferred ${unit} ${inferred} is below --min-stage ${minStage}\n`);
  }
  return failing || problems || belowMinStage ? 1 : 0;
}

function runControls(args: string[], io: Io): number {
  const { values } = parseArgs({ args, options: { format: { type: 'string' } } });
  const format = values.format ?? 'text';
  const rows = allControls.map(({ meta }) => ({
    id: meta.id,
    stage: meta.stage,
    category: meta.category,
    severity: meta.severity,
    title: meta.title,
    fix: meta.fix,
    ...(meta.fixEffect ? { fixEffect: meta.fixEffect } : {}),
  }));
  if (format === 'json') {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (format !== 'text') throw new UsageError(`--format must be text or json, not "${format}"`);
  const idWidth = Math.max(...rows.map((row) => row.id.length));
  for (const row of rows) {
    io.stdout(
      `${row.id.padEnd(idWidth)}  stage ${row.stage}  ${row.category.padEnd(11)}  ${row.severity.padEnd(7)}  ${row.fix.padEnd(9)}  ${row.title}\n`,
    );
  }
  return 0;
}

async function runFix(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      controls: { type: 'string' },
      review: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      config: { type: 'string' },
      'max-file-size': { type: 'string' },
      'kubernetes-version': { type: 'string' },
      render: { type: 'boolean' },
      helm: { type: 'string' },
      kustomize: { type: 'string' },
    },
  });
  const paths = positionals.length > 0 ? positionals : ['.'];
  if (paths.includes('-')) throw new UsageError('fix edits files in place: stdin ("-") is not supported');
  const { settings, root } = loadSettings(values.config, paths, values['kubernetes-version']);
  let controlIds: Set<string> | undefined;
  if (values.controls) {
    controlIds = new Set(
      values.controls
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    );
    const known = new Set(allControls.map((control) => control.meta.id));
    for (const id of controlIds)
      if (!known.has(id)) throw new UsageError(`unknown control "${id}" in --controls`);
  }
  const { sources, unreadable } = await readSources(
    paths,
    settings,
    root,
    parseSize(values['max-file-size']),
    io,
  );
  for (const entry of unreadable) io.stderr(`kube-maturity: ${entry.file}: ${entry.reason}\n`);
  const classes: FixClass[] = controlIds || values.review ? ['safe', 'review'] : ['safe'];
  const tools = values.render
    ? resolveRenderTools({ helm: values.helm, kustomize: values.kustomize }, (path) => resolve(path))
    : {};
  const kustomizations = tools.kustomize
    ? await fixKustomizations(sources, {
        tool: tools.kustomize,
        limits: RENDER_LIMITS,
        settings,
        controls: allControls,
        classes: new Set(classes),
        controlIds,
      })
    : undefined;
  // A file a build reads is fixed through the build (its base or patch), not as a file of its own.
  const result = fixWorkspace(
    kustomizations ? sources.filter((source) => !kustomizations.built.has(source.path)) : sources,
    { settings, controls: allControls, controlIds, classes },
  );
  const originals = new Map(sources.map((source) => [source.path, source.text]));
  const addRenderedFixes = (fixed: {
    applied: Finding[];
    changed: Map<string, string>;
    notApplied: Record<FixClass, number>;
  }) => {
    for (const [path, text] of fixed.changed) {
      if (!originals.has(path)) originals.set(path, readWorkspaceText(path) ?? '');
      result.changed.set(path, text);
    }
    for (const finding of fixed.applied) result.originalRanges.set(finding, finding.range);
    result.applied.push(...fixed.applied);
    for (const fixClass of ['safe', 'review', 'draft'] as const)
      result.notApplied[fixClass] += fixed.notApplied[fixClass];
  };
  if (values.render && !tools.helm && chartFolders(sources).length > 0)
    io.stderr('kube-maturity: --render: helm is not on PATH; pass --helm PATH (the charts are not fixed)\n');
  if (values.render && !tools.kustomize && kustomizeRoots(sources).length > 0)
    io.stderr(
      'kube-maturity: --render: neither kustomize nor kubectl is on PATH; pass --kustomize PATH (the kustomizations are fixed file by file)\n',
    );
  if (tools.helm) {
    const charts = await fixCharts(sources, {
      helm: tools.helm,
      limits: RENDER_LIMITS,
      settings,
      controls: allControls,
      charts: settings.render.charts,
      configRoot: root,
      classes: new Set(classes),
      controlIds,
    });
    addRenderedFixes(charts);
    for (const problem of charts.problems) {
      const where = problem.range ? `:${problem.range.start.line + 1}` : '';
      io.stderr(`kube-maturity: ${problem.file}${where}: ${problem.message} (its chart is not fixed)\n`);
    }
    if (charts.unverified > 0)
      io.stderr(
        `kube-maturity: ${charts.unverified} chart fix(es) not applied: re-rendered with them, the chart still had the finding or did not render\n`,
      );
  }
  if (kustomizations) {
    addRenderedFixes(kustomizations);
    if (kustomizations.unverified > 0)
      io.stderr(
        `kube-maturity: ${kustomizations.unverified} kustomization fix(es) not applied: built again with them, the kustomization still had the finding or did not build\n`,
      );
  }
  const lineOf = (finding: Finding) => result.originalRanges.get(finding)?.start.line;
  const reviewed = result.applied
    .filter((finding) => finding.fix?.class === 'review')
    .sort(
      (a, b) =>
        (a.file ?? '').localeCompare(b.file ?? '') ||
        (lineOf(a) ?? Number.MAX_SAFE_INTEGER) - (lineOf(b) ?? Number.MAX_SAFE_INTEGER),
    );
  // A rendered chart's fix edits its template or values file rather than the finding's.
  const editedFiles = (finding: Finding) =>
    new Set(
      finding.fix?.edits.some((edit) => edit.file)
        ? finding.fix.edits.map((edit) => edit.file)
        : [finding.file],
    );
  const reviewFiles = new Set(reviewed.flatMap((finding) => [...editedFiles(finding)]));
  if (values['dry-run'] && reviewed.length > 0) {
    io.stdout(`# ${reviewed.length} review fix(es): they change how the workloads run\n`);
    for (const finding of reviewed) {
      const line = lineOf(finding);
      // A finding that appeared only once an earlier fix was applied has no line in the file as it is.
      const where = line === undefined ? ' (after an earlier fix)' : `:${line + 1}`;
      io.stdout(
        `#   review  ${finding.file}${where}  ${finding.control}  ${finding.fix?.title}  (${finding.message})\n`,
      );
    }
    io.stdout('#\n');
  }
  // Files with review fixes first: they are the ones to read.
  const changed = [...result.changed].sort(
    ([a], [b]) => Number(reviewFiles.has(b)) - Number(reviewFiles.has(a)),
  );
  const fixesPerFile = new Map<string, number>();
  for (const finding of result.applied)
    for (const file of editedFiles(finding))
      if (file) fixesPerFile.set(file, (fixesPerFile.get(file) ?? 0) + 1);
  const unwritable: string[] = [];
  for (const [path, text] of changed) {
    if (values['dry-run']) {
      const shown = path.replace(/^\/+/, '');
      const label = reviewFiles.has(path) ? 'with review fixes' : 'safe fixes only';
      io.stdout(`# ${shown}: ${label}\n`);
      const patch = createTwoFilesPatch(
        `a/${shown}`,
        `b/${shown}`,
        originals.get(path)!,
        text,
        undefined,
        undefined,
        {
          context: 3,
        },
      );
      io.stdout(patch);
    } else {
      const problem = insideChecked(path, paths) ? writeAtomically(path, text) : 'outside the checked paths';
      if (problem) {
        unwritable.push(path);
        io.stderr(`kube-maturity: ${displayPath(path)}: not written (${problem}); the file is unchanged\n`);
      } else {
        io.stderr(`kube-maturity: wrote ${displayPath(path)} (${fixesPerFile.get(path) ?? 0} fix(es))\n`);
      }
    }
  }
  for (const finding of result.rejected) {
    io.stderr(
      `kube-maturity: not applied, the result would not parse: ${finding.file}: ${finding.control}: ${finding.message}\n`,
    );
  }
  for (const [path, count] of result.unreadFiles) {
    io.stderr(
      `kube-maturity: ${displayPath(path)}: not fixed (${count} fix(es) found): the file has problems that kept it from being read whole; see check, and correct them first\n`,
    );
  }
  const verb = values['dry-run'] ? 'would fix' : 'fixed';
  const reviewNote = reviewed.length > 0 ? ` (${reviewed.length} by review fixes)` : '';
  io.stderr(
    `kube-maturity: ${verb} ${result.applied.length} finding(s) in ${result.changed.size} file(s)${reviewNote}\n`,
  );
  if (result.notApplied.review > 0)
    io.stderr(
      `kube-maturity: ${result.notApplied.review} review fix(es) not applied: they change how workloads run; see them with --review --dry-run, apply them with --review or --controls\n`,
    );
  if (result.notApplied.draft > 0)
    io.stderr(
      `kube-maturity: ${result.notApplied.draft} draft fix(es) not written: they need values a person chooses; apply them from the editor\n`,
    );
  return result.rejected.length > 0 ||
    unreadable.length > 0 ||
    unwritable.length > 0 ||
    result.unreadFiles.size > 0
    ? 1
    : 0;
}

/**
 * Replaces a file's content without ever leaving it half written: the new text goes to a temporary file
 * in the same folder (same file system), is flushed, then renamed over the original, whose mode it keeps.
 * Returns why it could not, leaving the original as it was.
 */
/** True when `path` is one of the checked paths or inside a checked directory: what fix may write. */
function insideChecked(path: string, checked: readonly string[]): boolean {
  const absolute = resolve(path);
  return checked.some((given) => {
    const inside = relative(resolve(given), absolute);
    return inside === '' || (!inside.startsWith('..') && !isAbsolute(inside));
  });
}

function writeAtomically(path: string, text: string): string | undefined {
  const temporary = join(dirname(path), `.${basename(path)}.kube-maturity-${process.pid}.tmp`);
  let descriptor: number | undefined;
  try {
    if (!existsSync(path)) return writeNewFile(path, text);
    const info = statSync(path);
    if (!info.isFile()) return 'not a regular file';
    accessSync(path, constants.W_OK);
    descriptor = openSync(temporary, 'wx', info.mode & 0o7777);
    writeSync(descriptor, text);
    fsyncSync(descriptor);
    closeSync(descriptor);
    descriptor = undefined;
    renameSync(temporary, path);
    return undefined;
  } catch (error) {
    if (descriptor !== undefined) closeSync(descriptor);
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}: ${describeWriteError(code)}` : (error as Error).message;
  }
}

/** A file a fix creates (a chart's new template): written only where none is. */
function writeNewFile(path: string, text: string): string | undefined {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { flag: 'wx', mode: 0o644 });
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}: ${describeWriteError(code)}` : (error as Error).message;
  }
}

/** A workspace file's text, undefined when it cannot be read. */
function readWorkspaceText(path: string): string | undefined {
  try {
    return readRegularFileSync(resolve(path));
  } catch {
    return undefined;
  }
}

function describeWriteError(code: string): string {
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'not writable';
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'no space left on the device';
  return 'cannot write';
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (
      ['check', 'fix', 'controls'].includes(command ?? '') &&
      (rest.includes('--help') || rest.includes('-h'))
    ) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    switch (command) {
      case 'check':
        return await runCheck(rest, io);
      case 'fix':
        return await runFix(rest, io);
      case 'controls':
        return runControls(rest, io);
      case '--version':
      case '-v':
        io.stdout(`${VERSION}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`kube-maturity: configuration error: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`kube-maturity: ${(error as Error).message}\nRun "kube-maturity --help" for usage.\n`);
      return 2;
    }
    io.stderr(`kube-maturity: internal error: ${(error as Error).message}\n`);
    return 3;
  }
}

if (require.main === module && isMainThread) {
  // A reader that went away (`… | head`) ends the output quietly; the exit code still says what was found.
  let stdoutClosed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') stdoutClosed = true;
    else throw error;
  });
  main(process.argv.slice(2), {
    stdout: (text) => {
      if (stdoutClosed || process.stdout.write(text)) return;
      // The reader is behind (a pipe read slower than we write): wait for it rather than queue in memory.
      return new Promise<void>((resolve) => {
        const done = () => {
          for (const event of ['drain', 'close', 'error']) process.stdout.off(event, done);
          resolve();
        };
        for (const event of ['drain', 'close', 'error']) process.stdout.on(event, done);
      });
    },
    stdoutClosed: () => stdoutClosed,
    stderr: (text) => process.stderr.write(text),
    readStdin: () => readFileSync(0),
    isTty: Boolean(process.stdout.isTTY),
  }).then((code) => {
    process.exitCode = code;
  });
}
