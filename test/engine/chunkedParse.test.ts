import { describe, it } from 'node:test';
import { FIXTURE_REPOS } from '../support/paths';
import {
  assertChunkedParseIsWholeParse,
  assertEditedBufferIsFreshAnalysis,
  assertReparseIsFreshParse,
  readManifests,
} from './support/onRepositories';

/**
 * parseFile parses multi-document text chunk by chunk, and reuses the documents of unchanged chunks from
 * the previous version of a file: both must give exactly what parsing the whole text gives (on the
 * project's fixtures and edge cases here; on the real-world corpus in test/corpus/engine.test.ts).
 */

const EDGE_CASES: Record<string, string> = {
  'comment before the first marker': '# header\n# more\n\n---\napiVersion: v1\nkind: A\n---\nkind: B\n',
  'content before the first marker': 'kind: A\n---\nkind: B\n',
  'starts with a marker': '---\nkind: A\n---\nkind: B\n',
  'empty documents': '---\n---\n# only a comment\n---\nkind: B\n---\n',
  'comments between documents': 'kind: A\n# trailing\n\n# more\n---\n# leading\nkind: B # end\n# last\n',
  'marker with content on its line': '--- {kind: A}\n--- !!map\nkind: B\n--- |\n  text\n---\n- a\n',
  'block scalar at the top level': '--- |\nline\n---\nkind: B\n',
  'block scalar cut by a marker': 'a: |\n  one\n---\nkind: B\n',
  'markers that are not markers': 'a: ---\nb: "---"\nc:\n  ---x: 1\n---x: 2\n',
  'CRLF line endings': 'kind: A\r\n---\r\nkind: B\r\n# c\r\n---\r\n',
  'anchors and aliases': 'base: &b {x: 1}\nuse: *b\n---\nother: &o [1]\nagain: *o\nmerge:\n  <<: *o\n',
  'a directive': '%YAML 1.2\n---\nkind: A\n...\n---\nkind: B\n',
  'an end marker': 'kind: A\n...\n# after\n---\nkind: B\n',
  'a syntax error in one document': 'kind: A\n---\nkind: [B\n---\nkind: C\n',
  'a quoted string cut by a marker': 'a: "one\n---\ntwo"\n---\nkind: C\n',
  'a flow map cut by a marker': 'a: {x: 1,\n---\n  y: 2}\n',
  'duplicate keys': 'a: 1\na: 2\n---\nb: 1\n',
  'tabs and spaces after markers': '---\t\nkind: A\n--- \nkind: B\n---',
  'a byte-order mark': '\uFEFFkind: A\n---\nkind: B\n',
  'lone carriage returns': 'kind: A\r---\rkind: B\r',
  'nothing but comments': '# one\n---\n# two\n',
};

/** A multi-document file of the fixtures with five or more workloads. */
const MULTI_DOCUMENT = 'bookshop-release/release.yaml';

describe('parseFile by chunks', () => {
  it("gives the documents a whole parse gives, for the project's fixtures and edge cases", () => {
    const texts = new Map<string, string>([...Object.entries(EDGE_CASES), ...readManifests(FIXTURE_REPOS)]);
    assertChunkedParseIsWholeParse(texts);
  });

  it('reuses unchanged chunks of the previous version and gives what a fresh parse gives', () => {
    assertReparseIsFreshParse(MULTI_DOCUMENT, readManifests(FIXTURE_REPOS).get(MULTI_DOCUMENT)!);
  });

  it('keeps the analysis of an edited buffer equal to a fresh analysis, re-running only the edited document', () => {
    assertEditedBufferIsFreshAnalysis(MULTI_DOCUMENT, readManifests(FIXTURE_REPOS).get(MULTI_DOCUMENT)!);
  });
});
