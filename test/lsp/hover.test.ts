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

/** The hover's Markdown as it reads rendered: escapes dropped (of the findings of `only` controls if given). */
function hoverText(
  analyzer: Analyzer,
  position: Position,
  lens: 'fairwinds' | 'cncf' = 'fairwinds',
  only?: string,
) {
  const findings = analyzer.findingsOf(PATH).filter((finding) => !only || finding.control === only);
  const hover = findingsHover(findings, position, lens, (finding) => analyzer.fixOf(finding));
  assert.ok(hover, `no hover at ${JSON.stringify(position)}`);
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return {
    hover,
    sections: contents.value.split('\n\n---\n\n').map((section) => section.replace(/\\(.)/g, '$1')),
  };
}

/** The full section of a control's finding at a position, hovered alone. */
function sectionOf(
  analyzer: Analyzer,
  position: Position,
  control: string,
  lens?: 'fairwinds' | 'cncf',
): string {
  const { sections } = hoverText(analyzer, position, lens, control);
  assert.equal(sections.length, 1, `${control} alone: ${sections.length} sections`);
  assert.ok(sections[0].startsWith(`**${control}**`), sections[0]);
  return sections[0];
}

describe('hover, from the engine findings alone', () => {
  const analyzer = analyzerOf({ [PATH]: DEPLOYMENT });
  const findings = analyzer.findingsOf(PATH);

  it('names the control, its stage, category and severity, what it is, how to fix and how to suppress', () => {
    const section = sectionOf(analyzer, CONTAINER, 'privilege-escalation');
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

  it('over many findings: the one under the cursor in full, the others one line each, its size bounded', () => {
    const here = findings.filter((finding) => finding.range?.start.line === CONTAINER.line);
    assert.ok(here.length >= 8, `${here.length} findings on the container's name`);
    const { hover, sections } = hoverText(analyzer, CONTAINER);
    assert.equal(sections.length, 2);
    const [full, list] = sections;
    // The most severe first, in report order among equals.
    const primary = here.find((finding) => finding.severity === 'error')!;
    assert.ok(full.startsWith(`**${primary.control}** · `), full.slice(0, 80));
    assert.deepEqual(hover.range, primary.range);
    assert.equal((full.match(/\*\*How to fix:\*\*/g) ?? []).length, 1);
    const lines = list.split('\n').filter((line) => line.startsWith('- '));
    assert.equal(list.split('\n')[0], `**${here.length - 1} more findings here:**`);
    assert.equal(lines.length, here.length - 1);
    for (const finding of here.filter((candidate) => candidate !== primary)) {
      const line = lines.find((candidate) => candidate.includes(`\`${finding.control}\``));
      assert.ok(line, `no line for ${finding.control}`);
      const fix = analyzer.fixOf(finding).fix;
      assert.match(
        line,
        new RegExp(
          `^- ${finding.severity} · \`${finding.control}\` · [^\n]+ · \\*${fix ? `${fix.class} fix` : 'no fix'}\\*$`,
        ),
      );
      assert.ok(!line.includes('Deployment shop/cart'), `the subject is not repeated: ${line}`);
    }
    // Eleven findings' hover used to be every finding in full: about 11 times one section.
    const value = (hover.contents as MarkupContent).value;
    assert.ok(value.length < full.length + 150 * lines.length, `${value.length} characters`);
  });

  it('names the class of each fix: safe, review, draft', () => {
    const name = { line: 4, character: 2 };
    assert.match(
      sectionOf(analyzer, name, 'missing-recommended-labels'),
      /\*A safe fix is available:\* Add labels\.app\.kubernetes\.io\/name: cart\./,
    );
    assert.match(
      sectionOf(analyzer, name, 'missing-pdb'),
      /\*A draft fix \(complete it before you apply it\) is available:\* Add a PodDisruptionBudget cart-pdb/,
    );
    // Together: the draft's warning in full, the safe fix's info in the list.
    const { sections } = hoverText(analyzer, name);
    assert.ok(sections[0].startsWith('**missing-pdb**'));
    assert.match(sections[1], /^- info · `missing-recommended-labels` · .* · \*safe fix\*$/m);
  });

  it('says why a fix is withheld', () => {
    const typo = analyzerOf({ [PATH]: MISSPELT_RESOURCES });
    const section = sectionOf(typo, CONTAINER, 'missing-cpu-request');
    assert.match(section, /\*No fix offered:\* `resouces` looks like a misspelling of `resources`/);
    assert.ok(!section.includes('is available'));
  });

  it('gives an exempt finding its reason and no fix', () => {
    const text = DEPLOYMENT.replace(
      '        - name: cart',
      '        # kube-maturity-ignore missing-cpu-request: sized by the VPA\n        - name: cart',
    );
    const exempt = analyzerOf({ [PATH]: text });
    const section = sectionOf(exempt, { line: 18, character: 10 }, 'missing-cpu-request');
    assert.ok(section.includes('*Exempt:* sized by the VPA'), section);
    assert.ok(!section.includes('is available'));
  });

  it('labels the stage in the lens asked for', () => {
    const cncf = sectionOf(analyzer, CONTAINER, 'privilege-escalation', 'cncf');
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
