import type { Hover } from 'vscode-languageserver/node';
import type { Finding, FixOutcome } from '../engine/analyze';
import type { AnyControl } from '../engine/control';
import type { Position } from '../engine/text';
import { type MaturityModel, stageLabel } from '../engine/verdict';
import { escapeMarkdown } from '../report/markdown';
import { rankAtCursor } from './codeActions';
import { controlOf, docsUri } from './controlCatalog';
import { problemOf } from './diagnostics';
import { containsPosition } from './edits';

/**
 * The hover at a position of a document: the finding the cursor is on in full (the most specific, then
 * the most severe), and the other findings there one line each: severity, control, problem, fix class.
 */
export function findingsHover(
  findings: readonly Finding[],
  position: Position,
  lens: MaturityModel,
  /** A finding's fix, or why none is offered (`Analyzer.fixOf`). */
  fixOf: (finding: Finding) => FixOutcome,
): Hover | null {
  const hovered = findings.filter((finding) => finding.range && containsPosition(finding.range, position));
  if (hovered.length === 0) return null;
  const [primary, ...others] = rankAtCursor(hovered.map((finding) => ({ finding }))).map(
    ({ finding }) => finding,
  );
  const parts = [
    hoverMarkdown(primary, fixOf(primary), controlOf(primary.control), docsUri(primary.control), lens),
  ];
  if (others.length > 0)
    parts.push(
      [
        `**${others.length} more finding${others.length === 1 ? '' : 's'} here:**`,
        '',
        ...others.map((finding) => compactLine(finding, fixOf(finding))),
      ].join('\n'),
    );
  return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') }, range: primary.range };
}

/** One line of the hover's list: severity, control, the problem, and the class of its fix. */
function compactLine(finding: Finding, { fix, withheld }: FixOutcome): string {
  const problem = problemOf(finding);
  const fixText = finding.exempt
    ? 'exempt'
    : fix
      ? `${fix.class} fix`
      : withheld
        ? `no fix: ${escapeMarkdown(withheld)}`
        : 'no fix';
  return `- ${finding.severity} · \`${finding.control}\` · ${escapeMarkdown(problem)} · *${fixText}*`;
}

const FIX_CLASS_SENTENCE = {
  safe: 'A safe fix',
  review: 'A review fix (it changes how the workload runs)',
  draft: 'A draft fix (complete it before you apply it)',
};

/** The hover of a finding: what the control is, its stage, why it matters, what the fix does, how to suppress. */
function hoverMarkdown(
  finding: Finding,
  { fix, withheld }: FixOutcome,
  control: AnyControl | undefined,
  documentation: string | undefined,
  lens: MaturityModel,
): string {
  const meta = control?.meta;
  const lines = [
    `**${finding.control}** · ${stageLabel(lens, finding.stage)} · ${finding.category} · ${finding.severity}`,
    '',
  ];
  if (meta)
    lines.push(`**${meta.title}**`, '', meta.description, '', `**How to fix:** ${meta.remediation}`, '');
  if (finding.exempt) lines.push(`*Exempt:* ${escapeMarkdown(finding.exempt.reason)}`, '');
  else {
    if (fix) {
      lines.push(`*${FIX_CLASS_SENTENCE[fix.class]} is available:* ${escapeMarkdown(fix.title)}.`, '');
      if (meta?.fixEffect) lines.push(`*What it changes at run time:* ${meta.fixEffect}`, '');
    } else if (withheld) lines.push(`*No fix offered:* ${escapeMarkdown(withheld)}.`, '');
  }
  lines.push(
    `**Suppress:** \`kube-maturity.io/ignore: "${finding.control}"\` on the object, or \`# kube-maturity-ignore ${finding.control}: reason\` above it or its container, or \`controls: { ${finding.control}: off }\` in \`.kube-maturity.yaml\`.`,
  );
  if (documentation) lines.push('', `[Documentation](${documentation})`);
  return lines.join('\n');
}
