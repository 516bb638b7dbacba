/**
 * The maturity report as HTML: one self-contained page (`check --format html`, a CI artifact) or the
 * editor's webview. No script and nothing remote: inline SVG and CSS, the numbers in real tables too, so
 * that the page reads the same with a screen reader, the keyboard, a light, dark or high-contrast theme.
 */
import { CNCF_PROJECTION } from '../engine/verdict';
import { percentOf } from './coverage';
import type { HeatTable, MaturityReport, ReportPlace, ReportStage, StageStatus } from './maturity';

export interface HtmlOptions {
  /** In the editor: the nonce of the page's one style element (its CSP allows nothing else). */
  webview?: { nonce: string };
  /** Where a place opens (the webview: a command URI); without, the place is shown as text. */
  linkOf?: (place: ReportPlace) => string | undefined;
}

const LENS_NAME = {
  fairwinds: 'Fairwinds Kubernetes Maturity Model',
  cncf: 'CNCF Cloud Native Maturity Model',
};
const STATUS_MARK: Record<StageStatus, string> = { met: '✓', 'not met': '✗', 'not evidenced': '–' };
const STATUS_CLASS: Record<StageStatus, string> = { met: 'met', 'not met': 'unmet', 'not evidenced': 'none' };

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function percent(report: MaturityReport, coverage: number | null): string {
  return percentOf(coverage, report.threshold);
}

