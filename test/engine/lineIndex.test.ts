import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyTextEdits, LineIndex } from '../../server/src/engine/text';

describe('line index: the line ends of the LSP', () => {
  it('counts \\n, \\r\\n and a lone \\r as line ends, as an editor does', () => {
    const text = 'a: 1\rb: 2\r\nc: 3\nd: 4';
    const lines = new LineIndex(text);
    assert.equal(lines.lineCount, 4);
    assert.deepEqual(lines.position(text.indexOf('b')), { line: 1, character: 0 });
    assert.deepEqual(lines.position(text.indexOf('c')), { line: 2, character: 0 });
    assert.deepEqual(lines.position(text.indexOf('d')), { line: 3, character: 0 });
    assert.equal(lines.lineText(0), 'a: 1');
    assert.equal(lines.lineText(1), 'b: 2');
    assert.equal(lines.offset({ line: 1, character: 99 }), text.indexOf('\r\n'));
    // An offset between CR and LF is the end of the line's content.
    assert.deepEqual(lines.position(text.indexOf('\r\n') + 1), { line: 1, character: 4 });
    assert.equal(
      applyTextEdits(text, [
        { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } }, newText: 'x' },
      ]),
      'a: 1\rb: 2\r\nx: 3\nd: 4',
    );
  });
});
