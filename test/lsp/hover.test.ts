import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver/node';
import type { Analyzer, Finding } from '../../server/src/engine/analyze';
import type { Position } from '../../server/src/engine/text';
import { stageLabel } from '../../server/src/engine/verdict';
import { controlOf } from '../../server/src/lsp/controlCatalog';
import { findingsHover } from '../../server/src/lsp/hover';
import { DEPLOYMENT, MISSPELT_RESOURCES } from '../support/manifests';
import { analyzerOf } from './support';

const PATH = '/workspace/cart.yaml';
const CONTAINER = { line: 17, character: 10 };

/** The hover's Markdown as it reads rendered: escapes dropped. */
function hoverText(analyzer: Analyzer, position: Position, lens: 'fairwinds' | 'cncf' = 'fairwinds') {
  const hover = findingsHover(analyzer.findingsOf(PATH), position, lens, (finding) =>
    analyzer.fixOf(finding),
  );
  assert.ok(hover, `no hover at ${JSON.stringify(position)}`);
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return {
    hover,
    sections: contents.value.split('\n\n---\n\n').map((section) => section.replace(/\\(.)/g, '$1')),
  };
}

function sectionOf(sections: string[], control: string): string {
  const section = sections.find((candidate) => candidate.startsWith(`**${control}**`));
  assert.ok(section, `no section for ${control}`);
  return section;
}

describe('hover, from the engine findings alone', () => {
  const analyzer = analyzerOf({ [PATH]: DEPLOYMENT });
  const findings = analyzer.findingsOf(PATH);

  it('names the control, its stage, category and severity, what it is, how to fix and how to suppress', () => {
    const { hover, sections } = hoverText(analyzer, CONTAINER);
    const here = findings.filter((finding) => finding.range?.start.line === CONTAINER.line);
    assert.equal(sections.length, here.length, 'one section per finding under the position');
    assert.deepEqual(hover.range, here[0].range);
    const section = sectionOf(sections, 'privilege-escalation');
    const meta = controlOf('privilege-escalation')!.meta;
    assert.ok(section.startsWith('**privilege-escalation** · stage 5 · Improve Operations · '), section);
    assert.ok(section.includes(`**${meta.title}**`));
    assert.ok(section.includes(`**How to fix:** ${meta.remediation}`));
    assert.match(
      section,
      /\*A review fix \(it changes how the workload runs\) is available:\* Add securityContext\.allowPrivilegeEscalation: false\./,
    );
    if (meta.fixEffect) assert.ok(section.includes(`*What it changes at run time:* ${meta.fixEffect}`));
    assert.ok(section.includes('`kube-maturity.io/ignore: "privilege-escalation"`'));
    assert.ok(section.includes('`# kube-maturity-ignore privilege-escalation: reason`'));
  });

  it('names the class of each fix: safe, review, draft', () => {
    const { sections } = hoverText(analyzer, { line: 4, character: 2 });
    assert.match(
      sectionOf(sections, 'missing-recommended-labels'),
      /\*A safe fix is available:\* Add labels\.app\.kubernetes\.io\/name: cart\./,
    );
    assert.match(
      sectionOf(sections, 'missing-pdb'),
      /\*A draft fix \(complete it before you apply it\) is available:\* Add a PodDisruptionBudget cart-pdb/,
    );
  });

  it('says why a fix is withheld', () => {
    const typo = analyzerOf({ [PATH]: MISSPELT_RESOURCES });
    const section = sectionOf(hoverText(typo, CONTAINER).sections, 'missing-cpu-request');
    assert.match(section, /\*No fix offered:\* `resouces` looks like a misspelling of `resources`/);
    assert.ok(!section.includes('is available'));
  });

  it('gives an exempt finding its reason and no fix', () => {
    const text = DEPLOYMENT.replace(
      '        - name: cart',
      '        # kube-maturity-ignore missing-cpu-request: sized by the VPA\n        - name: cart',
    );
    const exempt = analyzerOf({ [PATH]: text });
    const section = sectionOf(hoverText(exempt, { line: 18, character: 10 }).sections, 'missing-cpu-request');
    assert.ok(section.includes('*Exempt:* sized by the VPA'), section);
    assert.ok(!section.includes('is available'));
  });

  it('labels the stage in the lens asked for', () => {
    const cncf = sectionOf(hoverText(analyzer, CONTAINER, 'cncf').sections, 'privilege-escalation');
    const label = stageLabel('cncf', 5);
    assert.notEqual(label, stageLabel('fairwinds', 5));
    assert.ok(cncf.startsWith(`**privilege-escalation** · ${label} · `), cncf);
  });

  it('is null where no finding is', () => {
    const fixOf = (finding: Finding) => analyzer.fixOf(finding);
    assert.equal(findingsHover(findings, { line: 0, character: 3 }, 'fairwinds', fixOf), null);
    assert.equal(findingsHover([], CONTAINER, 'fairwinds', fixOf), null);
  });
});