/** `1 file`, `3 files`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function list(numbers: readonly number[]): string {
  if (numbers.length <= 1) return numbers.join('');
  return `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

const PALETTE_FILE = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --border: #d1d9e0;
  --track: #eef1f4; --met: #1a7f37; --unmet: #cf222e; --none: #8c959f; --link: #0969da; --focus: #0969da; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --border: #3d444d; --track: #21262d;
    --met: #3fb950; --unmet: #f85149; --none: #768390; --link: #4493f8; --focus: #4493f8; }
}
@media (forced-colors: active) {
  :root { --met: CanvasText; --unmet: CanvasText; --none: GrayText; --track: Canvas; }
}`;

const PALETTE_WEBVIEW = `
:root { --fg: var(--vscode-foreground); --bg: var(--vscode-editor-background);
  --muted: var(--vscode-descriptionForeground); --border: var(--vscode-panel-border, var(--vscode-widget-border, #8888));
  --track: var(--vscode-editorWidget-background); --met: var(--vscode-testing-iconPassed);
  --unmet: var(--vscode-testing-iconFailed); --none: var(--vscode-disabledForeground);
  --link: var(--vscode-textLink-foreground); --focus: var(--vscode-focusBorder); }
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
body.vscode-high-contrast .bar, body.vscode-high-contrast-light .bar { stroke: var(--vscode-contrastBorder); }
body.vscode-high-contrast td, body.vscode-high-contrast th { border-color: var(--vscode-contrastBorder); }`;

function heatShades(): string {
  const rules: string[] = [];
  for (let bucket = 0; bucket <= 10; bucket++) {
    // Met cells stronger as coverage rises; unmet cells stronger as it falls.
    rules.push(
      `td.met.b${bucket} { background: color-mix(in srgb, var(--met) ${15 + bucket * 3}%, transparent); }`,
    );
    rules.push(
      `td.unmet.b${bucket} { background: color-mix(in srgb, var(--unmet) ${45 - bucket * 3}%, transparent); }`,
    );
  }
  return rules.join('\n');
}

const LAYOUT = `
body { color: var(--fg); background: var(--bg); margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 72rem;
  font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.45; }
h1 { font-size: 1.5em; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.25em; margin: 2rem 0 0.5rem; border-bottom: 1px solid var(--border); padding-bottom: 0.25rem; }
h3 { font-size: 1.05em; margin: 1.5rem 0 0.5rem; }
.meta, .muted { color: var(--muted); }
.verdict { font-size: 1.2em; font-weight: 600; margin: 0.5rem 0; }
a { color: var(--link); }
a:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
svg.ladder { display: block; width: 100%; min-width: 32rem; max-width: 48rem; height: auto; margin: 0.5rem 0 1rem; }
svg text { fill: var(--fg); font-size: 13px; }
svg .track { fill: var(--track); }
svg .bar.met { fill: var(--met); }
svg .bar.unmet { fill: var(--unmet); }
svg .bar.none { fill: none; stroke: var(--none); stroke-dasharray: 4 3; }
svg .threshold { stroke: var(--fg); stroke-width: 2; stroke-dasharray: 6 3; }
svg .current { fill: none; stroke: var(--focus); stroke-width: 2; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid var(--border); padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.heat { text-align: center; min-width: 3.5rem; font-variant-numeric: tabular-nums; white-space: nowrap; }
.heat-table th[scope="col"] { text-align: center; }
.scroll { overflow-x: auto; max-width: 100%; }
.heat-table th[scope="row"], li code { overflow-wrap: anywhere; }
.heat-table th[scope="row"] { min-width: 8rem; }
td.none { color: var(--muted); }
.status-met { color: var(--met); }
.status-unmet { color: var(--unmet); }
.status-none { color: var(--muted); }
ol.steps > li { margin: 0 0 1rem; }
ol.steps ul { margin: 0.25rem 0; padding-left: 1.25rem; }
code { font-family: var(--vscode-editor-font-family, ui-monospace, SFMono-Regular, Menlo, monospace); }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.severity { text-transform: uppercase; font-size: 0.8em; font-weight: 600; letter-spacing: 0.02em; }
.severity.error { color: var(--unmet); }
`;

function styles(webview: boolean): string {
  return `${webview ? PALETTE_WEBVIEW : PALETTE_FILE}\n${LAYOUT}\n${heatShades()}`;
}

function stageLabel(report: MaturityReport, stage: number): string {
  return `${report.unit === 'level' ? 'Level' : 'Stage'} ${stage}`;
}

/** The ladder as an inline SVG: a bar per stage (coverage), the threshold line, the verdict's stage framed. */
function ladder(report: MaturityReport, id: string): string {
  const rowHeight = 30;
  const labelWidth = 230;
  const barWidth = 360;
  const height = report.stages.length * rowHeight + 24;
  const width = labelWidth + barWidth + 150;
  const thresholdX = labelWidth + (barWidth * report.threshold) / 100;
  const rows = report.stages.map((stage, index) => {
    const y = index * rowHeight + 4;
    const status = STATUS_CLASS[stage.status];
    const filled =
      stage.status === 'not evidenced'
        ? barWidth
        : Math.max(stage.coverage === null ? 0 : barWidth * stage.coverage, stage.status === 'met' ? 2 : 0);
    const current =
      report.verdict.stage === stage.stage
        ? `<rect class="current" x="1" y="${y - 2}" width="${width - 2}" height="${rowHeight - 2}" rx="3"/>`
        : '';
    return [
      current,
      `<text x="8" y="${y + 17}">${escapeHtml(`${stage.stage} · ${stage.name}`)}</text>`,
      `<rect class="track" x="${labelWidth}" y="${y + 3}" width="${barWidth}" height="${rowHeight - 12}" rx="2"/>`,
      `<rect class="bar ${status}" x="${labelWidth}" y="${y + 3}" width="${filled.toFixed(1)}" height="${rowHeight - 12}" rx="2"/>`,
      `<text x="${labelWidth + barWidth + 10}" y="${y + 17}">${STATUS_MARK[stage.status]} ${escapeHtml(stage.status)}${stage.coverage === null ? '' : ` · ${percent(report, stage.coverage)}`}</text>`,
    ].join('');
  });
  const description = report.stages
    .map(
      (stage) =>
        `${stageLabel(report, stage.stage)} ${stage.name}: ${stage.status}${stage.coverage === null ? '' : `, ${percent(report, stage.coverage)} of checks pass`}.`,
    )
    .join(' ');
  return [
    `<svg class="ladder" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}">`,
    `<title id="${id}-title">Coverage of each ${report.unit} against the ${report.threshold}% threshold</title>`,
    `<desc id="${id}-desc">${escapeHtml(description)}</desc>`,
    ...rows,
    `<line class="threshold" x1="${thresholdX.toFixed(1)}" y1="0" x2="${thresholdX.toFixed(1)}" y2="${height - 20}"/>`,
    `<text x="${thresholdX.toFixed(1)}" y="${height - 4}" text-anchor="middle">threshold ${report.threshold}%</text>`,
    '</svg>',
  ].join('\n');
}

function stageTable(report: MaturityReport): string {
  const unit = report.unit === 'level' ? 'Level' : 'Stage';
  const row = (stage: ReportStage) =>
    `<tr><th scope="row">${stage.stage} · ${escapeHtml(stage.name)}</th>` +
    `<td class="status-${STATUS_CLASS[stage.status]}">${STATUS_MARK[stage.status]} ${escapeHtml(stage.status)}</td>` +
    `<td class="num">${percent(report, stage.coverage)}</td><td class="num">${stage.passed}</td><td class="num">${stage.failed}</td>` +
    `<td class="num">${stage.exempt}</td><td class="num">${stage.errors}</td><td>${escapeHtml(stage.why)}</td></tr>`;
  return [
    `<div class="scroll"><table class="stages"><caption>${unit}s, their checks and why each is met or not</caption>`,
    `<thead><tr><th scope="col">${unit}</th><th scope="col">Status</th><th scope="col" class="num">Coverage</th><th scope="col" class="num">Passed</th><th scope="col" class="num">Failed</th><th scope="col" class="num">Exempt</th><th scope="col" class="num">Errors</th><th scope="col">Why</th></tr></thead>`,
    `<tbody>${report.stages.map(row).join('\n')}</tbody></table></div>`,
  ].join('\n');
}

