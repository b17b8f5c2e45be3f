// The dashboard end to end in headless Chromium (playwright-core): reach a lever and the Run button
// with the keyboard alone, change the lever, run, and check that the results table and the chart
// appear and that the lever moved a number; axe-core finds no WCAG 2.2 A/AA violation before and
// after. Usage: SENDTWIN_WEB=web node dashboard_browser_test.mjs URL SCREENSHOT.png
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const require = createRequire(resolve(process.env.SENDTWIN_WEB || 'web', 'package.json'));
const { chromium } = require('playwright-core');
const [url, screenshot] = process.argv.slice(2);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
let failed = 0;
const check = (name, ok, detail = '') => {
  console.log(`${ok ? 'ok' : 'FAIL'} - ${name}${detail ? ': ' + detail : ''}`);
  if (!ok) failed++;
};
async function axe(page, when) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }));
  const v = result.violations.map((x) => `${x.id} (${x.nodes.length}: ${x.nodes[0].target})`);
  check(`axe-core ${when}: no WCAG 2.2 A/AA violation`, v.length === 0, v.join(', '));
}
// Presses Tab until the element with `id` has the focus (the keyboard alone reaches it).
async function tabTo(page, id) {
  for (let k = 0; k < 120; k++) {
    if (await page.evaluate(() => document.activeElement && document.activeElement.id) === id) return true;
    await page.keyboard.press('Tab');
  }
  return false;
}
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await (await browser.newContext({ viewport: { width: 1100, height: 1000 } })).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => document.querySelectorAll('#la option').length > 100 && document.querySelectorAll('#levers input').length > 0, null, { timeout: 30000 });
  check('the LAs and levers are listed', true);
  await axe(page, 'before a run');
  check('the keyboard reaches the scale', await tabTo(page, 'scale'));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('0.01');
  check('the keyboard reaches the inclusion lever', await tabTo(page, 'lever-inclusion_incentive'));
  await page.keyboard.type('0.6');
  check('the keyboard reaches Run', await tabTo(page, 'run'));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^(Done|Error)/.test(document.getElementById('status').textContent), null, { timeout: 120000 });
  const status = await page.textContent('#status');
  check('the run finishes', status === 'Done.', status);
  const diff = await page.textContent('#result-table tr[data-measure="plans_independent_special"] td.difference');
  check('the lever moved a number (independent special plans)', diff && !/^-?0$/.test(diff.trim()), diff);
  await page.waitForSelector('#chart svg', { timeout: 30000 });
  check('the chart is drawn', (await page.locator('#chart svg').count()) === 1);
  check('the chart has its data table', (await page.locator('#chart-data tbody tr').count()) > 5);
  check('no script error', errors.length === 0, errors.join('; '));
  await axe(page, 'after a run');
  await page.screenshot({ path: screenshot, fullPage: true });
  // Issue 15: an LA whose run at the dashboard's defaults aborted the server (Isles of Scilly), then
  // a run that fails after its answer began and a busy server: the status line says what happened.
  const runAndWait = async () => {
    await page.evaluate(() => { document.getElementById('status').textContent = ''; });
    await page.click('#run');
    await page.waitForFunction(() => /^(Done|Error)/.test(document.getElementById('status').textContent), null, { timeout: 120000 });
    return page.textContent('#status');
  };
  await page.selectOption('#la', '420');
  await page.fill('#scale', '0.02');
  await page.fill('#lever-inclusion_incentive', '');
  const scilly = await runAndWait();
  check('Isles of Scilly at the defaults: the run finishes', scilly === 'Done.' && /Isles of Scilly/.test(await page.textContent('#results h2')), scilly);
  await page.route('**/api/run', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '   {"error":"the run failed (a test)"}' }));
  const failedRun = await runAndWait();
  check('a run that failed after its answer began: the status line shows the error', failedRun === 'Error: the run failed (a test)', failedRun);
  await page.unroute('**/api/run');
  await page.route('**/api/run', (route) => route.fulfill({ status: 503, contentType: 'application/json', headers: { 'Retry-After': '5' }, body: '{"error":"the server is busy: 2 runs under way; try again shortly"}' }));
  const busy = await runAndWait();
  check('a busy server: the status line says so', busy === 'Error: the server is busy: 2 runs under way; try again shortly', busy);
  await page.unroute('**/api/run');
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
