/**
 * Lossless fixes on real repositories (issue 6): over every file of a folder, every available fix of
 * every finding, one at a time, and all safe and review fixes together. A fix's result parses into as many documents
 * (plus a document it appends), every other document is byte-identical, comments, quoting and line endings
 * are kept, the finding is gone, and no new error finding (or file problem) appears.
 */
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { Finding } from '../../../server/src/engine/analyze';
import { parseFile } from '../../../server/src/engine/parse';
import { applyFixes } from '../../../server/src/engine/workspace';
import {
  analyzeSafely,
  commentTokens,
  findingKey,
  readTree,
  summarizeViolations,
  type Violation,
} from '../../fuzz/invariants';
import type { RoundTripShare } from './fixRoundTripWorker';

function runShare(directory: string, index: number, count: number): Promise<RoundTripShare> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'fixRoundTripWorker.js'), {
      workerData: { directory, index, count },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`worker ${index} exited with ${code}`));
    });
  });
}

function bareLf(text: string): number {
  return (text.match(/(^|[^\r])\n/g) ?? []).length;
}

export interface LosslessFixSweep {
  directory: string;
  /** Lower bounds that show the sweep found work. */
  minimum: { fixes: number; filesChanged: number };
  /** Generous bounds (several times the usual duration on a loaded 2-core machine). */
  timeoutMs: { oneAtATime: number; together: number };
}

export function describeLosslessFixes(name: string, sweep: LosslessFixSweep): void {
  const { directory, minimum } = sweep;
  describe(`lossless fixes over ${name}`, () => {
    it('every fix of every finding, applied alone: parses, other documents byte-identical, comments/quoting/line endings kept, finding gone, no new error', {
      timeout: sweep.timeoutMs.oneAtATime,
    }, async () => {
      const count = Math.max(1, Math.min(4, availableParallelism()));
      const shares = await Promise.all(
        Array.from({ length: count }, (_, index) => runShare(directory, index, count)),
      );
      const violations: Violation[] = shares.flatMap((share) => share.violations);
      const fixes = shares.reduce((total, share) => total + share.fixes, 0);
      const byClass = (fixClass: 'safe' | 'review' | 'draft') =>
        shares.reduce((total, share) => total + share[fixClass], 0);
      const files = new Set(shares.flatMap((share) => share.files));
      const failedFixes = new Set(violations.map((v) => `${v.file}|${v.detail.split(':')[0]}`)).size;
      console.log(
        `lossless (one at a time): ${fixes} fixes applied (${byClass('safe')} safe, ${byClass('review')} review, ${byClass('draft')} draft) in ${files.size} files, ${violations.length} violation(s) in ~${failedFixes} fix(es)`,
      );
      if (violations.length > 0) console.log(summarizeViolations(violations, 5));
      assert.ok(fixes >= minimum.fixes, `only ${fixes} fixes found`);
      assert.equal(violations.length, 0, `lossless fix violations:\n${summarizeViolations(violations, 10)}`);
    });

    it('all safe and review fixes together: nothing rejected, every changed file parses into as many documents, only documents with such a finding change, comments/BOM/line endings kept, none of them left, no new error', {
      timeout: sweep.timeoutMs.together,
    }, () => {
      const sources = readTree(directory);
      const { analysis, violations } = analyzeSafely(sources);
      assert.ok(analysis, summarizeViolations(violations));
      const before = analysis.result;
      const autoBefore = before.findings.filter(
        (f) => (f.fix?.class === 'safe' || f.fix?.class === 'review') && !f.exempt && f.file,
      );
      const originals = new Map(sources.map((source) => [source.path, source.text]));
      const errorCount = (findings: readonly Finding[]) => {
        const counts = new Map<string, number>();
        for (const f of findings) {
          if (f.exempt || f.severity !== 'error') continue;
          const key = `${f.control} in ${f.file ?? '(workspace)'}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        return counts;
      };
      const errorsBefore = errorCount(before.findings);
      const problemsBefore = before.problems.length;

      const result = applyFixes(analysis.analyzer, { classes: ['safe', 'review'] });
      const problems: string[] = [];
      for (const finding of result.rejected)
        problems.push(`rejected (would not parse): ${finding.file}: ${finding.control}: ${finding.message}`);

      for (const [path, text] of result.changed) {
        const originalText = originals.get(path)!;
        const parsedBefore = analysis.files.get(path)!;
        const parsedAfter = parseFile(path, text);
        if (parsedAfter.documents.length !== parsedBefore.documents.length)
          problems.push(
            `${path}: ${parsedBefore.documents.length} documents became ${parsedAfter.documents.length}`,
          );
        if (
          parsedAfter.problems.filter((p) => p.kind === 'syntax').length >
          parsedBefore.problems.filter((p) => p.kind === 'syntax').length
        )
          problems.push(`${path}: no longer parses`);
        // Documents without an auto-fixable finding are byte-identical.
        const autoInFile = autoBefore.filter((f) => f.file === path);
        parsedBefore.documents.forEach((document, index) => {
          const after = parsedAfter.documents[index];
          if (!after) return;
          const same =
            parsedBefore.text.slice(document.start, document.end) ===
            parsedAfter.text.slice(after.start, after.end);
          if (same) return;
          const hasAuto = autoInFile.some((f) => {
            const offset = parsedBefore.lines.offset(f.range!.start);
            return document.start <= offset && offset <= document.end;
          });
          if (!hasAuto)
            problems.push(`${path}: document ${index + 1} changed but had no auto-fixable finding`);
        });
        if (!parsedBefore.json) {
          const left = new Map<string, number>();
          for (const c of commentTokens(parsedAfter.text)) left.set(c, (left.get(c) ?? 0) + 1);
          for (const c of commentTokens(parsedBefore.text)) {
            const n = left.get(c) ?? 0;
            if (n === 0) problems.push(`${path}: comment lost: ${JSON.stringify(c)}`);
            else left.set(c, n - 1);
          }
        }
        if (originalText.startsWith('\uFEFF') !== text.startsWith('\uFEFF'))
          problems.push(`${path}: BOM changed`);
        if (originalText.includes('\r\n') && bareLf(text) > bareLf(originalText))
          problems.push(`${path}: CRLF line endings not kept`);
        if (!originalText.includes('\r') && text.includes('\r')) problems.push(`${path}: CR introduced`);
      }

      const after = analysis.analyzer.run();
      const autoLeft = after.findings.filter(
        (f) => (f.fix?.class === 'safe' || f.fix?.class === 'review') && !f.exempt,
      );
      const rejectedKeys = new Set(result.rejected.map(findingKey));
      for (const f of autoLeft) {
        if (!rejectedKeys.has(findingKey(f)))
          problems.push(`auto finding left: ${f.file}: ${f.control}: ${f.message}`);
      }
      for (const [key, count] of errorCount(after.findings)) {
        if (count > (errorsBefore.get(key) ?? 0))
          problems.push(`new error finding: ${key} (${errorsBefore.get(key) ?? 0} → ${count})`);
      }
      if (after.problems.length > problemsBefore)
        problems.push(`file problems grew from ${problemsBefore} to ${after.problems.length}`);
      console.log(
        `lossless (all safe and review fixes together): ${autoBefore.length} findings, ${result.applied.length} fixes applied in ${result.rounds} round(s), ${result.changed.size} of ${sources.length} files changed, ${result.rejected.length} rejected, ${autoLeft.length} left`,
      );
      assert.ok(result.changed.size >= minimum.filesChanged, `${result.changed.size} files changed`);
      assert.deepEqual(problems, []);
    });
  });
}