function placeText(place: ReportPlace): string {
  const line = place.range && place.findings === 1 ? `:${place.range.start.line + 1}` : '';
  return `${place.file}${line}`;
}

function nextSteps(report: MaturityReport, options: HtmlOptions): string {
  const failing = report.stages.reduce((total, stage) => total + stage.failed, 0);
  if (report.nextSteps.length === 0)
    return failing === 0
      ? '<p>Nothing to fix: no check fails.</p>'
      : `<p>No fix raises the verdict now${report.verdict.reason ? `: ${escapeHtml(report.verdict.reason)}` : ''}. ${plural(failing, 'check')} of other ${report.unit}s fail (the table above): they count once the ${report.unit}s below them are judged and met.</p>`;
  const next = report.verdict.next;
  const blocking = next ? report.stages.find((stage) => stage.stage === next.stage) : undefined;
  const goal =
    next && next.stage === report.verdict.stage
      ? `To meet ${report.unit} ${next.stage} and go beyond it`
      : `To meet ${report.unit} ${next?.stage}`;
  const intro = next
    ? `<p>${goal}: fix at least ${plural(next.checks, 'failed check')}${blocking ? ` of its ${blocking.failed}` : ''}${next.errors ? `, every error among them (${next.errors})` : ''}. The controls that fail there, the most severe and most frequent first:</p>`
    : '<p>The controls that fail, the most severe and most frequent first:</p>';
  const items = report.nextSteps.map((step) => {
    const places = step.places.map((place) => {
      const link = options.linkOf?.(place);
      const text = `<code>${escapeHtml(placeText(place))}</code>`;
      const count = `${plural(place.findings, 'finding')}${place.findings > 1 && place.range ? `, the first at line ${place.range.start.line + 1}` : ''}`;
      return `<li>${link ? `<a href="${escapeHtml(link)}">${text}</a>` : text} · ${count}</li>`;
    });
    if (step.morePlaces > 0)
      places.push(`<li class="muted">and ${plural(step.morePlaces, 'more file')}</li>`);
    return [
      `<li><span class="severity ${step.severity}">${step.severity}</span> <strong><code>${escapeHtml(step.control)}</code></strong> · ${escapeHtml(step.title)} · ${stageLabel(report, report.unit === 'level' ? CNCF_PROJECTION[step.stage] : step.stage)} · ${plural(step.failed, 'failed check')}`,
      step.remediation ? `<br/><span class="muted">${escapeHtml(step.remediation)}</span>` : '',
      places.length > 0 ? `<ul>${places.join('')}</ul>` : '',
      '</li>',
    ].join('');
  });
  return `${intro}\n<ol class="steps">\n${items.join('\n')}\n</ol>`;
}

function heatTableHtml(report: MaturityReport, table: HeatTable, what: 'Namespace' | 'Folder'): string {
  if (table.rows.length === 0) return `<p class="muted">No ${what.toLowerCase()} has checks of its own.</p>`;
  const unit = report.unit === 'level' ? 'Level' : 'Stage';
  // Fairwinds' stage 1 has no checks of its own (objects are declared or not): no column.
  const from = report.model === 'fairwinds' ? 1 : 0;
  const head = report.stages
    .slice(from)
    .map(
      (stage) =>
        `<th scope="col" class="num"><abbr title="${escapeHtml(stage.name)}">${stage.stage}</abbr></th>`,
    )
    .join('');
  const rows = table.rows.map((row) => {
    const cells = row.cells.slice(from).map((cell, index) => {
      const status = STATUS_CLASS[cell.status];
      const bucket = cell.coverage === null ? '' : ` b${Math.floor(cell.coverage * 10)}`;
      const errors =
        cell.errors > 0 ? `, ${cell.errors === 1 ? 'one is an error' : `${cell.errors} are errors`}` : '';
      const counts = `${cell.passed} passed, ${cell.failed} failed${errors}, ${cell.exempt} exempt`;
      const title = `${row.label}, ${unit.toLowerCase()} ${index + 1 + from}: ${cell.status}; ${counts}`;
      return `<td class="heat ${status}${bucket}" title="${escapeHtml(title)}">${cell.coverage === null ? '—' : `${STATUS_MARK[cell.status]} ${percent(report, cell.coverage)}`}<span class="sr"> ${escapeHtml(cell.status)}, ${counts}</span></td>`;
    });
    return `<tr><th scope="row">${escapeHtml(row.label)}</th>${cells.join('')}</tr>`;
  });
  const more =
    table.more > 0
      ? `<p class="muted">And ${plural(table.more, `more ${what.toLowerCase()}`)}, not shown: the ${table.rows.length} with the most failed checks, then the most checks, are.</p>`
      : '';
  return [
    `<div class="scroll"><table class="heat-table"><caption>${unit}s by ${what.toLowerCase()}: the share of checks that pass (✓ met, ✗ not met, — nothing judged)</caption>`,
    `<thead><tr><th scope="col">${what}</th>${head}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody></table></div>`,
    more,
  ].join('\n');
}

