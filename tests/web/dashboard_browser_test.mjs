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
  const polled = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/run')) posted.push(r.postData());
    if (r.url().includes('/api/progress?id=')) polled.push(r.url().split('id=')[1]);
  });
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
  check('England has no goals to set (the goals are an LA\'s)', await page.isHidden('#goals-box'));
  const kent = await pick('Kent');
  check('the picker finds "Kent"', /Chosen: Kent \(886\)/.test(kent), kent);
  check("Kent's own levers are offered", /Levers for Kent alone/.test(await page.textContent('#local-legend')));
  // Issue 20: Kent's goals, loaded from goals/kent.toml by the file input (read in the page).
  check("Kent's goals can be set", await page.isVisible('#goals-box') && /Goals for Kent/.test(await page.textContent('#goals-legend')));
  await page.setInputFiles('#goals-file', resolve(process.env.SENDTWIN_WEB || 'web', '..', 'goals', 'kent.toml'));
  await page.waitForFunction(() => document.getElementById('goals').value.includes('[[goal]]'), null, { timeout: 10000 });
  check('the goals file is read into the page', /Loaded kent\.toml/.test(await page.textContent('#goals-error')));
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
  check("the run sends Kent's goals, named by their file", sent.goals_name === 'kent.toml' && /plans_independent_special/.test(sent.goals || ''));
  check("the results are Kent's", /^Results: Kent$/.test(await page.textContent('#results h2')) && /Kent's DSG ledger\./.test(await page.textContent('#results-about')));
  const diff = await page.textContent('#result-table tr[data-measure="requests"] td.difference');
  check("Kent's own lever moved a number (requests fall)", diff && /^-/.test(diff.trim()), diff);
  const spend = await page.textContent('#result-table tr[data-measure="high_needs_spend"] td.difference');
  check('the money moved (high needs spend)', spend && /£/.test(spend) && !/^\+?£0\.0m$/.test(spend.trim()), spend);
  for (const id of ['money', 'balance', 'plans']) {
    await page.waitForSelector(`#${id}-chart svg`, { timeout: 30000 });
    check(`the ${id} chart is drawn, with its data table`, (await page.locator(`#${id}-chart svg`).count()) === 1 &&
          (await page.locator(`#${id}-data tbody tr`).count()) >= 4);
  }
  // The goals table: each goal under the baseline and the levers, its P(met) as met/replicates and
  // its status in words and colour, with Kent's published figures.
  const goalRows = await page.$$eval('#goals-table tbody tr', (rows) => rows.map((r) => ({
    p: r.querySelector('td.probability').textContent, status: r.querySelector('td.status').textContent, cls: r.querySelector('td.status').className,
    forecast: r.querySelector('td.forecast').textContent })));
  check('the goals table has each of the 3 goals under the baseline and the levers', goalRows.length === 6 &&
        (await page.locator('#goals-table tbody').count()) === 3, JSON.stringify(goalRows));
  check('... with P(met) in [0, 1] as met/replicates, a forecast with its interval and the status in words and colour',
        goalRows.every((g) => { const m = /^(\d\.\d\d) \((\d+)\/(\d+)\)$/.exec(g.p); if (!m) return false;
          const p = Number(m[1]), want = p >= 0.8 ? 'Green' : p >= 0.5 ? 'Amber' : 'Red';
          return p >= 0 && p <= 1 && Math.abs(p - Number(m[2]) / Number(m[3])) < 0.006 && g.status === want && g.cls.includes('rag-' + want.toLowerCase()) &&
            /\(.+ to .+\)$/.test(g.forecast); }), JSON.stringify(goalRows));
  const publishedTimely = await page.textContent('#goals-table tbody[data-measure="pct_within_20_weeks"] td.published');
  check("... and Kent's published figures (33.3% within 20 weeks in 2024)", /2024: 33\.3%/.test(publishedTimely), publishedTimely);
  check('... and the target', /at most 2,500 in 2030-01/.test(await page.textContent('#goals-table tbody[data-measure="plans_independent_special"]')));
  // The plans by primary need and by age band: stacked charts with their data tables.
  for (const [key, parts] of [['need', 12], ['age', 5]]) {
    await page.waitForSelector(`#plans-${key}-chart svg`, { timeout: 30000 });
    const alt = await page.getAttribute(`#plans-${key}-chart`, 'aria-label');
    check(`the plans by ${key} chart is drawn, with a text alternative and a data table of its ${parts} parts`,
          (await page.locator(`#plans-${key}-chart svg`).count()) === 1 && (await page.locator(`#plans-${key}-data tbody tr`).count()) === parts &&
          /^Stacked area chart of EHC plans by/.test(alt || ''), alt);
  }
  const chartLabels = await page.$$eval('.chart', (cs) => cs.map((c) => [c.getAttribute('role'), c.getAttribute('aria-label')]));
  check('every chart keeps its text alternative once drawn (an image, not "Vega visualization")',
        chartLabels.length >= 5 && chartLabels.every(([role, label]) => role === 'img' && label && label.length > 40 && !/Vega visualization/.test(label)),
        JSON.stringify(chartLabels.map(([r, l]) => r + ': ' + (l || '').slice(0, 40))));
  const needCaption = await page.textContent('#plans-need-chart + figcaption');
  check('the need chart says in words what it shows (the largest parts in the last January)', /plans; the largest parts ASD/.test(needCaption) || /the largest parts [A-Z]/.test(needCaption), needCaption);
  const legend = await page.textContent('#money-chart svg');
  check('the money chart shows spend against allocation (the scenario\'s allocation too, as funding grows)',
        /spend, baseline/.test(legend) && /spend, scenario/.test(legend) && /allocation, baseline/.test(legend) && /allocation, scenario/.test(legend));
  check('no script error', errors.length === 0, errors.join('; '));
  const wide = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  check('the page fits the window (no sideways scrolling)', wide[0] <= wide[1], `${wide[0]} > ${wide[1]}`);
  await axe(page, 'after a run');
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.locator('#goals-results').screenshot({ path: screenshot.replace(/\.png$/, '-goals.png') });
  await page.locator('#plans-need-chart').screenshot({ path: screenshot.replace(/\.png$/, '-need.png') });
  // A faulty goals file: the server's `file:line: field: what is wrong`, on the status line and
  // beside the goals, which are marked invalid.
  await page.fill('#goals', '[[goal]]\nmeasure = "high_needs_in_year_balance"\nyear = 2028\nat_least = 0\n');
  await page.evaluate(() => { document.getElementById('status').textContent = ''; });
  await page.click('#run');
  await page.waitForFunction(() => /^(Done|Error)/.test(document.getElementById('status').textContent), null, { timeout: 120000 });
  const bad = await page.textContent('#status');
  check('a faulty goal: its line and field on the status line', /^Error: kent\.toml:3: goal\.year: high_needs_in_year_balance is a financial year's figure/.test(bad), bad);
  check('... beside the goals, marked invalid', (await page.textContent('#goals-error')) === bad.replace(/^Error: /, '') &&
        (await page.getAttribute('#goals', 'aria-invalid')) === 'true');
  await axe(page, 'with a faulty goal shown');
  await page.fill('#goals', '');
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
  check('... and no progress is left shown after an error', await page.isHidden('#progress'));
  await page.unroute('**/api/run');
  // Issue 21: a longer run (Kent at full scale, 10 replicates, to 2032) shows its progress while it
  // runs: a bar (role progressbar, its value in aria-valuenow) and a line of text, from the server's
  // GET /api/progress for the id the page sent with the run; both hidden once the answer is in.
  check('no progress is shown before a run', await page.isHidden('#progress'));
  await page.evaluate(() => { showProgress({ stage: 'running', done: 35, total: 100, runs_done: 7, runs: 20 }); document.getElementById('progress').hidden = false; });
  check('the progress text says how far the run is', (await page.textContent('#progress-text')) ===
        'Running: 35% (7 of 20 runs done: the baseline and the scenario, 10 replicates each).', await page.textContent('#progress-text'));
  await axe(page, 'with the progress bar shown');
  await page.locator('#progress').screenshot({ path: screenshot.replace(/\.png$/, '-progress.png') });
  await page.evaluate(() => { document.getElementById('progress').hidden = true; });
  await page.fill('#la', '886');
  await page.fill('#scale', '1');
  await page.fill('#replicates', '10');
  await page.fill('#to', '2032');
  await page.evaluate(() => {
    window.progressSeen = [];
    window.progressSampler = setInterval(() => {
      const bar = document.getElementById('progress-bar');
      window.progressSeen.push({ shown: !document.getElementById('progress').hidden, role: bar.getAttribute('role'),
        now: bar.getAttribute('aria-valuenow'), text: document.getElementById('progress-text').textContent });
    }, 50);
  });
  const polledBefore = polled.length;
  const long = await runAndWait();
  const seen = await page.evaluate(() => { clearInterval(window.progressSampler); return window.progressSeen; });
  check('the longer run finishes', long === 'Done.', long);
  const running = seen.filter((x) => x.shown && /^Running: \d+% \(\d+ of 20 runs done/.test(x.text));
  const values = running.map((x) => Number(x.now));
  console.log(`# ${seen.length} samples, ${running.length} running: ${[...new Set(values)].join(' ')}`);
  check('during the run, the progress bar is shown with its value and the text "Running: N% (k of 20 runs done ...)"',
        running.length >= 2 && running.every((x) => x.role === 'progressbar' && x.now !== null) && values.every((v, k) => v >= 0 && v <= 100 && (k === 0 || v >= values[k - 1])),
        JSON.stringify(seen.slice(0, 8)));
  const sentId = JSON.parse(posted.at(-1) || '{}').progress;
  check('... from GET /api/progress with the id the page sent with the run', /^[A-Za-z0-9]{8,32}$/.test(sentId || '') &&
        polled.slice(polledBefore).length >= 2 && polled.slice(polledBefore).every((id) => id === sentId), `${sentId} ${polled.slice(polledBefore)}`);
  check('... and hidden once the answer is in', await page.isHidden('#progress'));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
