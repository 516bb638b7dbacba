import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckTally } from '../../server/src/engine/analyze';
import type { Stage } from '../../server/src/engine/control';
import { computeScore, computeVerdict } from '../../server/src/engine/verdict';

function tally(
  control: string,
  stage: Stage,
  passed: number,
  failed: number,
  options: Partial<CheckTally> = {},
): CheckTally {
  return {
    control,
    stage,
    passed,
    failed,
    exempt: 0,
    failedErrors: 0,
    failedWarnings: failed,
    failedInfos: 0,
    ...options,
  };
}

const options = { threshold: 80, hasObjects: true, model: 'fairwinds' as const };

describe('computeVerdict', () => {
  it('says so when there are no Kubernetes objects', () => {
    const verdict = computeVerdict([], [], { ...options, hasObjects: false });
    assert.equal(verdict.stage, null);
    assert.equal(verdict.summary, 'no Kubernetes manifests found');
  });

  it('is stage 1 with objects and no stage met', () => {
    const verdict = computeVerdict([tally('a', 2, 1, 9)], [], options);
    assert.equal(verdict.stage, 1);
    assert.equal(verdict.blockingStage, 2);
    assert.deepEqual(
      verdict.nextSteps.map((step) => step.control),
      ['a'],
    );
  });

  it('climbs while evidenced stages are met; unevidenced stages do not block', () => {
    const verdict = computeVerdict(
      [tally('a', 2, 8, 2), tally('c', 4, 10, 0), tally('d', 5, 1, 3)],
      [],
      options,
    );
    assert.equal(verdict.stage, 4);
    assert.equal(verdict.stages[2].evidenced, false);
    assert.equal(verdict.stages[1].coverage, 0.8);
    assert.equal(verdict.blockingStage, 5);
  });

  it('an error-severity failure keeps a stage from being met whatever its coverage', () => {
    const verdict = computeVerdict(
      [tally('a', 2, 99, 1, { failedErrors: 1, failedWarnings: 0 })],
      [],
      options,
    );
    assert.equal(verdict.stages[1].met, false);
    assert.equal(verdict.stage, 1);
    assert.deepEqual(verdict.toMeetBlockingStage, { checks: 1, errors: 1 });
  });

  it('reports stages above the inferred one that are already met, and next steps most severe first', () => {
    const verdict = computeVerdict(
      [
        tally('w', 3, 1, 5),
        tally('e', 3, 0, 1, { failedErrors: 1, failedWarnings: 0 }),
        tally('i', 3, 0, 9, { failedWarnings: 0, failedInfos: 9 }),
        tally('n', 6, 5, 0),
      ],
      [],
      options,
    );
    assert.equal(verdict.stage, 1);
    assert.deepEqual(verdict.metAhead, [6]);
    assert.deepEqual(
      verdict.nextSteps.map((step) => step.control),
      ['e', 'w', 'i'],
    );
  });

  it('projects onto CNCF levels and never claims levels 3+ as reached', () => {
    const tallies = [
      tally('a', 2, 5, 0),
      tally('b', 3, 5, 0),
      tally('c', 4, 5, 0),
      tally('d', 5, 5, 0),
      tally('e', 6, 0, 5),
    ];
    const verdict = computeVerdict(tallies, [], { ...options, model: 'cncf' });
    assert.equal(verdict.fairwindsStage, 5);
    assert.equal(verdict.stage, 3);
    assert.equal(verdict.label, 'indicated by manifests');
    assert.equal(verdict.stages.length, 5);
    assert.deepEqual(verdict.stages[1].fairwindsStages, [3, 4]);
    assert.equal(verdict.stages[1].passed, 10);
    const low = computeVerdict([tally('a', 2, 5, 0), tally('b', 3, 0, 5)], [], { ...options, model: 'cncf' });
    assert.equal(low.stage, 1);
    assert.equal(low.label, 'reached');
    assert.equal(low.blockingStage, 2);
  });

  it('keeps the CNCF levels, the verdict and the next steps consistent inside a level', () => {
    // Fairwinds stage 3 is met, stage 4 is not: CNCF level 2 is reached; the next level is 3.
    const verdict = computeVerdict(
      [tally('a', 2, 5, 0), tally('b', 3, 5, 0), tally('c', 4, 0, 5), tally('d', 5, 5, 0)],
      [],
      { ...options, model: 'cncf' },
    );
    assert.equal(verdict.stage, 2);
    assert.deepEqual(
      verdict.stages.map((level) => level.met),
      [true, true, false, false, false],
    );
    assert.equal(verdict.blockingStage, 3);
    assert.deepEqual(
      verdict.nextSteps.map((step) => step.control),
      ['c'],
    );
    assert.deepEqual(verdict.metAhead, [3]);
  });

  it('uses the configured threshold', () => {
    assert.equal(computeVerdict([tally('a', 2, 6, 4)], [], { ...options, threshold: 60 }).stage, 2);
    assert.equal(computeVerdict([tally('a', 2, 6, 4)], [], { ...options, threshold: 61 }).stage, 1);
  });
});

describe('computeScore (Polaris-compatible)', () => {
  it('is 100 without checks', () => assert.equal(computeScore([]), 100));
  it('weighs passes twice, warnings once and errors twice; info counts as a warning', () => {
    // 2*7 / (2*7 + 2 + 2*1) = 14/18 = 77.7 → 77
    assert.equal(
      computeScore([tally('a', 2, 7, 3, { failedErrors: 1, failedWarnings: 1, failedInfos: 1 })]),
      77,
    );
  });
  it('ignores exempt checks', () => assert.equal(computeScore([tally('a', 2, 1, 0, { exempt: 50 })]), 100));
});
