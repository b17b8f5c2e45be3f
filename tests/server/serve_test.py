#!/usr/bin/env python3
"""`sendtwin serve` against a hostile client (issue 15), end to end over sockets: request limits
(a chunked body over 16 KiB, slow clients, the connection cap), runs cancelled when their client
goes away (JSON, CSV, Excel), the cap on runs at once, Host/Origin/Content-Type checks, numbers and
bytes the body parser must refuse with 400, the security headers of every answer, and every LA at
the dashboard's defaults: the server stays up and answers each.

Usage: serve_test.py SENDTWIN_BINARY [--quick]   (--quick: only the first 12 LAs)
"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

BIN = sys.argv[1]
QUICK = "--quick" in sys.argv[2:]
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok - {name}", flush=True)
    else:
        failed += 1
        print(f"FAIL - {name}{': ' + str(detail) if detail else ''}", flush=True)


class Server:
    def __init__(self, *flags, env=None):
        self.err = tempfile.NamedTemporaryFile(prefix="serve-err-", delete=False)
        self.proc = subprocess.Popen([BIN, "serve", "--start", "2015", "--port", "0", "--threads", "1", *flags],
                                     stdout=subprocess.PIPE, stderr=self.err, text=True, env={**os.environ, **(env or {})})
        line = self.proc.stdout.readline()
        m = re.search(r"http://([0-9.]+):([0-9]+)/", line)
        if not m:
            print(f"FAIL - the server did not start: {line!r} {open(self.err.name).read()}")
            sys.exit(1)
        self.host, self.port = m.group(1), int(m.group(2))

    def stderr(self):
        with open(self.err.name) as f:
            return f.read()

    def alive(self):
        return self.proc.poll() is None

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)
        os.unlink(self.err.name)


def connect(server, timeout=10):
    s = socket.create_connection((server.host, server.port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_answer(s):
    """Reads one answer (status, headers as a lower-case dict of lists, body), chunked or not."""
    data = b""
    while b"\r\n\r\n" not in data:
        part = s.recv(65536)
        if not part:
            raise ConnectionError(f"closed before the answer's head: {data!r}")
        data += part
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, v = line.split(":", 1)
        headers.setdefault(k.strip().lower(), []).append(v.strip())

    def more():
        part = s.recv(65536)
        if not part:
            raise ConnectionError("closed in the body")
        return part

    if "chunked" in headers.get("transfer-encoding", [""])[0]:
        body = b""
        while True:
            while b"\r\n" not in rest:
                rest += more()
            size_line, rest = rest.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            while len(rest) < size + 2:
                rest += more()
            body += rest[:size]
            rest = rest[size + 2:]
            if size == 0:
                break
    elif "content-length" in headers:
        n = int(headers["content-length"][0])
        while len(rest) < n:
            rest += more()
        body = rest[:n]
    else:
        body = rest
        while True:
            part = s.recv(65536)
            if not part:
                break
            body += part
    return status, headers, body


def request(server, method, path, body=b"", headers=None, host=None, timeout=30):
    """One request on its own connection; (status, headers, body). host: None for the server's own,
    False for none."""
    h = {"Host": f"{server.host}:{server.port}" if host is None else host or None, "Connection": "close"}
    if body or method == "POST":
        h["Content-Type"] = "application/json"
        h["Content-Length"] = str(len(body))
    h.update(headers or {})
    raw = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in h.items() if v is not None) + "\r\n"
    with connect(server, timeout) as s:
        s.sendall(raw.encode("latin-1") + body)
        return read_answer(s)


def post_json(server, path, obj, **kw):
    return request(server, "POST", path, json.dumps(obj).encode(), **kw)


def json_error(body):
    try:
        return json.loads(body).get("error", "")
    except (ValueError, AttributeError):
        return ""


def wait_for(predicate, seconds):
    end = time.time() + seconds
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


LONG = {"scale": 1.0, "replicates": 10, "to": 2040}  # Kent at full scale, 2 x 10 runs to 2040: seconds (more under sanitizers), only ever abandoned


def open_run(server, path, obj):
    """A run's request sent on a connection held open (not read)."""
    s = connect(server)
    body = json.dumps(obj).encode()
    s.sendall(f"POST {path} HTTP/1.1\r\nHost: {server.host}:{server.port}\r\nContent-Type: application/json\r\n"
              f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    return s


SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def scenario_on_one_small_la():
    """The crash's root cause (report::differences matched runs by position, and a small LA's run can
    lack a figure in one replicate) outside the server: `sendtwin scenario` on the Isles of Scilly."""
    with open(os.path.join(SOURCE, "data/la/starts.csv")) as f:
        lines = f.read().splitlines()
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as las:
        las.write(lines[0] + "\n" + next(line for line in lines if line.startswith("420,")) + "\n")
    out = subprocess.run([BIN, "scenario", os.path.join(SOURCE, "scenarios/nao-inclusion.toml"), "--las", las.name, "--scale", "0.02",
                          "--replicates", "2", "--to", "2030", "--quiet"], capture_output=True, text=True)
    os.unlink(las.name)
    check("sendtwin scenario on the Isles of Scilly alone at the dashboard's defaults: exit 0 with its differences",
          out.returncode == 0 and "ehc_plans" in out.stdout, f"{out.returncode} {out.stderr[-200:]}")


def bad_host():
    out = subprocess.run([BIN, "serve", "--host", "example.com", "--port", "0"], capture_output=True, text=True, timeout=60)
    check("serve --host example.com: exit 2 with what to change", out.returncode == 2 and "--host" in out.stderr
          and "internal error" not in out.stderr, f"{out.returncode} {out.stderr[-200:]}")


def kept_runs(server):
    """Issue 21: the CSV and Excel downloads of the run the page showed use its results, not a new run
    (the answer says which: X-Sendtwin-Run kept or run); a kept result is the one a new run gives."""
    body = {"la": "202", "from": 2026, "to": 2027, "scale": 0.002, "replicates": 2}
    status, headers, _ = post_json(server, "/api/run", body)
    check("a dashboard run answers 200", status == 200, f"{status}")
    status, headers, kept = post_json(server, "/api/run.csv", {**body, "goals_name": "mine"})
    check("its CSV download is the run kept (goals aside), not run again", status == 200
          and headers.get("x-sendtwin-run") == ["kept"], f"{status} {headers.get('x-sendtwin-run')}")
    status, headers, _ = post_json(server, "/api/run.xlsx", body)
    check("its Excel download too", status == 200 and headers.get("x-sendtwin-run") == ["kept"], f"{status} {headers.get('x-sendtwin-run')}")
    status, headers, _ = post_json(server, "/api/run.csv", {**body, "replicates": 3})
    check("another request is run", status == 200 and headers.get("x-sendtwin-run") == ["run"], f"{status} {headers.get('x-sendtwin-run')}")
    for r in (4, 5, 6, 7):  # four more runs push the first out of the kept ones
        post_json(server, "/api/run.csv", {**body, "replicates": r})
    status, headers, again = post_json(server, "/api/run.csv", body)
    check("the first request, run again once pushed out, gives the kept CSV byte for byte", status == 200
          and headers.get("x-sendtwin-run") == ["run"] and again == kept and len(kept) > 100,
          f"{status} {headers.get('x-sendtwin-run')} {len(kept)} {len(again)}")


def progress(server, pid):
    status, _, text = request(server, "GET", "/api/progress?id=" + pid)
    try:
        return status, json.loads(text)
    except ValueError:
        return status, {}


def run_progress(server):
    """Issue 21: a run sent with a progress id reports under it while it runs (GET /api/progress):
    its area-months count up to their total, its runs to theirs; it ends "done". The id is no part
    of the run: a CSV of the same request with another id is the run kept. Ids not of the form are
    400, unknown ones 404, one of a run under way 409."""
    body = {"la": "886", "from": 2026, "to": 2030, "scale": 0.3, "replicates": 10}
    answer = {}
    sock = open_run(server, "/api/run", {**body, "progress": "servetestRun0001"})

    def read_run():
        try:
            answer["status"], answer["headers"], answer["body"] = read_answer(sock)
        except OSError as e:
            answer["error"] = e

    reader = threading.Thread(target=read_run)
    reader.start()
    samples, twice = [], None
    while reader.is_alive():
        status, state = progress(server, "servetestRun0001")
        if status == 200:
            samples.append(state)
            if twice is None and state.get("stage") == "running":
                twice = post_json(server, "/api/run.csv", {**body, "progress": "servetestRun0001"})[0]
        time.sleep(0.02)
    reader.join()
    sock.close()
    check("a run with a progress id answers 200", answer.get("status") == 200 and b"measures" in answer.get("body", b""),
          str(answer)[:200])
    running = [x for x in samples if x["stage"] == "running" and x["total"] > 0]
    print(f"# {len(samples)} progress samples, {len(running)} running", flush=True)
    check("GET /api/progress shows the run running, its area-months counting up (several samples)",
          len(running) >= 3 and all(a["done"] <= b["done"] and a["runs_done"] <= b["runs_done"] for a, b in zip(running, running[1:]))
          and len({x["total"] for x in running}) == 1 and all(x["runs"] == 20 and 0 <= x["done"] <= x["total"] for x in running)
          and running[0]["done"] < running[-1]["done"], [(x["done"], x["total"], x["runs_done"]) for x in running][:40])
    stages = [x["stage"] for x in samples]
    order = ["starting", "running", "writing", "done"]
    check("... through its stages in order", all(st in order for st in stages) and stages == sorted(stages, key=order.index), stages[-10:])
    status, end = progress(server, "servetestRun0001")
    check("... and ends done, every area-month and run counted", status == 200 and end.get("stage") == "done" and running
          and end.get("done") == end.get("total") == running[-1]["total"] and end.get("runs_done") == end.get("runs") == 20
          and end.get("kept") is False, f"{status} {end}")
    check("a second run with the id of a run under way: 409", twice == 409, twice)
    status, headers, _ = post_json(server, "/api/run.csv", {**body, "progress": "servetestRun0002"})
    check("the CSV of the same request with another id is the run kept", status == 200 and headers.get("x-sendtwin-run") == ["kept"],
          f"{status} {headers.get('x-sendtwin-run')}")
    status, end = progress(server, "servetestRun0002")
    check("... and its progress says so", status == 200 and end.get("stage") == "done" and end.get("kept") is True, f"{status} {end}")
    # A goal on the cumulative DSG balance reads a run of Kent's ledger (one replicate, 2015 to 2027:
    # 156 area-months) after the runs: the "goals" stage, whose counts the finished run keeps.
    goal = '[[goal]]\nmeasure = "cumulative_dsg_balance"\nyear = "2026-27"\nat_least = 0\n'
    status, _, text = post_json(server, "/api/run", {"la": "886", "to": 2027, "scale": 0.01, "replicates": 1, "goals": goal,
                                                     "progress": "servetestGoals001"})
    status, end = progress(server, "servetestGoals001")
    check("a run with a balance goal ends done with the goals stage's counts (its ledger run's 156 area-months)",
          status == 200 and end.get("stage") == "done" and end.get("done") == end.get("total") == 156 and end.get("runs") == 2, f"{status} {end}")
    status, _, text = request(server, "GET", "/api/progress?id=neverSentThisId1")
    check("an id no run was sent with: 404 with a JSON error", status == 404 and json_error(text), f"{status} {text!r}")
    for query in ["", "?id=", "?id=short", "?id=abcd-1234", "?id=" + "a" * 33, "?id=%zz", "?id=..%2F..%2Fetc%2Fpasswd"]:
        status, _, text = request(server, "GET", "/api/progress" + query)
        check(f"GET /api/progress{query}: 400 with a JSON error", status == 400 and json_error(text), f"{status} {text!r}")
    for name, value in [("too short", "abc"), ("not letters and digits", "abcd_12345"), ("a number", 123456789)]:
        status, _, text = post_json(server, "/api/run", {"progress": value})
        check(f"a progress id {name}: 400", status == 400 and "progress must be" in json_error(text), f"{status} {text!r}")
    status, _, text = request(server, "POST", "/api/progress?id=servetestRun0001", b"{}")
    check("POST /api/progress: 405", status == 405, status)
    status, _, text = request(server, "GET", "/api/progress?id=servetestRun0001", host="evil.example:%d" % server.port)
    check("GET /api/progress from another site's Host: 403", status == 403, status)
    # Eight more finished runs with ids push the first out: 404.
    for k in range(8):
        post_json(server, "/api/run.csv", {**body, "progress": "servetestKeep%04d" % k})
    status, _ = progress(server, "servetestRun0001")
    check("an id among the last 8 finished no longer: 404", status == 404, status)


def main():
    scenario_on_one_small_la()
    bad_host()
    server = Server()
    base = f"{server.host}:{server.port}"
    print(f"# http://{base}/", flush=True)
    kept_runs(server)
    run_progress(server)

    # Every answer's headers: no sniffing, no framing, no internal text.
    for name, (status, headers, _) in [
        ("the page", request(server, "GET", "/")),
        ("the LA list", request(server, "GET", "/api/las")),
        ("a 404", request(server, "GET", "/etc/passwd")),
        ("a 400", post_json(server, "/api/run", {"colour": 1})),
    ]:
        csp = " ".join(headers.get("content-security-policy", []))
        check(f"{name}: nosniff, X-Frame-Options DENY, frame-ancestors 'none'",
              headers.get("x-content-type-options") == ["nosniff"] and headers.get("x-frame-options") == ["DENY"]
              and "frame-ancestors 'none'" in csp, f"{status} {headers}")

    # Numbers beyond a double and bytes that are not UTF-8: 400 with a JSON error, never 500.
    for name, body in [("scale 1e400", b'{"scale":1e400}'),
                       ("a lever of 1e400", b'{"levers":{"pupil_numbers":1e400}}'),
                       ("an LA of bytes that are not UTF-8", b'{"la":"\xff\xfe"}'),
                       ("a field name that is not UTF-8", b'{"\xff":1}'),
                       ("a lone surrogate", b'{"la":"\\udcff"}')]:
        status, headers, text = request(server, "POST", "/api/run", body)
        leaked = [k for k in headers if "exception" in k or "what" in k]
        check(f"{name}: 400 with a JSON error and no internal header", status == 400 and json_error(text) and not leaked,
              f"{status} {headers} {text[:200]!r}")

    # Content-Type is the media type application/json, parameters allowed.
    status, _, text = request(server, "POST", "/api/run", b'{"la":"999"}', {"Content-Type": "text/plain; charset=application/json"})
    check("text/plain; charset=application/json: 415", status == 415 and json_error(text), f"{status} {text[:100]!r}")
    status, _, text = request(server, "POST", "/api/run", b'{"la":"999"}', {"Content-Type": "application/json-seq"})
    check("application/json-seq: 415", status == 415, status)
    status, _, text = request(server, "POST", "/api/run", b'{"la":"999"}', {"Content-Type": "Application/JSON; charset=utf-8"})
    check("Application/JSON; charset=utf-8 is JSON (then 400: no such LA)", status == 400 and "999" in json_error(text), f"{status} {text!r}")

    # Host names this server, Origin (if any) is this server: no other page can start runs.
    for name, host, origin in [("a Host of another site (DNS rebinding)", "evil.example:%d" % server.port, None),
                               ("a Host on another port", f"{server.host}:1", None),
                               ("no Host", False, None),
                               ("an Origin of another site", base, "http://evil.example"),
                               ("an Origin of another port", base, f"http://{server.host}:1"),
                               ("a null Origin", base, "null")]:
        status, _, text = post_json(server, "/api/run", {"la": "999"}, host=host, headers={"Origin": origin})
        check(f"{name}: 403", status == 403 and json_error(text), f"{status} {text[:100]!r}")
    for name, host, origin in [("Host localhost", f"localhost:{server.port}", None),
                               ("the same Origin", base, f"http://{base}")]:
        status, _, text = post_json(server, "/api/run", {"la": "999"}, host=host, headers={"Origin": origin})
        check(f"{name}: let through (then 400: no such LA)", status == 400, f"{status} {text[:100]!r}")

    # A chunked body over 16 KiB: 413 before it is all read, and the server does not buffer it.
    rss = server.rss_kib()
    s = connect(server)
    s.sendall(f"POST /api/run HTTP/1.1\r\nHost: {base}\r\nContent-Type: application/json\r\n"
              "Transfer-Encoding: chunked\r\n\r\n".encode())
    answer = {}

    def read_413():
        try:
            answer["status"], _, answer["body"] = read_answer(s)
        except OSError as e:
            answer["error"] = e

    reader = threading.Thread(target=read_413)
    reader.start()
    chunk = b"%x\r\n" % 65536 + b" " * 65536 + b"\r\n"
    sent = 0
    try:
        while sent < 256 << 20:
            s.sendall(chunk)
            sent += 65536
    except OSError:
        pass
    reader.join(10)
    s.close()
    check("a chunked body over 16 KiB: 413", answer.get("status") == 413 and json_error(answer.get("body", b"")), answer)
    # What the kernel buffers for a connection the server no longer reads (the send buffer here, the
    # receive buffer there, each autotuned up to its maximum) is sent without the server; past that,
    # sending stops only if the server stopped reading. 32 MiB of receive buffer is this kernel's
    # default maximum, so the bound is read from /proc rather than fixed.
    def tcp_max(name):
        try:
            with open(f"/proc/sys/net/ipv4/{name}") as f:
                return int(f.read().split()[2])
        except (OSError, ValueError, IndexError):
            return 32 << 20
    buffered = tcp_max("tcp_wmem") + tcp_max("tcp_rmem") + (4 << 20)
    check(f"... and the server stopped reading it (under the {buffered >> 20} MiB the kernel can buffer, of 256 MiB sent)",
          sent < min(buffered, 200 << 20), f"{sent} bytes sent")
    check("... and did not buffer it (RSS grew by under 20 MB)", server.rss_kib() - rss < 20000, f"{rss} -> {server.rss_kib()} KiB")

    # 100 slow clients (a header byte a second): the API still answers at once; each slow request
    # is cut off 10 s after its first byte.
    slow = [connect(server) for _ in range(100)]
    stop = threading.Event()
    cut = []

    def dribble(sock):
        request_bytes = b"GET /api/levers HTTP/1.1\r\nHost: x\r\n"
        start = time.time()
        try:
            for b in request_bytes:
                if stop.is_set():
                    return
                sock.sendall(bytes([b]))
                time.sleep(1)
        except OSError:
            cut.append(time.time() - start)

    dribblers = [threading.Thread(target=dribble, args=(sock,), daemon=True) for sock in slow]
    for t in dribblers:
        t.start()
    time.sleep(2)
    times = []
    for _ in range(5):
        t0 = time.time()
        try:
            status, _, text = request(server, "GET", "/api/levers", timeout=5)
        except OSError as e:
            status, text = str(e), b""
        times.append(time.time() - t0)
        if status != 200:
            break
    check("with 100 slow clients, GET /api/levers answers within 1 s (5 times)",
          status == 200 and b"inclusion_incentive" in text and max(times) < 1, f"{status} {times}")

    # Runs: at most 2 at once (503 with Retry-After and a JSON error), each cancelled when its
    # client goes away, whatever its format.
    before = server.stderr().count("its run was cancelled")
    held = [open_run(server, "/api/run.csv", {**LONG, "la": "886"}), open_run(server, "/api/run.xlsx", {**LONG, "la": "886"})]
    time.sleep(1)
    status, headers, text = post_json(server, "/api/run", {"la": "202", "from": 2026, "to": 2027, "scale": 0.002})
    check("a third run at once: 503 with Retry-After and a JSON error",
          status == 503 and headers.get("retry-after") and "busy" in json_error(text), f"{status} {headers} {text[:100]!r}")
    for sock in held:
        sock.close()
    check("the abandoned CSV and Excel runs are cancelled (the server says so)",
          wait_for(lambda: server.stderr().count("its run was cancelled") >= before + 2, 20), server.stderr()[-500:])
    sock = open_run(server, "/api/run", {**LONG, "la": "886"})
    time.sleep(1)
    sock.close()
    check("an abandoned JSON run is cancelled",
          wait_for(lambda: server.stderr().count("its run was cancelled") >= before + 3, 20), server.stderr()[-500:])
    status, _, text = post_json(server, "/api/run", {"la": "202", "from": 2026, "to": 2027, "scale": 0.002})
    check("after the cancelled runs, a run is taken again", status == 200 and b"measures" in text, f"{status} {text[:100]!r}")

    # Issue 19: the White Paper and its variants as presets; a run of Kent under it counts ISPs.
    status, _, text = request(server, "GET", "/api/presets")
    presets = json.loads(text) if status == 200 else []
    check("GET /api/presets lists the White Paper and its four variants",
          [p["name"] for p in presets][:1] == ["white-paper-2026"] and len(presets) == 5, text[:200])
    status, _, text = post_json(server, "/api/run", {"la": "886", "preset": "white-paper-2026", "to": 2031, "scale": 0.01})
    result = json.loads(text) if status == 200 else {}
    isps = [m for m in result.get("measures", []) if m["id"] == "isps"]
    check("a run of Kent under the White Paper preset counts ISPs in January 2031",
          status == 200 and isps and isps[0]["scenario"][isps[0]["periods"].index("2031-01")] > 0, f"{status} {text[:200]!r}")
    status, _, text = post_json(server, "/api/run", {"preset": "no-such-preset"})
    check("an unknown preset: 400 naming the presets", status == 400 and "white-paper-2026" in json_error(text), f"{status} {text!r}")

    # Issue 20: an LA's own levers ("local") and the LA search, over HTTP: bad input is a 400 with a
    # message saying what is wrong, never a 500, and the server stays up.
    for name, body, says in [
        ("a local lever for an unknown LA", {"local": {"999": {"inclusion_incentive": 0.3}}}, 'local: "999" is not an LA of the run'),
        ("a money lever sent as local", {"la": "886", "local": {"886": {"high_needs_funding_growth": 0.1}}},
         "local.886.high_needs_funding_growth: acts on England's money or places, not one LA's"),
        ("England's places sent as local", {"local": {"886": {"special_places_per_year": 100}}}, "acts on England's money or places"),
        ("a local lever for another LA than the run's", {"la": "886", "local": {"202": {"pupil_numbers": 0.9}}}, "is not the LA of the run (886)"),
        ("local levers that are not an object", {"local": {"886": [0.3]}}, "local.886 must be an object"),
        ("a local lever out of range", {"local": {"886": {"pupil_numbers": 9}}}, "local.886.pupil_numbers must be a number in [0.5, 1.5]"),
    ]:
        status, _, text = post_json(server, "/api/run", body)
        check(f"{name}: 400 saying so", status == 400 and says in json_error(text), f"{status} {text[:200]!r}")
    status, _, text = post_json(server, "/api/run", {"la": "886", "local": {"886": {"sen_support_quality": 0.6}}, "to": 2027, "scale": 0.01,
                                                     "replicates": 1})
    result = json.loads(text) if status == 200 else {}
    requests = [m for m in result.get("measures", []) if m["id"] == "requests"]
    check("a run of Kent with its own lever: Kent's requests in 2027 fall", status == 200 and result.get("geography") == "Kent" and requests
          and requests[0]["difference"][requests[0]["periods"].index("2027")] < 0, f"{status} {text[:200]!r}")
    for query, want in [("Bristol", 200), ("886", 200), ("Hull", 200), ("Nowhereshire", 400), ("", 400), ("%zz", 400), ("%ff%fe", 400)]:
        status, _, text = request(server, "GET", "/api/la?name=" + query)
        ok = status == want and (json.loads(text).get("code") if want == 200 else json_error(text))
        check(f"GET /api/la?name={query}: {want}", ok, f"{status} {text[:200]!r}")

    # Every LA at the dashboard's defaults (an LA's run at full scale, issue 21; 2 replicates, 2026 to
    # 2030, no lever), two at a time: each answers 200 with its figures, or a clean JSON error; the
    # server stays up.
    status, _, text = request(server, "GET", "/api/las")
    las = [la["code"] for la in json.loads(text)]
    if QUICK:
        las = las[:12]
    bad = []
    lock = threading.Lock()
    queue = list(las)
    t0 = time.time()

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                code = queue.pop()
            try:
                status, _, text = post_json(server, "/api/run", {"la": code, "from": 2026, "to": 2030, "replicates": 2,
                                                                 "levers": {}}, timeout=600)
                result = json.loads(text)
                ok = status == 200 and "error" not in result and result["measures"][0]["periods"]
            except (OSError, ValueError, KeyError, IndexError) as e:
                status, result, ok = str(e), {}, False
            if not ok:
                with lock:
                    bad.append((code, status, str(result)[:120]))

    workers = [threading.Thread(target=worker) for _ in range(2)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    print(f"# {len(las)} LAs in {time.time() - t0:.1f} s", flush=True)
    check(f"every LA ({len(las)}) at the dashboard's defaults answers 200 with its figures", not bad and len(las) >= 12, bad[:5])
    # The slow clients' requests were cut off within their whole-arrival bound (10 s, give or take).
    stop_at = time.time() + 15
    while time.time() < stop_at and len(cut) < len(slow):
        time.sleep(0.2)
    stop.set()
    check("each slow request is cut off 10-13 s after its first byte",
          len(cut) == len(slow) and 9 <= min(cut) and max(cut) < 13, f"{len(cut)} cut, {min(cut or [0]):.1f}-{max(cut or [0]):.1f} s")
    for sock in slow:
        sock.close()

    check("the server is up", server.alive())
    err = server.stderr()
    check("no internal error on stderr", "internal error" not in err and "a run failed" not in err, err[-500:])
    server.stop()

    # The connection cap: over it, 503 at once and closed; under it again, answered. And a run that
    # fails (the workbook cannot be written: no temporary directory): a 500 with a generic error, the
    # details on stderr, and the server up.
    capped = Server("--max-connections", "4", env={"TMPDIR": "/nonexistent/sendtwin-test"})
    status, headers, text = post_json(capped, "/api/run.xlsx", {"la": "202", "from": 2026, "to": 2027, "scale": 0.002})
    check("a run that fails: 500 with a generic JSON error", status == 500 and "internal error" in json_error(text)
          and "filesystem" not in text.decode() + str(headers), f"{status} {headers} {text!r}")
    check("... its details on stderr, and the server up", "a run failed: filesystem error" in capped.stderr() and capped.alive(), capped.stderr()[-300:])
    time.sleep(0.3)  # the failed run's connection closes
    idle = [connect(capped) for _ in range(4)]
    time.sleep(0.3)
    try:
        status, headers, text = request(capped, "GET", "/api/levers", timeout=5)
    except OSError as e:
        status, text = str(e), b""
    check("a connection over --max-connections: 503 with a JSON error", status == 503 and json_error(text), f"{status} {text!r}")
    for sock in idle:
        sock.close()
    time.sleep(0.3)
    status, _, _ = request(capped, "GET", "/api/levers")
    check("under the cap again: answered", status == 200, status)
    capped.stop()

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


sys.exit(main())
