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
const run = await post('api/run', { la: '886', levers: { special_places_per_year: 20000 }, scale: 0.05, replicates: 1, to: 2028 });
const result = await run.json();
const state = result.measures.find((m) => m.id === 'plans_state_special');
check('POST /api/run runs the LA with the levers', run.status === 200 && result.geography === 'Kent' && state.difference.at(-1) > 0,
      `state special difference ${state && state.difference.at(-1)}`);
const csv = await post('api/run.csv', { la: '886', scale: 0.02, replicates: 1, to: 2027 });
check('POST /api/run.csv gives the tidy CSV', csv.status === 200 && (await csv.text()).startsWith('measure,geography,code,period,value,unit,scenario,replicate'));
const xlsx = await post('api/run.xlsx', { la: '886', scale: 0.02, replicates: 1, to: 2027 });
const bytes = new Uint8Array(await xlsx.arrayBuffer());
check('POST /api/run.xlsx gives a workbook', xlsx.status === 200 && bytes[0] === 0x50 && bytes[1] === 0x4b);
for (const [name, body, status, type] of [
  ['not JSON', '{la:', 400],
  ['not an object', '[1, 2]', 400],
  ['an unknown field', { la: '', colour: 'red' }, 400],
  ['an unknown LA', { la: '999' }, 400],
  ['an unknown lever', { levers: { nonsense: 1 } }, 400],
  ['a lever out of range', { levers: { inclusion_incentive: 5 } }, 400],
  ['a lever of the wrong type', { levers: { inclusion_incentive: 'a lot' } }, 400],
  ['replicates out of range', { replicates: 1000 }, 400],
  ['a year before from', { from: 2030, to: 2028 }, 400],
  ['a body over 16 KiB', { la: 'x'.repeat(20000) }, 413],
  ['a body that is not JSON by type', 'la=886', 415, 'application/x-www-form-urlencoded'],
]) {
  const r = await post('api/run', body, type);
  const text = await r.text();
  let error = '';
  try { error = JSON.parse(text).error; } catch { error = ''; }
  check(`${name}: ${status} with an error`, r.status === status && error.length > 0, `${r.status} ${text.slice(0, 100)}`);
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
