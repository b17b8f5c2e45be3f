// The dashboard's JSON API over HTTP: answers, validation (4xx with {error}), no path reaching the
// file system, and a run cancelled when its client goes away. Usage: node dashboard_api_test.mjs URL
const [url] = process.argv.slice(2);
let failed = 0;
const check = (name, ok, detail = '') => {
  console.log(`${ok ? 'ok' : 'FAIL'} - ${name}${detail ? ': ' + detail : ''}`);
  if (!ok) failed++;
};
const post = (path, body, type = 'application/json') =>
  fetch(url + path, { method: 'POST', headers: { 'Content-Type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });

const las = await fetch(url + 'api/las');
const list = await las.json();
check('GET /api/las lists the LAs', las.status === 200 && list.length > 100 && list.some((l) => l.code === '886' && l.name === 'Kent'));
const levers = await (await fetch(url + 'api/levers')).json();
check('GET /api/levers lists the levers with their ranges', levers.some((l) => l.name === 'inclusion_incentive' && l.hi === 0.9));
// Issue 20: each lever's plain label and help, and whether it can act on one LA alone.
const byName = Object.fromEntries(levers.map((l) => [l.name, l]));
check('GET /api/levers gives plain labels and help (no snake_case, no citations)',
      levers.every((l) => l.label && !l.label.includes('_') && l.help && !/_|domain\.md|DESIGN\.md/.test(l.help)),
      levers.filter((l) => !l.label || l.label.includes('_')).map((l) => l.name).join(', '));
check('GET /api/levers says which levers act on one LA alone',
      byName.inclusion_incentive.local === true && byName.high_needs_funding_growth.local === false && byName.special_places_per_year.local === false);
// The LA search: a name, a short form or a code, as the command line resolves them.
for (const [query, code, name] of [['Kent', '886', 'Kent'], ['886', '886', 'Kent'], ['Bristol', '801', /Bristol/], ['kent', '886', 'Kent']]) {
  const r = await fetch(url + 'api/la?name=' + encodeURIComponent(query));
  const la = await r.json();
  check(`GET /api/la?name=${query} finds ${code}`, r.status === 200 && la.code === code && (typeof name === 'string' ? la.name === name : name.test(la.name)),
        `${r.status} ${JSON.stringify(la)}`);
}
{
  const r = await fetch(url + 'api/la?name=Nowhereshire');
  const e = await r.json();
  check('GET /api/la?name=Nowhereshire: 400 with the nearest names', r.status === 400 && /no such local authority; nearest names: /.test(e.error), `${r.status} ${e.error}`);
  const bad = await fetch(url + 'api/la?name=%zz');
  check('GET /api/la?name=%zz: 400', bad.status === 400, `${bad.status}`);
}
// Two national levers: funding growth reaches Kent's ledger (allocations after the last decided
// year), and more places move no plan out of state special schools (they move plans in only in the
// years Kent's places run short, which a small run's path may not reach).
const run = await post('api/run', { la: '886', levers: { special_places_per_year: 20000, high_needs_funding_growth: 0.1 }, scale: 0.05, replicates: 1, to: 2028 });
const result = await run.json();
const state = result.measures.find((m) => m.id === 'plans_state_special');
const allocation = result.measures.find((m) => m.id === 'high_needs_allocation');
check('POST /api/run runs the LA with the levers', run.status === 200 && result.geography === 'Kent' && allocation.difference.at(-1) > 0 &&
      state.difference.every((d) => d >= 0),
      `allocation difference ${allocation && allocation.difference.join(' ')}; state special ${state && state.difference.join(' ')}`);
for (const id of ['high_needs_spend', 'high_needs_allocation', 'cumulative_dsg_balance']) {
  const m = result.measures.find((x) => x.id === id);
  check(`POST /api/run gives ${id} by financial year (Kent's ledger)`, m && m.unit === 'GBP' && m.period_kind === 'financial year' && m.periods.length > 0 && m.baseline.every(Number.isFinite),
        JSON.stringify(m || {}).slice(0, 120));
}
check('POST /api/run says where the money comes from', /Kent's DSG ledger\./.test(result.money), result.money);
// Kent's own levers: act on Kent's model alone.
const local = await post('api/run', { la: '886', local: { 886: { sen_support_quality: 0.6 } }, scale: 0.05, replicates: 1, to: 2028 });
const own = await local.json();
const requests = own.measures && own.measures.find((m) => m.id === 'requests');
check("POST /api/run with Kent's own lever (local) lowers Kent's requests", local.status === 200 && own.geography === 'Kent' && requests.difference.at(-1) < 0,
      `${local.status} requests difference ${requests && requests.difference.at(-1)}`);
// Issue 20: an LA's goals (goals/kent.toml, `la --goals`'s form) sent with the run, read with
// `la --goals`'s parser and assessed over the run's replicates; a faulty file is a 400 at its line.
const { readFileSync, writeFileSync } = await import('node:fs');
const { resolve } = await import('node:path');
const kentGoals = readFileSync(resolve(process.env.SENDTWIN_WEB || 'web', '..', 'goals', 'kent.toml'), 'utf8');
{
  const r = await post('api/run', { la: '886', goals: kentGoals, goals_name: 'kent.toml', scale: 0.02, replicates: 4, to: 2030 });
  const g = await r.json();
  if (process.env.SENDTWIN_GOALS_OUT) writeFileSync(process.env.SENDTWIN_GOALS_OUT, JSON.stringify(g.goals));
  const goals = g.goals || [];
  check('POST /api/run with goals: the goals table, a goal a row of kent.toml', r.status === 200 && goals.length === 3 &&
        goals.map((x) => x.measure).join() === 'high_needs_in_year_balance,pct_within_20_weeks,plans_independent_special',
        `${r.status} ${JSON.stringify(goals).slice(0, 200)}`);
  const forecasts = goals.flatMap((x) => x.forecasts);
  check('... each under the baseline and the scenario, P(met) in [0, 1] = met/replicates, a status by it',
        forecasts.length === 6 && forecasts.every((f) => f.replicates === 4 && f.probability >= 0 && f.probability <= 1 &&
          f.probability === f.met / f.replicates && f.status === (f.probability >= 0.8 ? 'green' : f.probability >= 0.5 ? 'amber' : 'red') &&
          f.low <= f.mean && f.mean <= f.high),
        JSON.stringify(forecasts).slice(0, 300));
  const timely = goals.find((x) => x.measure === 'pct_within_20_weeks');
  const in2024 = timely && timely.published.find((a) => a.period === '2024');
  // DfE SEN2: Kent issued 783 of its 2,354 new plans within 20 weeks in 2024.
  check("... with Kent's published figures (2024: 783 of 2,354 within 20 weeks)", in2024 && Math.abs(in2024.value - 100 * 783 / 2354) < 1e-9 &&
        /DfE SEN2/.test(timely.source), JSON.stringify(timely && timely.published.slice(-2)));
  const independent = goals.find((x) => x.measure === 'plans_independent_special');
  check("... and the target and period as the file gives them", independent && independent.condition === 'at_most' && independent.target === 2500 &&
        independent.period === '2030-01' && independent.line === 33, JSON.stringify(independent).slice(0, 200));
  // The plans by need and by age band, every January: the age bands add up to all plans; the 12 need
  // rows to all plans but those the model records with no specialist assessment of need (NSA).
  const plans = g.measures.find((m) => m.id === 'ehc_plans');
  for (const [key, parts, whole] of [['need', 12, false], ['age', 5, true]]) {
    const b = (g.breakdowns || []).find((x) => x.key === key);
    const sums = b ? plans.periods.map((p, j) => b.measures.reduce((sum, m) => sum + m.scenario[m.periods.indexOf(p)], 0)) : [];
    check(`POST /api/run gives the plans by ${key} (${parts} parts adding up to ${whole ? 'all plans' : 'at most all plans'})`,
          b && b.measures.length === parts && b.measures.every((m) => m.periods.length === plans.periods.length && m.label) &&
          sums.every((v, j) => (whole ? Math.abs(v - plans.scenario[j]) < 1e-6 * Math.max(1, plans.scenario[j])
                                      : v <= plans.scenario[j] + 1e-6 && v > 0.9 * plans.scenario[j])),
          `${sums.slice(-1)} against ${plans.scenario.slice(-1)}`);
  }
  const england = await (await post('api/run', { scale: 0.005, replicates: 1, to: 2026 })).json();
  check('POST /api/run of England gives the plans by need and age too, and no goals', (england.breakdowns || []).length === 2 &&
        england.breakdowns.every((b) => b.measures.every((m) => m.periods.length > 0)) && england.goals.length === 0);
}
for (const [name, body, message] of [
  ['a goal whose year is not in its measure\'s form', { la: '886', goals_name: 'bad.toml', goals: '# my goals\n[[goal]]\nmeasure = "high_needs_in_year_balance"\nyear = 2028\nat_least = 0\n' },
    /^bad\.toml:4: goal\.year: high_needs_in_year_balance is a financial year's figure: give year = "2028-29"/],
  ['a percentage given as a share', { la: '886', goals_name: 'bad.toml', goals: '[[goal]]\nmeasure = "pct_within_20_weeks"\nyear = 2027\nat_least = 0.6\n' },
    /^bad\.toml:4: goal\.at_least: 0\.6 reads as a share/],
  ['goals that are not TOML', { la: '886', goals: '[[goal]]\nmeasure = \n' }, /^goals:2: /],
  ['an unknown measure', { la: '886', goals: '[[goal]]\nmeasure = "pct_within_20_week"\nyear = 2027\nat_least = 60\n' },
    /^goals:2: goal\.measure: "pct_within_20_week" is not a measure; did you mean pct_within_20_weeks\?/],
  ['a goal after the run ends', { la: '886', to: 2028, goals: '[[goal]]\nmeasure = "ehc_plans"\nyear = 2030\nat_most = 1\n' },
    /^goals:3: goal\.year: 2030-01 is after the run ends/],
  ['goals for England', { la: '', goals: kentGoals }, /^goals: goals are an LA's .*choose an LA, not England/],
]) {
  const r = await post('api/run', body);
  const e = await r.json().catch(() => ({}));
  check(`goals with ${name}: 400 at its line`, r.status === 400 && message.test(e.error || ''), `${r.status} ${e.error}`);
}
{
  const r = await post('api/run.csv', { la: '886', goals: kentGoals });
  check('goals sent for the CSV: 400 (the goals table is in /api/run)', r.status === 400, `${r.status}`);
}
const csv = await post('api/run.csv', { la: '886', scale: 0.02, replicates: 1, to: 2027 });
check('POST /api/run.csv gives the tidy CSV', csv.status === 200 && (await csv.text()).startsWith('measure,geography,code,period,value,unit,scenario,replicate'));
const xlsx = await post('api/run.xlsx', { la: '886', scale: 0.02, replicates: 1, to: 2027 });
const bytes = new Uint8Array(await xlsx.arrayBuffer());
check('POST /api/run.xlsx gives a workbook', xlsx.status === 200 && bytes[0] === 0x50 && bytes[1] === 0x4b);
for (const [name, body, status, type, message] of [
  ['not JSON', '{la:', 400],
  ['not an object', '[1, 2]', 400],
  ['an unknown field', { la: '', colour: 'red' }, 400],
  ['an unknown LA', { la: '999' }, 400],
  ['an unknown lever', { levers: { nonsense: 1 } }, 400],
  ['a lever out of range', { levers: { inclusion_incentive: 5 } }, 400],
  ['a lever of the wrong type', { levers: { inclusion_incentive: 'a lot' } }, 400],
  ['replicates out of range', { replicates: 1000 }, 400],
  ['a local lever for an unknown LA', { local: { 999: { inclusion_incentive: 0.3 } } }, 400, undefined, /local: "999" is not an LA of the run/],
  ['a money lever sent as local', { la: '886', local: { 886: { high_needs_funding_growth: 0.1 } } }, 400, undefined, /acts on England's money or places, not one LA's/],
  ['a local lever for another LA than the run', { la: '886', local: { 202: { inclusion_incentive: 0.3 } } }, 400, undefined, /is not the LA of the run \(886\)/],
  ['a year before from', { from: 2030, to: 2028 }, 400],
  ['a body over 16 KiB', { la: 'x'.repeat(20000) }, 413],
  ['a body that is not JSON by type', 'la=886', 415, 'application/x-www-form-urlencoded'],
]) {
  const r = await post('api/run', body, type);
  const text = await r.text();
  let error = '';
  try { error = JSON.parse(text).error; } catch { error = ''; }
  check(`${name}: ${status} with an error`, r.status === status && error.length > 0 && (!message || message.test(error)), `${r.status} ${text.slice(0, 160)}`);
}
for (const path of ['../../etc/passwd', '%2e%2e/%2e%2e/etc/passwd', 'api/../../etc/passwd', 'index.html']) {
  const r = await fetch(url + path);
  check(`GET /${path} reaches no file`, r.status === 404, `${r.status}`);
}
// A long run whose client goes away after a second: the socket is closed under the request.
const http = await import('node:http');
await new Promise((done) => {
  const req = http.request(url + 'api/run', { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => res.resume());
  req.on('error', () => done());
  req.on('close', () => done());
  req.end(JSON.stringify({ scale: 0.25, replicates: 10, to: 2040 }));
  setTimeout(() => req.destroy(), 1000);
});
console.log('# a long run abandoned after a second');
process.exit(failed ? 1 : 0);
