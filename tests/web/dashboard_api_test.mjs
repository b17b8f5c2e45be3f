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
const run = await post('api/run', { la: '886', levers: { special_places_per_year: 20000 }, scale: 0.05, replicates: 1, to: 2028 });
const result = await run.json();
const state = result.measures.find((m) => m.id === 'plans_state_special');
check('POST /api/run runs the LA with the levers', run.status === 200 && result.geography === 'Kent' && state.difference.at(-1) > 0,
      `state special difference ${state && state.difference.at(-1)}`);
for (const id of ['high_needs_spend', 'high_needs_allocation', 'cumulative_dsg_balance']) {
  const m = result.measures.find((x) => x.id === id);
  check(`POST /api/run gives ${id} by financial year (Kent's ledger)`, m && m.unit === 'GBP' && m.period_kind === 'financial year' && m.periods.length > 0 && m.baseline.every(Number.isFinite),
        JSON.stringify(m || {}).slice(0, 120));
}
check('POST /api/run says where the money comes from', /Kent's own DSG ledger/.test(result.money), result.money);
// Kent's own levers: act on Kent's model alone.
const local = await post('api/run', { la: '886', local: { 886: { sen_support_quality: 0.6 } }, scale: 0.05, replicates: 1, to: 2028 });
const own = await local.json();
const requests = own.measures && own.measures.find((m) => m.id === 'requests');
check("POST /api/run with Kent's own lever (local) lowers Kent's requests", local.status === 200 && own.geography === 'Kent' && requests.difference.at(-1) < 0,
      `${local.status} requests difference ${requests && requests.difference.at(-1)}`);
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
