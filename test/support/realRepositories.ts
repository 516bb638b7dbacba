/**
 * What holds on any folder of real repositories (the project's fixtures in npm test, the real-world corpus
 * in npm run test:corpus): one CLI run over all of them, ranges, Helm templates and Kustomize patches
 * skipped, SARIF, `fix --review` on a copy, and the same verdict from the CLI, the server and the tree
 * on each repository under both lenses.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parseFile } from '../../server/src/engine/parse';
import type { LineIndex } from '../../server/src/engine/text';
import type { VerdictResult } from '../../server/src/protocol';
import type { WorkspaceTree } from '../../server/src/report/tree';
import { runCli } from './cli';
import { LspTestClient, uriOf } from './lspClient';
import { sarifValidator } from './schemas';

interface JsonFinding {
  control: string;
  file?: string;
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  exempt?: unknown;
  fix?: { class: string };
}

function listFiles(directory: string, found: string[] = []): string[] {
  for (const entry of readdirSync(directory)) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) listFiles(path, found);
    else found.push(path);
  }
  return found;
}

function commentLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim().startsWith('#'))
    .map((line) => line.trim());
}

export interface RealRepositories {
  /** The folder whose subfolders are repositories. */
  root: string;
  /** Lower bounds that show the folder was read, not skipped. */
  minimum: { files: number; findings: number; helmTemplates: number; filesFixed: number; fixes?: number };
  /** A Kustomize patch (relative to root) that must be skipped as a partial object. */
  kustomizePatch: string;
  /** Files (relative to root) opened in the server, whose diagnostics must be the CLI's findings. */
  openedFiles: string[];
}