function folderSection(
  report: MaturityReport,
  index: number,
  options: HtmlOptions,
  several: boolean,
): string {
  const id = `r${index}`;
  const heading = (level: number, text: string, anchor: string) =>
    `<h${level + (several ? 1 : 0)} id="${id}-${anchor}">${text}</h${level + (several ? 1 : 0)}>`;
  const { verdict } = report;
  const verdictText =
    verdict.stage === null
      ? 'No Kubernetes manifests found'
      : `${stageLabel(report, verdict.stage)} of ${report.total} · ${escapeHtml(verdict.name)}${verdict.label ? ` (${escapeHtml(verdict.label)})` : ''}`;
  const lines: string[] = [];
  lines.push(`<section aria-labelledby="${id}-verdict">`);
  if (several) lines.push(`<h2 id="${id}-name">${escapeHtml(report.name)}</h2>`);
  lines.push(
    `<p class="verdict" id="${id}-verdict">${verdictText}${verdict.stage === null ? '' : ` · score ${verdict.score}`}</p>`,
  );
  if (verdict.reason) lines.push(`<p>Why not higher: ${escapeHtml(verdict.reason)}.</p>`);
  if (verdict.metAhead.length > 0)
    lines.push(
      `<p>Met ahead of the verdict: ${report.unit}${verdict.metAhead.length === 1 ? '' : 's'} ${list(verdict.metAhead)}. They count once every ${report.unit} below them is met.</p>`,
    );
  for (const note of report.notes) lines.push(`<p class="muted">${escapeHtml(note)}</p>`);
  lines.push('</section>');
  lines.push(
    `<section aria-labelledby="${id}-ladder">`,
    heading(2, `${report.unit === 'level' ? 'Levels' : 'Stages'}`, 'ladder'),
  );
  lines.push(`<div class="scroll">${ladder(report, `${id}-svg`)}</div>`, stageTable(report), '</section>');
  lines.push(
    `<section aria-labelledby="${id}-next">`,
    heading(2, 'Next steps', 'next'),
    nextSteps(report, options),
    '</section>',
  );
  lines.push(`<section aria-labelledby="${id}-by">`, heading(2, 'Breakdown', 'by'));
  lines.push(heading(3, 'By namespace', 'namespaces'), heatTableHtml(report, report.namespaces, 'Namespace'));
  lines.push(heading(3, 'By folder', 'folders'), heatTableHtml(report, report.folders, 'Folder'));
  lines.push(
    `<p class="muted">Workspace-wide checks (such as whether any network policy exists) belong to no namespace or folder and are counted in the ${report.unit}s above only.</p>`,
    '</section>',
  );
  return lines.join('\n');
}

/** `2026-12-07 06:39` of an ISO date, whatever the year's width. */
function shownDate(iso: string): string {
  const match = /^([+-]?\d+-\d\d-\d\d)T(\d\d:\d\d)/.exec(iso);
  return match ? `${match[1]} ${match[2]}` : iso;
}

/** The whole page: a header (date, version, lens, threshold), then each folder's report. */
export function renderReportHtml(reports: readonly MaturityReport[], options: HtmlOptions = {}): string {
  const first = reports[0];
  const csp = options.webview
    ? `default-src 'none'; style-src 'nonce-${options.webview.nonce}'; img-src data:;`
    : "default-src 'none'; style-src 'unsafe-inline'; img-src data:;";
  const nonce = options.webview ? ` nonce="${escapeHtml(options.webview.nonce)}"` : '';
  const title =
    reports.length === 1 ? `Kubernetes maturity report: ${first.name}` : 'Kubernetes maturity report';
  const meta = first
    ? `${escapeHtml(reports.map((report) => report.name).join(', '))} · ${escapeHtml(shownDate(first.generated))} UTC · ${escapeHtml(`${first.tool.name} ${first.tool.version}`)} · ${LENS_NAME[first.model]} · threshold ${first.threshold}%`
    : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8"/>',
    `<meta http-equiv="Content-Security-Policy" content="${csp}"/>`,
    '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
    `<title>${escapeHtml(title)}</title>`,
    `<style${nonce}>${styles(Boolean(options.webview))}</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>Kubernetes maturity report</h1>',
    `<p class="meta">${meta}</p>`,
    '</header>',
    '<main>',
    reports.length === 0
      ? '<p>No workspace folder.</p>'
      : reports.map((report, index) => folderSection(report, index, options, reports.length > 1)).join('\n'),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
