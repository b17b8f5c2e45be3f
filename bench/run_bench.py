#!/usr/bin/python3
"""`make bench`: sendtwin's engine beside the numpy peer on the reference model RM1, the machine's
memory bandwidth, one national SEND replicate, one LA (Camden, Kent) at full scale with 20 replicates,
England's baseline and a scenario at full scale with 20 replicates each,
and 1,000 simulations of witan.send's demo project,
in one run. Prints one table; exits 1 if the two
engines' national RM1 counts disagree by 1% or more (counts above 10,000), as REFERENCE_MODEL.md
requires.

Usage: bench/run_bench.py BUILD_DIR SHARED_DIR [N] [M]
"""
import json
import os
import subprocess
import sys

build, shared = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000_000
m = int(sys.argv[4]) if len(sys.argv) > 4 else 120
bench = os.path.join(build, "sendtwin_bench")
threads = os.cpu_count() or 1


def run(cmd):
    print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


triad = run([bench, "triad", "--threads", str(threads)])
engine = {t: run([bench, "rm1", "--agents", str(n), "--months", str(m), "--threads", str(t)]) for t in (1, threads)}
peer = run(["/usr/bin/python3", os.path.join(shared, "bench", "peer_numpy.py"), str(n), str(m), "1"])
send = run([bench, "send", "--threads", str(threads)])
# One LA as `sendtwin la` runs it (issue 21): the LA alone (and any LA whose ledger it shares), its flows
# fitted, 2025 to 2035 at full scale, 20 replicates each with its own parameter draw.
la_targets = {"202": ("Camden", 1.0), "886": ("Kent", 3.0)}
one_la = {code: run([bench, "la", code, "--replicates", "20", "--threads", str(threads), "--repeats", "3"]) for code in la_targets}
# England as `sendtwin scenario` runs it (issue 21): every LA's flows fitted, then a baseline and the
# White Paper's preset, 2025 to 2035 at full scale, 20 replicates each with parameter draws.
pair = run([bench, "pair", "--replicates", "20", "--threads", str(threads), "--repeats", "1"])
witan_config = os.path.join(shared, "peers", "witan.send-demo", "config.edn")
witan = run([bench, "witan", witan_config, "--simulations", "1000", "--threads", str(threads)]) \
    if os.path.exists(witan_config) else None

e = engine[threads]
ratio = e["agent_months_per_s"] / peer["agent_months_per_s"]
rows = [
    ("RM1 agents x months", f"{n:,} x {m}", ""),
    ("engine agent-months/s (%d threads)" % threads, f"{e['agent_months_per_s']:,.0f}", f"{e['seconds']:.3f} s"),
    ("engine agent-months/s (1 thread)", f"{engine[1]['agent_months_per_s']:,.0f}", f"{engine[1]['seconds']:.3f} s"),
    ("thread scaling 1 -> %d" % threads, f"{engine[1]['seconds'] / e['seconds']:.2f}x", ""),
    ("numpy peer agent-months/s", f"{peer['agent_months_per_s']:,.0f}", f"{peer['seconds']:.3f} s"),
    ("ratio engine / peer", f"{ratio:.1f}x", "target >= 20x"),
    ("RM1 state bytes per agent (store + event calendar, peak)", f"{e['bytes_per_agent']:.2f}", "target <= 16"),
    ("RM1 peak RSS", f"{e['peak_rss_kb'] / 1024:.0f} MiB", f"{e['peak_rss_kb'] * 1024 / n:.1f} bytes/agent"),
    ("memory bandwidth (triad, %d threads)" % threads, f"{triad['triad_gb_per_s']:.1f} GB/s", ""),
    ("engine bytes of agent state streamed per second", f"{e['agent_months_per_s'] * e['bytes_per_agent'] / 1e9:.1f} GB/s",
     "if every agent were touched every month"),
    ("national replicate: %.2f s" % send["national_replicate_s"], f"{send['peak_agents']:,} agents",
     f"median of {send['repeats']} (fastest {send['fastest_s']:.2f} s, slowest {send['slowest_s']:.2f} s); "
     f"{send['las']} LAs, {threads} threads, target <= 1 s (issue 21)"),
    ("national replicate peak RSS", f"{send['peak_rss_kb'] / 1024:.0f} MiB",
     f"{send['peak_rss_bytes_per_agent']:.1f} bytes/agent (target <= 48); LAs stream through memory, "
     f"{send['peak_resident_agents']:,} agents held at once ({send['peak_rss_bytes_per_resident_agent']:.1f} bytes each "
     f"incl. the program); state {send['bytes_per_agent_state']} bytes/agent"),
]
for code, (name, target) in la_targets.items():
    r = one_la[code]
    rows.append((f"{name} ({code}) 2025-2035, full scale, 20 replicates: {r['seconds']:.2f} s", f"{r['peak_rss_kb'] / 1024:.0f} MiB peak RSS",
                 f"median of {r['repeats']} (fastest {r['fastest_s']:.2f} s, slowest {r['slowest_s']:.2f} s); fit of its flows "
                 f"{r['fit_s']:.2f} s of it; parameters drawn per replicate; {r['las_run']} LA(s) run, {threads} threads; "
                 f"target <= {target:g} s"))
