// The HTML report in headless Chromium (Debian's), driven by playwright-core: it opens with the
// network off (every request is refused and counted), every chart draws an SVG, and axe-core finds
// no WCAG 2.2 A/AA violation. Usage: SENDTWIN_WEB=web node report_browser_test.mjs REPORT.html SCREENSHOT.png [KIND]
// (SENDTWIN_WEB: the folder whose node_modules hold playwright-core and axe-core). KIND `la` also
// checks what an LA's finance officer reads (issue 20): a summary at the top, DfE's published points,
// one money chart with its band, the threshold and the override's end, the similar LAs' lines each
// named, years on the axes; KIND `scenario` checks that the levers are listed. Beside SCREENSHOT
// (the top of the page) it keeps a screenshot of each of those charts (SCREENSHOT-money.png, ...).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(resolve(process.env.SENDTWIN_WEB || 'web', 'package.json'));
const { chromium } = require('playwright-core');
const [report, screenshot, kind = 'run'] = process.argv.slice(2);
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
  // Axes read years ("2015", "2028-29"), never a January's "2015-01".
  const months = await page.locator('div.chart svg text').evaluateAll((ts) => ts.map((t) => t.textContent).filter((x) => /^\d{4}-01$/.test(x)));
  check('no axis label is a month ("2015-01")', months.length === 0, months.slice(0, 3).join(', '));
  const figure = (title) => page.locator('figure', { has: page.locator('h3', { hasText: title }) }).first();
  // Bands are the only areas; DfE's figures the only red (#d4351c) symbols.
  const selectors = { band: 'svg g.mark-area path', published: 'svg g.mark-symbol path[fill="#d4351c"]' };
  const marks = async (fig, what) => fig.locator(selectors[what]).count();
  const shot = async (fig, suffix) => fig.screenshot({ path: screenshot.replace(/\.png$/, `-${suffix}.png`) });
  if (kind === 'la') {
    const items = await page.locator('section.headline li').allTextContents();
    check('a summary at the top', items.length >= 4 && (await page.locator('section.headline').count()) === 1, `${items.length} items`);
    for (const words of ['EHC plans', 'high needs spend', 'of the DSG', 'statutory override', 'Cumulative DSG balance'])
      check(`the summary says "${words}"`, items.some((t) => t.toLowerCase().includes(words.toLowerCase())));
    const plans = figure(/^EHC plans 0-25$/);
    check('the EHC plans chart has DfE\'s published points', (await marks(plans, 'published')) > 0, `${await marks(plans, 'published')}`);
    const money = figure('high needs spend, allocation');
    check('one money chart', (await money.count()) === 1);
    const moneyText = (await money.locator('svg text').allTextContents()).join(' | ');
    for (const words of ['High needs spend', 'High needs allocation', 'Cumulative DSG balance', 'of the DSG', 'Statutory override ends', 'Balance published by DfE'])
      check(`the money chart shows "${words}"`, moneyText.includes(words));
    check('the money chart has a band', (await marks(money, 'band')) > 0);
    check('the money chart has DfE\'s published balances', (await marks(money, 'published')) > 0);
    const peers = figure('among its similar LAs');
    const names = (await peers.locator('thead th').allTextContents()).slice(1);
    const peerText = await peers.locator('svg text').allTextContents();
    const unnamed = names.filter((n) => !peerText.includes(n));
    check('every line of the similar LAs is named on the chart', names.length >= 3 && unnamed.length === 0, unnamed.join(', ') || `${names.length} lines`);
    await shot(money, 'money');
    await shot(peers, 'peers');
    await shot(plans, 'plans');
  }
  if (kind === 'scenario') {
    const scenarios = await page.locator('section.levers h3').allTextContents();
    const rows = await page.locator('section.levers tbody tr').count();
    check('the levers of each scenario are listed', scenarios.length >= 1 && rows >= scenarios.length, `${scenarios.join(', ')}: ${rows} lever rows`);
    await shot(page.locator('section.levers'), 'levers');
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshot, fullPage: false });
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
