/**
 * What `fix` and `check` do at the edges of the file system (issue 10): writes that never leave a file half
 * written, files that cannot be written, byte-order marks, pipes, FIFOs and a closed stdout.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { runCli } from '../support/cli';
import { CLI } from '../support/paths';

/** A Deployment whose only safe fix (the shadowed MODE entry) grows nothing; others are review. */
const SHADOWED_ENV = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          env:
            - name: MODE
              value: debug
            - name: MODE
              value: production
`;

/** Its safe fix adds a label: the file grows. */
const UNLABELLED = SHADOWED_ENV.replace('  labels:\n    app.kubernetes.io/name: web\n', '');

function directory(): string {
  return mkdtempSync(join(tmpdir(), 'kube-maturity-io-'));
}

const NOBODY = 65534;

describe('fix writes every file whole, or not at all', () => {
  it('a file the user cannot write is a file problem (exit 1); the others are written and named', () => {
    const folder = directory();
    chmodSync(folder, 0o777);
    writeFileSync(join(folder, 'a-mine.yaml'), SHADOWED_ENV);
    chownSync(join(folder, 'a-mine.yaml'), NOBODY, NOBODY);
    writeFileSync(join(folder, 'b-locked.yaml'), SHADOWED_ENV, { mode: 0o644 });
    writeFileSync(join(folder, 'c-mine.yaml'), SHADOWED_ENV);
    chownSync(join(folder, 'c-mine.yaml'), NOBODY, NOBODY);
    // As an ordinary user: root may write anything. The bundled CLI is copied where that user can read it
    // (the checkout may sit in a folder only root can enter).
    const tools = mkdtempSync(join(tmpdir(), 'kube-maturity-cli-copy-'));
    chmodSync(tools, 0o755);
    copyFileSync(CLI, join(tools, 'cli.js'));
    const run = spawnSync(process.execPath, [join(tools, 'cli.js'), 'fix', '.'], {
      cwd: folder,
      uid: NOBODY,
      gid: NOBODY,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(run.status, 1, run.stderr);
    assert.doesNotMatch(run.stderr, /internal error/);
    assert.match(run.stderr, /b-locked\.yaml: not written \(EACCES: not writable\); the file is unchanged/);
    assert.match(run.stderr, /wrote a-mine\.yaml \(1 fix\(es\)\)/);
    assert.match(run.stderr, /wrote c-mine\.yaml \(1 fix\(es\)\)/);
    assert.equal(readFileSync(join(folder, 'b-locked.yaml'), 'utf8'), SHADOWED_ENV);
    for (const name of ['a-mine.yaml', 'c-mine.yaml'])
      assert.doesNotMatch(readFileSync(join(folder, name), 'utf8'), /value: debug/, name);
    assert.deepEqual(
      readdirSync(folder).sort(),
      ['a-mine.yaml', 'b-locked.yaml', 'c-mine.yaml'],
      'no temporary file left',
    );
  });

  describe('on a full disk', () => {
    const mountPoint = directory();
    let mounted = false;
    after(() => {
      if (mounted) execFileSync('umount', [mountPoint]);
    });

    it('the original stays whole and byte-identical, and the run says which file was not written', () => {
      // A 12 KiB file system filled up to a few bytes: the fixed file cannot be written beside the original.
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=12k', 'tmpfs', mountPoint]);
      mounted = true;
      const manifest = join(mountPoint, 'web.yaml');
      writeFileSync(manifest, UNLABELLED);
      let filler = 0;
      for (;;) {
        try {
          writeFileSync(join(mountPoint, `filler-${filler++}`), Buffer.alloc(1024, 32));
        } catch {
          break;
        }
      }
      const run = runCli(['fix', '.'], { cwd: mountPoint });
      assert.equal(run.status, 1, run.stderr);
      assert.match(
        run.stderr,
        /web\.yaml: not written \(ENOSPC: no space left on the device\); the file is unchanged/,
      );
      assert.equal(readFileSync(manifest, 'utf8'), UNLABELLED);
      assert.ok(!readdirSync(mountPoint).some((name) => name.endsWith('.tmp')), 'no temporary file left');
    });
  });

  it('keeps the byte-order mark of every rewritten file', () => {
    const folder = directory();
    writeFileSync(join(folder, 'web.yaml'), `\uFEFF${SHADOWED_ENV}`);
    writeFileSync(join(folder, 'crlf.yaml'), `\uFEFF${SHADOWED_ENV.replace(/\n/g, '\r\n')}`);
    const dry = runCli(['fix', '--dry-run', '.'], { cwd: folder });
    assert.equal(dry.status, 0, dry.stderr);
    assert.doesNotMatch(dry.stdout, /\uFEFF/, 'the diff shows no change of the mark');
    const run = runCli(['fix', '.'], { cwd: folder });
    assert.equal(run.status, 0, run.stderr);
    const fixed = readFileSync(join(folder, 'web.yaml'));
    assert.deepEqual([...fixed.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.doesNotMatch(fixed.toString('utf8'), /value: debug/);
    const crlf = readFileSync(join(folder, 'crlf.yaml'), 'utf8');
    assert.ok(crlf.startsWith('\uFEFF') && !crlf.includes('value: debug') && !/[^\r]\n/.test(crlf));
  });
});

describe('check reads pipes as streams and never opens anything else', () => {
  it('reads process substitution (a pipe named on the command line)', () => {
    const run = spawnSync('bash', ['-c', `node ${CLI} check --format json --fail-on none <(cat)`], {
      input: SHADOWED_ENV,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.problems, []);
    assert.ok(
      report.findings.some((finding: { control: string }) => finding.control === 'duplicate-env-var'),
    );
  });

  it('a FIFO named on the command line with no writer does not hang; one found in a folder is never opened', () => {
    const folder = directory();
    execFileSync('mkfifo', [join(folder, 'named.yaml')]);
    mkdirSync(join(folder, 'sub'));
    execFileSync('mkfifo', [join(folder, 'sub', 'walked.yaml')]);
    writeFileSync(join(folder, 'sub', 'web.yaml'), SHADOWED_ENV);
    const named = spawnSync(
      process.execPath,
      [CLI, 'check', '--format', 'json', '--fail-on', 'none', 'named.yaml'],
      {
        cwd: folder,
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    assert.equal(named.signal, null, 'killed: the FIFO hung the run');
    assert.equal(named.status, 0, named.stderr);
    const walked = spawnSync(
      process.execPath,
      [CLI, 'check', '--format', 'json', '--fail-on', 'none', 'sub'],
      {
        cwd: folder,
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    assert.equal(walked.signal, null, 'killed: the FIFO hung the walk');
    const report = JSON.parse(walked.stdout);
    assert.ok(report.findings.some((finding: { file: string }) => finding.file.endsWith('web.yaml')));
  });

  it('a configuration file that is a FIFO or a device is refused at once', () => {
    const folder = directory();
    writeFileSync(join(folder, 'web.yaml'), SHADOWED_ENV);
    execFileSync('mkfifo', [join(folder, '.kube-maturity.yaml')]);
    const fifo = spawnSync(process.execPath, [CLI, 'check', '.'], {
      cwd: folder,
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(fifo.signal, null, 'killed: the FIFO configuration hung the run');
    assert.equal(fifo.status, 2);
    assert.match(fifo.stderr, /\.kube-maturity\.yaml: cannot read \(not a regular file \(a named pipe\)\)/);
    const zero = spawnSync(process.execPath, [CLI, 'check', '--config', '/dev/zero', '.'], {
      cwd: folder,
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(zero.signal, null);
    assert.equal(zero.status, 2);
    assert.match(zero.stderr, /\/dev\/zero: cannot read \(not a regular file \(a device\)\)/);
  });

  it('a reader slower than the report: each format waits for it, batch by batch, and gets the report whole, from one thread or two workers', async () => {
    const folder = directory();
    // Enough files for two workers with --jobs 2 (whose parts arrive as UTF-8 bytes).
    for (let index = 0; index < 420; index++)
      writeFileSync(join(folder, `web-${index}.yaml`), UNLABELLED.replace('name: web', `name: web-${index}`));
    for (const [format, jobs] of ['json', 'sarif', 'text'].flatMap((format) => [
      [format, '1'],
      [format, '2'],
    ])) {
      const args = ['check', '--format', format, '--fail-on', 'none', '--jobs', jobs, folder];
      const chunks: Buffer[] = [];
      let taking = false;
      let writtenWhileTaking = 0;
      let waits = 0;
      const code = await main(args, {
        // Each batch is taken a turn of the event loop later, as a pipe read slower than written.
        stdout: (text) => {
          if (taking) writtenWhileTaking++;
          chunks.push(Buffer.from(text));
          taking = true;
          waits++;
          return new Promise<void>((resolve) =>
            setImmediate(() => {
              taking = false;
              resolve();
            }),
          );
        },
        stderr: () => undefined,
        readStdin: () => Buffer.alloc(0),
        isTty: false,
      });
      const written = Buffer.concat(chunks).toString('utf8');
      const run = `${format} --jobs ${jobs}`;
      assert.equal(code, 0, run);
      assert.equal(writtenWhileTaking, 0, `${run}: written while the reader was behind`);
      assert.ok(waits > 5, `${run}: ${waits} batches`);
      assert.ok(
        written.length / waits < 256 * 1024,
        `${run}: batches of ${written.length / waits} characters`,
      );
      assert.equal(written, runCli(['check', '--format', format, '--fail-on', 'none', folder]).stdout, run);
    }
  });

  it('a closed stdout (`| head`) ends the output quietly, with no stack trace, from one thread or two workers', async () => {
    const folder = directory();
    // Enough files for two workers with --jobs 2, whose parts asked ahead are never read.
    for (let index = 0; index < 420; index++)
      writeFileSync(
        join(folder, `web-${index}.yaml`),
        SHADOWED_ENV.replace('name: web', `name: web-${index}`),
      );
    for (const jobs of ['1', '2']) {
      const child = spawn(
        'bash',
        [
          '-c',
          `set -o pipefail; node ${CLI} check --format json --fail-on none --jobs ${jobs} . | head -c 100 >/dev/null`,
        ],
        { cwd: folder },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, `--jobs ${jobs}: ${stderr}`);
      assert.doesNotMatch(stderr, /EPIPE|Error|at /, `--jobs ${jobs}`);
    }
  });
});

describe('exclude globs match in linear time', () => {
  it('a glob that backtracking matchers take minutes on, against a long file name, is answered at once', () => {
    const folder = directory();
    writeFileSync(join(folder, `${'a'.repeat(64)}.yaml`), SHADOWED_ENV);
    writeFileSync(join(folder, '.kube-maturity.yaml'), 'exclude: ["*a*a*a*a*a*a*a*a*a*a*b"]\n');
    const run = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '--fail-on', 'none', '.'], {
      cwd: folder,
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(run.signal, null, 'killed: the glob hung the run');
    const report = JSON.parse(run.stdout);
    assert.ok(report.findings.some((finding: { file?: string }) => finding.file?.endsWith('aaaa.yaml')));
  });
});

describe('configuration values are validated with the key and position', () => {
  const cases: Array<[string, RegExp]> = [
    ['stageThreshold: .nan\n', /\.kube-maturity\.yaml:1:17: stageThreshold must be a number from 0 to 100/],
    ['stageThreshold: .inf\n', /stageThreshold must be a number from 0 to 100/],
    [
      'fixDefaults:\n  jobTtlSecondsAfterFinished: -5\n',
      /:2:31: fixDefaults\.jobTtlSecondsAfterFinished must be a whole number from 0/,
    ],
    [
      'fixDefaults:\n  probePeriodSeconds: 2.5\n',
      /:2:23: fixDefaults\.probePeriodSeconds must be a whole number from 1/,
    ],
    ['fixDefaults:\n  cpuLimit: 1.2.3\n', /:2:13: fixDefaults\.cpuLimit must be a quantity/],
    [
      'fixDefaults:\n  hpaMinReplicas: 4\n  hpaMaxReplicas: 3\n',
      /hpaMaxReplicas \(3\) must not be below hpaMinReplicas \(4\)/,
    ],
    [
      'fixDefaults:\n  cpuRequest: 2000m\n  cpuLimit: 500m\n',
      /fixDefaults\.cpuRequest \(2000m\) must not be above cpuLimit \(500m\)/,
    ],
    [
      'fixDefaults:\n  memoryRequest: 1Gi\n',
      /fixDefaults\.memoryRequest \(1Gi\) must not be above memoryLimit \(256Mi\)/,
    ],
  ];
  for (const [config, message] of cases) {
    it(JSON.stringify(config), () => {
      const folder = directory();
      writeFileSync(join(folder, 'web.yaml'), SHADOWED_ENV);
      writeFileSync(join(folder, '.kube-maturity.yaml'), config);
      const run = runCli(['check', '.'], { cwd: folder });
      assert.equal(run.status, 2, run.stdout);
      assert.match(run.stderr, message);
      const fix = runCli(['fix', '.'], { cwd: folder });
      assert.equal(fix.status, 2);
      assert.equal(readFileSync(join(folder, 'web.yaml'), 'utf8'), SHADOWED_ENV);
    });
  }
});