rows.append((f"England 2025-2035, full scale, baseline + scenario, 20 replicates each: {pair['seconds']:.1f} s",
             f"{pair['peak_rss_kb'] / 1024:.0f} MiB peak RSS",
             f"one run; fit of every LA's flows {pair['fit_s']:.1f} s of it; scenario {pair['scenario']}; parameters drawn per "
             f"replicate; {threads} threads; target <= 30 s"))
if witan:
    rows.append(("witan.send demo, 1,000 simulations: %.2f s" % witan["witan_s"], f"{witan['simulate_s']:.2f} s simulating",
                 f"median of {witan['repeats']} (fastest {witan['fastest_s']:.2f} s, slowest {witan['slowest_s']:.2f} s); "
                 f"read, parameters, simulations and the six outputs' text; {threads} threads"))
# The dashboard under load (wrk): the lever table and small LA runs, 10 s each.
load_script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "load_test.sh")
load_ok = True
if subprocess.run(["which", "wrk"], capture_output=True).returncode == 0:
    print("$ " + load_script, file=sys.stderr, flush=True)
    load = subprocess.run(["bash", load_script, os.path.join(build, "sendtwin"), "10"], capture_output=True, text=True)
    load_ok = load.returncode == 0
    for line in load.stdout.strip().splitlines():
        what, _, rest = line.partition(": ")
        fields = dict(kv.split("=") for kv in rest.split() if "=" in kv)
        rows.append((f"serve load, {what}", f"{float(fields.get('requests_per_s', 0)):,.0f} req/s",
                     f"p50 {fields.get('p50_ms')} ms, p90 {fields.get('p90_ms')} ms, p99 {fields.get('p99_ms')} ms; "
                     f"{fields.get('requests')} requests, {fields.get('errors')} errors"))
else:
    rows.append(("serve load", "skipped", "wrk is not installed (make bench installs it)"))
# Sweep throughput across MPI ranks: the example plan (12 runs), K = 1 and 2, one thread a rank.
plan = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenarios", "example-sweep.toml")
if subprocess.run(["which", "mpirun"], capture_output=True).returncode == 0 and os.path.exists(plan):
    import tempfile
    import time
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    for k in (1, 2):
        with tempfile.TemporaryDirectory() as out:
            cmd = ["mpirun", "--oversubscribe", "-n", str(k), os.path.join(build, "sendtwin"), "sweep", plan, "--out", out, "--threads", "1", "-q"]
            print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
            start = time.monotonic()
            done = subprocess.run(cmd, capture_output=True, text=True, env=env)
            seconds = time.monotonic() - start
            items = 12
            rows.append((f"sweep, {k} MPI rank(s)", f"{items / seconds:.2f} runs/s",
                         f"{seconds:.1f} s for the example plan's {items} runs (scale 0.02, to 2030), 1 thread a rank"
                         + ("" if done.returncode == 0 else "; FAILED")))
# The backtest at full scale (issue 17): 6 origins, every LA, 20 replicates each; target <= 3 minutes.
import tempfile
import time
with tempfile.TemporaryDirectory() as out:
    cmd = [os.path.join(build, "sendtwin"), "backtest", "--out", out, "--quiet"]
    print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
    start = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.monotonic() - start
    backtest_table = done.stdout
    rows.append(("backtest, 6 origins, full scale", f"{seconds:.0f} s",
                 "every LA, 20 replicates an origin, %d threads; target <= 180 s" % threads
                 + ("" if done.returncode == 0 else "; FAILED")))
width = max(len(r[0]) for r in rows)
print(f"{'measure':<{width}}  {'value':>22}  note")
for name, value, note in rows:
    print(f"{name:<{width}}  {value:>22}  {note}")

print("\nRM1 national counts")
print(f"{'state':<18} {'engine':>12} {'peer':>12} {'diff %':>8}")
ok = True
for state, count in e["counts"].items():
    other = peer["counts"][state]
    diff = 100.0 * (count - other) / other if other else 0.0
    flag = ""
    if max(count, other) > 10_000 and abs(diff) >= 1.0:
        ok = False
        flag = "  DISAGREE"
    print(f"{state:<18} {count:>12,} {other:>12,} {diff:>+8.2f}{flag}")
if engine[1]["counts"] != e["counts"]:
    print("engine counts differ between 1 and %d threads" % threads)
    ok = False
print("engines agree within 1%" if ok else "ENGINES DISAGREE")
if not load_ok:
    print("THE LOAD TEST HAD ERRORS")
print("\nBacktest (sendtwin backtest, full scale)")
print(backtest_table)
sys.exit(0 if ok and load_ok else 1)