export function describeRealRepositories(name: string, repositories: RealRepositories): void {
  const CORPUS = repositories.root;
  const { minimum } = repositories;
  describe(`${name}: one run over every repository`, () => {
    const run = runCli(['check', '--format', 'json', '--fail-on', 'none', CORPUS]);
    const report = JSON.parse(run.stdout);

    it('is checked in one run without a crash, with a verdict', () => {
      assert.equal(run.status, 0, run.stderr);
      assert.equal(report.controlFailures.length, 0, JSON.stringify(report.controlFailures));
      assert.ok(report.stage.stage >= 1);
      assert.ok(report.files.analyzed >= minimum.files, `analysed ${report.files.analyzed}`);
      assert.ok(report.findings.length >= minimum.findings, `${report.findings.length} findings`);
      console.log(
        `${name}: ${report.files.analyzed} files analysed, ${report.files.skipped.length} skipped, ${report.findings.length} findings, ${report.problems.length} problems, stage ${report.stage.stage}, score ${report.score}`,
      );
    });

    it("every finding's range lies inside its file", () => {
      const texts = new Map<string, LineIndex>();
      for (const finding of report.findings as JsonFinding[]) {
        if (!finding.file) continue;
        assert.ok(finding.range, `${finding.control} in ${finding.file} has no range`);
        let lines = texts.get(finding.file);
        if (!lines) {
          lines = parseFile(finding.file, readFileSync(finding.file, 'utf8')).lines;
          texts.set(finding.file, lines);
        }
        for (const position of [finding.range.start, finding.range.end]) {
          assert.ok(position.line < lines.lineCount, `${finding.file}: line ${position.line} out of range`);
          assert.ok(
            position.character <= lines.lineText(position.line).length,
            `${finding.file}:${position.line}: column ${position.character} out of range`,
          );
        }
      }
    });

    it('lists every Helm template as skipped with the reason, and reports no finding in them', () => {
      const templates = listFiles(CORPUS).filter(
        (file) => /[\\/]templates[\\/].*\.ya?ml$/.test(file) && readFileSync(file, 'utf8').includes('{{'),
      );
      assert.ok(templates.length >= minimum.helmTemplates, `${templates.length} templates`);
      const skipped = new Map<string, string>(
        report.files.skipped.map((entry: { file: string; reason: string }) => [entry.file, entry.reason]),
      );
      for (const template of templates) {
        const shown = relative(process.cwd(), template);
        assert.match(skipped.get(shown) ?? '', /Helm/, `${shown} not skipped as a Helm template`);
        assert.ok(!(report.findings as JsonFinding[]).some((finding) => finding.file === shown));
      }
    });

    it('skips Kustomize patches as partial objects', () => {
      const patch = relative(process.cwd(), join(CORPUS, repositories.kustomizePatch));
      const entry = report.files.skipped.find((skipped: { file: string }) => skipped.file === patch);
      assert.match(entry?.reason ?? '', /Kustomize patch/);
    });

    it('gives the same findings in SARIF, valid against the SARIF 2.1.0 schema', () => {
      const sarifRun = runCli(['check', '--format', 'sarif', '--fail-on', 'none', CORPUS]);
      const sarif = JSON.parse(sarifRun.stdout);
      const validate = sarifValidator();
      assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3), null, 2));
      assert.equal(
        sarif.runs[0].results.length,
        (report.findings as JsonFinding[]).filter((finding) => !finding.exempt).length,
      );
    });

    it('fix on a copy: touched files parse into as many documents with every comment and CRLF kept, untouched files byte-identical, safe and review findings gone', () => {
      const copy = join(mkdtempSync(join(tmpdir(), 'kube-maturity-corpus-')), 'corpus');
      cpSync(CORPUS, copy, { recursive: true });
      const before = new Map(listFiles(copy).map((file) => [file, readFileSync(file)]));
      const beforeReport = JSON.parse(
        runCli(['check', '--format', 'json', '--fail-on', 'none', '.'], { cwd: copy }).stdout,
      );
      const autoBefore = (beforeReport.findings as JsonFinding[]).filter(
        (finding) => (finding.fix?.class === 'safe' || finding.fix?.class === 'review') && !finding.exempt,
      ).length;

      const fix = runCli(['fix', '--review', '.'], { cwd: copy });
      assert.equal(fix.status, 0, fix.stderr);

      let touched = 0;
      for (const [file, original] of before) {
        const now = readFileSync(file);
        if (now.equals(original)) continue;
        touched++;
        const originalText = original.toString('utf8');
        const text = now.toString('utf8');
        const parsedBefore = parseFile(file, originalText);
        const parsedAfter = parseFile(file, text);
        assert.equal(
          parsedAfter.documents.length,
          parsedBefore.documents.length,
          `${file}: document count changed`,
        );
        assert.equal(
          parsedAfter.problems.filter((p) => p.kind === 'syntax').length,
          0,
          `${file}: no longer parses`,
        );
        const commentsAfter = commentLines(text);
        for (const comment of commentLines(originalText))
          assert.ok(commentsAfter.includes(comment), `${file}: lost comment ${comment}`);
        if (originalText.includes('\r\n'))
          assert.doesNotMatch(text.replace(/\r\n/g, ''), /\n/, `${file}: CRLF not kept`);
        assert.equal(text.startsWith('\uFEFF'), originalText.startsWith('\uFEFF'));
      }
      const afterReport = JSON.parse(
        runCli(['check', '--format', 'json', '--fail-on', 'none', '.'], { cwd: copy }).stdout,
      );
      const autoAfter = (afterReport.findings as JsonFinding[]).filter(
        (finding) => (finding.fix?.class === 'safe' || finding.fix?.class === 'review') && !finding.exempt,
      );
      assert.deepEqual(
        autoAfter.map((finding) => `${finding.file}: ${finding.control}`),
        [],
      );
      assert.ok(touched >= minimum.filesFixed, `${touched} files touched`);
      if (minimum.fixes) assert.ok(autoBefore >= minimum.fixes, `${autoBefore} safe or review findings`);
      const again = runCli(['fix', '--review', '--dry-run', '.'], { cwd: copy });
      assert.match(
        again.stderr,
        /would fix 0 finding\(s\) in 0 file\(s\)/,
        'a second fix run has nothing left to do',
      );
      console.log(
        `${name} fix: ${autoBefore} safe or review findings before, ${autoAfter.length} after, ${touched} of ${before.size} files touched`,
      );
    });
  });

  describe(`${name}: the same numbers from the CLI, the server and the tree, on each repository`, () => {
    const folders = readdirSync(CORPUS)
      .map((entry) => join(CORPUS, entry))
      .filter((path) => statSync(path).isDirectory());

    for (const repository of folders) {
      for (const model of ['fairwinds', 'cncf'] as const) {
        it(`${relative(CORPUS, repository)} (${model} lens)`, async () => {
          const cli = JSON.parse(
            runCli(['check', '--format', 'json', '--fail-on', 'none', '--model', model, '.'], {
              cwd: repository,
            }).stdout,
          );
          const client = new LspTestClient();
          try {
            await client.initialize(repository);
            await client.waitForRevision(1);
            const verdict = (await client.connection.sendRequest('kubeMaturity/verdict', {
              model,
            })) as VerdictResult;
            assert.deepEqual(verdict.folders[0].stage, cli.stage);
            assert.equal(verdict.folders[0].score, cli.score);
            const trees = (await client.connection.sendRequest('kubeMaturity/tree', {
              model,
              groupBy: 'stage',
            })) as WorkspaceTree[];
            const tree = trees[0];
            assert.equal(tree.root.stage, cli.stage.stage);
            assert.equal(tree.root.reason, cli.stage.reason);
            assert.deepEqual(
              tree.groups.map((group) => [group.status, group.passed, group.failed, group.exempt]),
              cli.stage.stages.map(
                (stage: {
                  evidenced: boolean;
                  met: boolean;
                  passed: number;
                  failed: number;
                  exempt: number;
                }) => [
                  !stage.evidenced ? 'not evidenced' : stage.met ? 'met' : 'not met',
                  stage.passed,
                  stage.failed,
                  stage.exempt,
                ],
              ),
            );
            for (const stage of cli.stage.stages) {
              if (!stage.evidenced || (model === 'fairwinds' && stage.stage === 1)) continue;
              const coverage = stage.passed / (stage.passed + stage.failed);
              assert.equal(
                stage.met,
                coverage * 100 >= cli.stage.threshold - 1e-9 && stage.errors === 0,
                `${model} ${stage.stage}: met ⇔ coverage ≥ threshold and no failed error`,
              );
            }
          } finally {
            await client.stop();
          }
        });
      }
    }
  });

  describe(`${name}: the language server`, () => {
    it("reports for every file the CLI's findings (controls, ranges, severities), and the tree shows the CLI's verdict", async () => {
      const client = new LspTestClient();
      try {
        await client.initialize(CORPUS);
        await client.waitForRevision(1);
        const trees = (await client.connection.sendRequest('kubeMaturity/tree', {
          groupBy: 'file',
        })) as WorkspaceTree[];
        const cli = JSON.parse(
          runCli(['check', '--format', 'json', '--fail-on', 'none', '.'], { cwd: CORPUS }).stdout,
        );
        type Row = {
          file?: string;
          range?: { start: { line: number; character: number }; end: { line: number; character: number } };
          severity: string;
          control: string;
          exempt?: unknown;
        };
        const key = (control: string, file: string | undefined, finding: Row) =>
          `${file ?? '-'}|${control}|${finding.range ? `${finding.range.start.line}:${finding.range.start.character}-${finding.range.end.line}:${finding.range.end.character}` : '-'}|${finding.severity}|${finding.exempt ? 'exempt' : ''}`;
        const fromServer = trees[0].groups
          .flatMap((group) =>
            group.controls.flatMap((control) =>
              control.findings.map((finding) =>
                key(control.id, finding.file?.replace(/:\d+$/, ''), { ...finding, control: control.id }),
              ),
            ),
          )
          .sort();
        const fromCli = (cli.findings as Row[])
          .map((finding) => key(finding.control, finding.file, finding))
          .sort();
        assert.equal(fromServer.length, fromCli.length);
        assert.deepEqual(fromServer, fromCli);

        const byStage = (await client.connection.sendRequest('kubeMaturity/tree', {
          groupBy: 'stage',
        })) as WorkspaceTree[];
        assert.equal(byStage[0].root.stage, cli.stage.stage);
        assert.equal(byStage[0].root.score, cli.score);
        assert.deepEqual(
          byStage[0].groups.map((group) => [group.passed, group.failed, group.exempt, group.status]),
          cli.stage.stages.map(
            (stage: { passed: number; failed: number; exempt: number; met: boolean; evidenced: boolean }) => [
              stage.passed,
              stage.failed,
              stage.exempt,
              !stage.evidenced ? 'not evidenced' : stage.met ? 'met' : 'not met',
            ],
          ),
        );

        // Diagnostics of opened files equal the CLI's non-exempt findings for those files.
        for (const file of repositories.openedFiles) {
          const fileUri = uriOf(join(CORPUS, file));
          client.open(fileUri, readFileSync(join(CORPUS, file), 'utf8'));
          const diagnostics = await client.waitForDiagnostics(fileUri);
          const expected = (cli.findings as Row[])
            .filter((finding) => finding.file === file && !finding.exempt)
            .map(
              (finding) =>
                `${finding.control}@${finding.range!.start.line}:${finding.range!.start.character}`,
            )
            .sort();
          const actual = diagnostics
            .filter((d) => d.data)
            .map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`)
            .sort();
          assert.deepEqual(actual, expected, file);
        }
      } finally {
        await client.stop();
      }
    });
  });
}
