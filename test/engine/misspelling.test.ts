import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editDistance, likelyMisspellingOf } from '../../server/src/engine/misspelling';

describe('likely misspellings (a fix never adds a key beside one)', () => {
  it('finds one edit, a transposition, two edits on long keys, and case', () => {
    assert.equal(likelyMisspellingOf('resources', ['name', 'resouces']), 'resouces');
    assert.equal(likelyMisspellingOf('imagePullPolicy', ['imagePullPolcy']), 'imagePullPolcy');
    assert.equal(likelyMisspellingOf('imagePullPolicy', ['ImagePullPolicy']), 'ImagePullPolicy');
    assert.equal(likelyMisspellingOf('securityContext', ['secuirtyContext']), 'secuirtyContext');
    assert.equal(likelyMisspellingOf('livenessProbe', ['livenesProbe']), 'livenesProbe');
  });

  it('never takes a real neighbouring field, a short key or a distant one for a misspelling', () => {
    assert.equal(likelyMisspellingOf('minReplicas', ['maxReplicas', 'scaleTargetRef']), undefined);
    assert.equal(likelyMisspellingOf('readinessProbe', ['livenessProbe']), undefined);
    assert.equal(likelyMisspellingOf('hostPID', ['hostIPC']), undefined);
    assert.equal(likelyMisspellingOf('cpu', ['gpu']), undefined);
    assert.equal(likelyMisspellingOf('limits', ['requests']), undefined);
    assert.equal(likelyMisspellingOf('resources', ['resources']), undefined);
  });

  it('is bounded: distance stops early, long keys are not compared', () => {
    assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3);
    assert.equal(editDistance('kitten', 'sitting', 3), 3);
    assert.equal(likelyMisspellingOf('resources', ['x'.repeat(100_000)]), undefined);
  });
});
