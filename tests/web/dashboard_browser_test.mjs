// The dashboard end to end in headless Chromium (playwright-core), keyboard only: search the LA
// picker (a short form, a code, a name; one it cannot find), choose Kent, set one of Kent's own
// levers and an England-wide money lever, run, and check what was sent, that Kent's figures moved
// and that the money, balance and plans charts are drawn with their data tables; axe-core finds no
// WCAG 2.2 A/AA violation before and after. Usage: SENDTWIN_WEB=web node dashboard_browser_test.mjs URL SCREENSHOT.png
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
  const posted = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/run')) posted.push(r.postData()); });
  await page.goto(url);
  await page.waitForFunction(() => document.querySelectorAll('#la-options option').length > 100 && document.querySelectorAll('.lever input').length > 0, null, { timeout: 30000 });
  check('the LAs and levers are listed', true);
  const labels = await page.$$eval('.lever label', (ls) => ls.map((l) => l.textContent));
  const hints = await page.$$eval('.lever .hint', (hs) => hs.map((h) => h.textContent).join(' '));
  check('the levers have plain labels (no snake_case) and help without citations', labels.length > 10 && labels.every((l) => !l.includes('_')) &&
        !/domain\.md|DESIGN\.md|_/.test(hints), labels.filter((l) => l.includes('_')).join(', '));
  await axe(page, 'before a run');
  // Issue 20: the LA picker searches as the command line does: a short form, a code, a name.
  const pick = async (text) => {
    await page.evaluate(() => { document.getElementById('la-found').textContent = ''; });
    if (!(await tabTo(page, 'la'))) return 'the keyboard did not reach the picker';
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(text);
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => document.getElementById('la-found').textContent !== '', null, { timeout: 10000 });
    return page.textContent('#la-found');
  };
  const bristol = await pick('Bristol');
  check('the picker finds "Bristol" (Bristol, City of, 801)', /Chosen: Bristol, City of \(801\)/.test(bristol), bristol);
  check("... and offers Bristol's own levers", /Levers for Bristol, City of alone/.test(await page.textContent('#local-legend')), await page.textContent('#local-legend'));
  const nowhere = await pick('Nowhereshire');
  check('the picker says what is near a name it cannot find', /^Not found: .*nearest names/.test(nowhere) &&
        (await page.getAttribute('#la', 'aria-invalid')) === 'true', nowhere);
  const code = await pick('886');
  check('the picker finds "886" (Kent)', /Chosen: Kent \(886\)/.test(code) && (await page.inputValue('#la')) === 'Kent (886)', code);
  const england = await pick('');
  check('an empty picker is England', /^England/.test(england) && /every LA/.test(await page.textContent('#local-legend')), england);
  const kent = await pick('Kent');
  check('the picker finds "Kent"', /Chosen: Kent \(886\)/.test(kent), kent);
  check("Kent's own levers are offered", /Levers for Kent alone/.test(await page.textContent('#local-legend')));
  check('the keyboard reaches the scale', await tabTo(page, 'scale'));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('0.02');
  check("the keyboard reaches Kent's own SEN Support lever", await tabTo(page, 'lever-sen_support_quality'));
  await page.keyboard.type('0.6');
  check('the keyboard reaches the funding growth lever (England-wide)', await tabTo(page, 'lever-high_needs_funding_growth'));
  await page.keyboard.type('0.1');
  check('the keyboard reaches Run', await tabTo(page, 'run'));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^(Done|Error)/.test(document.getElementById('status').textContent), null, { timeout: 120000 });
  const status = await page.textContent('#status');
  check('the run finishes', status === 'Done.', status);
  const sent = JSON.parse(posted.at(-1) || '{}');
  check("the run sends Kent's own lever as local and the money lever for every LA",
        sent.la === '886' && sent.local && sent.local['886'] && sent.local['886'].sen_support_quality === 0.6 &&
        sent.levers.high_needs_funding_growth === 0.1 && !('sen_support_quality' in sent.levers), posted.at(-1));
  check("the results are Kent's", /^Results: Kent$/.test(await page.textContent('#results h2')) && /Kent's own DSG ledger/.test(await page.textContent('#results-about')));
  const diff = await page.textContent('#result-table tr[data-measure="requests"] td.difference');
  check("Kent's own lever moved a number (requests fall)", diff && /^-/.test(diff.trim()), diff);
  const spend = await page.textContent('#result-table tr[data-measure="high_needs_spend"] td.difference');
  check('the money moved (high needs spend)', spend && /£/.test(spend) && !/^\+?£0\.0m$/.test(spend.trim()), spend);
  for (const id of ['money', 'balance', 'plans']) {
    await page.waitForSelector(`#${id}-chart svg`, { timeout: 30000 });
    check(`the ${id} chart is drawn, with its data table`, (await page.locator(`#${id}-chart svg`).count()) === 1 &&
          (await page.locator(`#${id}-data tbody tr`).count()) >= 4);
  }
  const legend = await page.textContent('#money-chart svg');
  check('the money chart shows spend against allocation (the scenario\'s allocation too, as funding grows)',
        /spend, baseline/.test(legend) && /spend, scenario/.test(legend) && /allocation, baseline/.test(legend) && /allocation, scenario/.test(legend));
  check('no script error', errors.length === 0, errors.join('; '));
  const wide = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  check('the page fits the window (no sideways scrolling)', wide[0] <= wide[1], `${wide[0]} > ${wide[1]}`);
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
  await page.fill('#la', '420');
  await page.fill('#scale', '0.02');
  await page.fill('#lever-sen_support_quality', '');
  await page.fill('#lever-high_needs_funding_growth', '');
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
