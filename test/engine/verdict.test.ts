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

  it('climbs while stages are evidenced and met; a stage that is not evidenced caps the verdict, with the reason', () => {
    const verdict = computeVerdict(
      [tally('a', 2, 8, 2), tally('c', 4, 10, 0), tally('d', 5, 1, 3)],
      [],
      options,
    );
    assert.equal(verdict.stage, 2);
    assert.equal(verdict.stages[2].evidenced, false);
    assert.equal(verdict.stages[1].coverage, 0.8);
    assert.equal(verdict.blockingStage, 3);
    assert.deepEqual(verdict.notEvidenced, [3, 6, 7]);
    assert.equal(
      verdict.reason,
      'no control of stage 3 applies to these manifests: stage 3 cannot be judged',
    );
    assert.deepEqual(verdict.nextSteps, []);
    assert.deepEqual(verdict.metAhead, [4]);
  });

  it('a folder with a Namespace, ConfigMaps or RBAC only is stage 1: no workload, stages 2 to 5 cannot be judged', () => {
    const verdict = computeVerdict([tally('deprecated', 6, 3, 0), tally('gitops', 7, 1, 0)], [], {
      ...options,
      hasWorkloads: false,
    });
    assert.equal(verdict.stage, 1);
    assert.equal(verdict.summary, 'Stage 1 of 7 · Prepare');
    assert.equal(verdict.reason, 'no workload in these manifests: stages 2 to 5 cannot be judged');
    assert.equal(verdict.blockingStage, 2);
    assert.deepEqual(verdict.metAhead, [6, 7]);
    const cncf = computeVerdict([tally('deprecated', 6, 3, 0), tally('gitops', 7, 1, 0)], [], {
      ...options,
      hasWorkloads: false,
      model: 'cncf',
    });
    assert.equal(cncf.stage, 1);
    assert.equal(
      cncf.reason,
      'no workload in these manifests: level 1 stays at its floor, and levels 2 to 3 cannot be judged',
    );
    assert.deepEqual(cncf.metAhead, [4, 5]);
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
        tally('x', 2, 5, 0),
      ],
      [],
      options,
    );
    assert.equal(verdict.stage, 2);
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

  it('judges CNCF levels by the rule over the stages they project, not by the Fairwinds stage', () => {
    // Fairwinds stage 3 is met, stage 4 is not: level 2 (stages 3 and 4) has 50% and is not met.
    const verdict = computeVerdict(
      [tally('a', 2, 5, 0), tally('b', 3, 5, 0), tally('c', 4, 0, 5), tally('d', 5, 5, 0)],
      [],
      { ...options, model: 'cncf' },
    );
    assert.equal(verdict.stage, 1);
    assert.deepEqual(
      verdict.stages.map((level) => level.met),
      [true, false, true, false, false],
    );
    assert.equal(verdict.stages[1].coverage, 0.5);
    assert.equal(verdict.blockingStage, 2);
    assert.deepEqual(
      verdict.nextSteps.map((step) => step.control),
      ['c'],
    );
    assert.deepEqual(verdict.metAhead, [3]);
    // 71% under an 80% threshold is never "met"; 94% with no error is never "not met".
    const near = computeVerdict(
      [tally('a', 2, 5, 0), tally('b', 3, 71, 29), tally('c', 6, 94, 6), tally('d', 5, 10, 0)],
      [],
      { ...options, model: 'cncf' },
    );
    assert.equal(near.stages[1].met, false);
    assert.equal(near.stages[3].met, true);
  });

  it('under the CNCF lens, for any tallies: met ⇔ coverage ≥ threshold and no failed error; the level is the rule', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 500; round++) {
      const tallies: CheckTally[] = [];
      for (const stage of [2, 3, 4, 5, 6, 7] as Stage[]) {
        if (random(4) === 0) continue;
        const failed = random(4) === 0 ? 0 : random(6);
        const errors = failed > 0 && random(3) === 0 ? 1 : 0;
        tallies.push(
          tally(`c${stage}`, stage, random(20), failed, {
            failedErrors: errors,
            failedWarnings: failed - errors,
          }),
        );
      }
      const threshold = [50, 80, 100][random(3)];
      const verdict = computeVerdict(tallies, [], { ...options, threshold, model: 'cncf' });
      let expected = 1;
      for (const level of verdict.stages) {
        const passed = level.passed;
        const total = level.passed + level.failed;
        const shouldMeet = total > 0 && (100 * passed) / total >= threshold - 1e-9 && level.errors === 0;
        assert.equal(level.met, shouldMeet, `round ${round}, level ${level.stage}`);
        assert.equal(level.evidenced, total > 0);
      }
      for (const level of verdict.stages) {
        if (!level.met) break;
        expected = Math.max(expected, level.stage);
      }
      assert.equal(verdict.stage, expected, `round ${round}`);
      if (verdict.blockingStage !== null)
        for (const step of verdict.nextSteps)
          assert.ok(
            verdict.stages[verdict.blockingStage - 1].fairwindsStages?.includes(step.stage),
            `next step ${step.control} of stage ${step.stage} is not of level ${verdict.blockingStage}`,
          );
    }
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
