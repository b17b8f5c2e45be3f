// The HTML report in headless Chromium (Debian's), driven by playwright-core: it opens with the
// network off (every request is refused and counted), every chart draws an SVG, and axe-core finds
// no WCAG 2.2 A/AA violation. Usage: SENDTWIN_WEB=web node report_browser_test.mjs REPORT.html SCREENSHOT.png
// (SENDTWIN_WEB: the folder whose node_modules hold playwright-core and axe-core).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(resolve(process.env.SENDTWIN_WEB || 'web', 'package.json'));
const { chromium } = require('playwright-core');
const [report, screenshot] = process.argv.slice(2);
if (!report || !screenshot) {
  console.error('usage: node report_browser_test.mjs REPORT.html SCREENSHOT.png');
  process.exit(2);
}
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
let failed = 0;
const check = (name, ok, detail = '') => {
  console.log(`${ok ? 'ok' : 'FAIL'} - ${name}${detail ? ': ' + detail : ''}`);
  if (!ok) failed++;
};
try {
  const context = await browser.newContext({ offline: true, viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  let requests = 0;
  await page.route('**/*', (route) => {
    if (route.request().url().startsWith('file:')) return route.continue();
    requests++;
    return route.abort();
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(report).href);
  const charts = await page.locator('div.chart').count();
  await page.waitForFunction((n) => document.querySelectorAll('div.chart svg').length === n, charts, { timeout: 60000 }).catch(() => {});
  const drawn = await page.locator('div.chart svg').count();
  check('the report has charts', charts > 0, `${charts}`);
  check('every chart is drawn (an SVG each)', drawn === charts, `${drawn} of ${charts}`);
  check('nothing is loaded from the network', requests === 0, `${requests} request(s)`);
  check('no script error', errors.length === 0, errors.join('; '));
  const tables = await page.locator('figure table').count();
  check('every chart has a data table', tables === charts, `${tables} tables`);
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }));
  const violations = result.violations.map((v) => `${v.id} (${v.nodes.length})`);
  check('axe-core: no WCAG 2.2 A/AA violation', violations.length === 0, violations.join(', '));
  await page.screenshot({ path: screenshot, fullPage: false });
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
