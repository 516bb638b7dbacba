// npm run test:e2e: Playwright (playwright-core + Debian's Chromium) drives code-server on 127.0.0.1 as a
// user would: the sample workspace, a squiggle, the Problems panel, a hover, a quick fix from the light
// bulb, and the "Kubernetes Maturity" view. Each step saves a screenshot under test-results/.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  installExtension,
  log,
  ROOT,
  SetupError,
  userDataDir,
  withWorkbench,
} from '../../scripts/vscode/tools.mjs';

const RESULTS = join(ROOT, 'test-results');
const steps = [];

async function step(name, page, run) {
  const started = Date.now();
  try {
    await run();
    await page.screenshot({
      path: join(RESULTS, `${String(steps.length + 1).padStart(2, '0')}-${name}.png`),
    });
    steps.push({ name, ok: true, ms: Date.now() - started });
    process.stdout.write(`ok - ${name} (${Date.now() - started} ms)\n`);
  } catch (error) {
    await page
      .screenshot({ path: join(RESULTS, `${String(steps.length + 1).padStart(2, '0')}-${name}-FAILED.png`) })
      .catch(() => undefined);
    steps.push({ name, ok: false, ms: Date.now() - started });
    process.stdout.write(
      `not ok - ${name}\n    ${String(error.message ?? error)
        .split('\n')
        .join('\n    ')}\n`,
    );
  }
}

async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(name);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${name.split('/').pop()}"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab.active[aria-label*="${name.split('/').pop()}"]`);
}

/**
 * Monaco recycles its line elements as it re-renders (a decoration arriving, a scroll), so a line found a
 * moment ago can be detached by the time it is acted on: act again on the line found afresh.
 */
async function onLine(page, text, act) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await act(lineLocator(page, text));
    } catch (error) {
      if (attempt >= 5 || !/not attached to the DOM|detached/.test(String(error.message ?? error)))
        throw error;
    }
  }
}

/** The editor line (1-based) as Monaco renders it. */
function lineLocator(page, text) {
  return page.locator('.monaco-editor .view-line', { hasText: text }).first();
}

async function main() {
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'kube-maturity-e2e-'));
  const workspace = join(work, 'examples');
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
  const extensionsDir = join(work, 'extensions');
  installExtension(extensionsDir);
  const userData = userDataDir(
    {
      'editor.hover.delay': 100,
      'editor.stickyScroll.enabled': false,
      'editor.minimap.enabled': false,
    },
    work,
  );
  try {
    await withWorkbench({ workspace, extensionsDir, userData }, async (page) => {
      await step('squiggle-under-container-without-probes', page, async () => {
        await openFile(page, 'shop/frontend.yaml');
        // The container name carries the warnings: a squiggle is drawn under it.
        await page.waitForSelector('.monaco-editor .squiggly-warning', { timeout: 60_000 });
        await onLine(page, '- name: web', (line) => line.scrollIntoViewIfNeeded());
      });

      await step('problems-panel', page, async () => {
        await page.keyboard.press('Control+Shift+M');
        const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'no livenessProbe' }).first();
        await row.waitFor({ timeout: 30_000 });
        const text = await row.innerText();
        if (!/container web: no livenessProbe/.test(text)) throw new Error(`unexpected problem row: ${text}`);
      });

      await step('hover', page, async () => {
        // The container's name carries its findings: hover the word under the squiggle.
        await onLine(page, '- name: web', (line) =>
          line.locator('span', { hasText: /^web$/ }).first().hover(),
        );
        const hover = page.locator('.monaco-hover', { hasText: 'Suppress:' }).first();
        await hover.waitFor({ state: 'visible', timeout: 30_000 });
        const text = await hover.innerText();
        if (!/stage \d · /.test(text) || !/How to fix:/.test(text))
          throw new Error(`hover without the control's stage and fix: ${text.slice(0, 300)}`);
      });

      await step('quick-fix-from-light-bulb', page, async () => {
        await page.keyboard.press('Escape');
        await onLine(page, '- name: web', (line) => line.click());
        await page.keyboard.press('Control+.');
        const item = page
          .locator('.action-widget .monaco-list-row', {
            hasText: 'imagePullPolicy: Always (review)',
          })
          .first();
        await item.waitFor({ timeout: 30_000 });
        await item.click();
        // The finding leaves the Problems panel, and the inserted line is in the text (found and shown).
        await page
          .locator('.markers-panel .monaco-list-row', { hasText: 'pull-policy-not-always' })
          .first()
          .waitFor({ state: 'detached', timeout: 30_000 });
        await page.keyboard.press('Control+F');
        await page.keyboard.type('imagePullPolicy: Always');
        await page.keyboard.press('Enter');
        await lineLocator(page, 'imagePullPolicy: Always').waitFor({ timeout: 30_000 });
        await page.keyboard.press('Escape');
      });

      await step('maturity-view', page, async () => {
        await page.locator('.activitybar .action-item a[aria-label^="Kubernetes Maturity"]').first().click();
        const root = page.locator('.monaco-list-row', { hasText: /Stage \d of 7 · / }).first();
        await root.waitFor({ timeout: 30_000 });
        const stage = page.locator('.monaco-list-row', { hasText: '4 · Build Confidence' }).first();
        await stage.click();
        await page
          .locator('.monaco-list-row', { hasText: 'missing-liveness-probe' })
          .first()
          .waitFor({ timeout: 30_000 });
        const rows = await page.locator('.pane-body .monaco-list-row').allInnerTexts();
        log(
          `view rows: ${rows
            .slice(0, 12)
            .map((row) => row.replace(/\s+/g, ' '))
            .join(' | ')}`,
        );
      });
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const failed = steps.filter((entry) => !entry.ok).length;
  if (failed === 0 && process.argv.includes('--update-readme-screenshots')) {
    const target = join(ROOT, 'docs/screenshots');
    mkdirSync(target, { recursive: true });
    for (const [from, to] of [
      ['01-squiggle-under-container-without-probes', 'squiggle'],
      ['03-hover', 'hover'],
      ['04-quick-fix-from-light-bulb', 'quick-fix'],
      ['05-maturity-view', 'maturity-view'],
    ]) {
      cpSync(join(RESULTS, `${from}.png`), join(target, `${to}.png`));
    }
    log('README screenshots updated in docs/screenshots/');
  }
  process.stdout.write(
    `e2e: ${steps.length - failed} passed, ${failed} failed (screenshots in test-results/)\n`,
  );
  return failed === 0 && steps.length === 5;
}

try {
  readFileSync(join(ROOT, 'dist/server.js'));
  process.exit((await main()) ? 0 : 1);
} catch (error) {
  process.stderr.write(`test:e2e: ${error instanceof SetupError ? error.message : error.stack}\n`);
  process.exit(1);
}
