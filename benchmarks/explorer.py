"""Measure the explorer: `kg serve` on a 10,000-article build, and the offline page of a 300-article build.

Generates the corpora (once, kept in --work), builds them with ``kg build``,
then measures against the goals of issue 12:

* ``kg serve`` on the large build (loopback, a free port), started as users
  start it: its start-up time (the graph loaded into an on-disk store, then
  the explorer's summary read) until ``/`` answers, again from the store it
  left (``--store DIR``), and its peak RSS (the kernel's high-water mark,
  ``VmHWM``) at the end of the whole run;
* the HTTP API directly (``/api/view``, ``/api/search``, ``/api/entity``,
  ``/api/tables/…``, ``/sparql``), median and worst of many calls;
* in headless Chromium (Debian's, driven by Playwright): the first view (from
  navigation until the graph has settled), a search answer (from the input
  event until the results are listed, the page's debounce included), an entity
  page (from the pointer going down on a drawn node, or from picking a search
  result that is not drawn, until the evidence panel shows it);
* the offline ``graph.html`` of the small build: opening until settled, search
  answers, and the longest gap between frames while a query is typed key by key.

Every figure is printed against its goal, with the machine it ran on.

    python benchmarks/explorer.py [-n 10000] [--small 300] [--samples 15] [--json FILE]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from run import corpus_for, machine  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
KG = [sys.executable, "-m", "kg.cli"] if not (Path(sys.executable).parent / "kg").exists() \
    else [str(Path(sys.executable).parent / "kg")]

# (figure, goal in ms or None); the rows printed at the end, in this order
GOALS = {
    "serve: first view (browser)": 2000,
    "serve: search answer (browser)": 200,
    "serve: entity page, click a drawn node (browser)": 300,
    "serve: entity page, pick a search hit not drawn (browser)": 300,
    "static 300: page opens and settles (browser)": 3000,
    "static 300: search answer (browser)": 200,
    "static 300: longest frame gap while typing": 200,
}


# ------------------------------------------------------------------ helpers

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mb(pid: int) -> float:
    """The kernel's high-water mark of a process' resident set (Linux ``VmHWM``), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"n": len(values), "median": statistics.median(ordered), "p90": ordered[int(0.9 * (len(ordered) - 1))],
            "max": ordered[-1]}


def build(corpus: Path, out: Path, formats: list[str]) -> float:
    """``kg build`` ``corpus`` into ``out`` unless it is there already; the seconds it took (0 when reused)."""
    done = out / ".bench-complete"
    if done.exists() and done.read_text().strip() == ",".join(formats):
        return 0.0
    args = [*KG, "build", str(corpus), "--out", str(out), "-q"]
    for fmt in formats:
        args += ["--format", fmt]
    started = time.perf_counter()
    code = subprocess.run(args, cwd=str(ROOT)).returncode
    if code not in (0, 1):
        raise SystemExit(f"kg build {corpus} failed with {code}")
    done.write_text(",".join(formats))
    return time.perf_counter() - started


class Server:
    """``kg serve`` in a subprocess on a free loopback port."""

    def __init__(self, args: list[str]) -> None:
        self.port = free_port()
        started = time.perf_counter()
        self.proc = subprocess.Popen([*KG, "serve", *args, "--port", str(self.port)], cwd=str(ROOT),
                                     stderr=subprocess.PIPE, text=True)
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"kg serve exited with {self.proc.returncode}: {self.proc.stderr.read()}")
            try:
                status, _ = self.get("/")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.05)
        self.startup = time.perf_counter() - started
        self.url = f"http://127.0.0.1:{self.port}/"
        self.rss_after_start = rss_mb(self.proc.pid)

    def get(self, path: str, headers: dict | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def timed(self, path: str, headers: dict | None = None) -> tuple[float, bytes]:
        started = time.perf_counter()
        status, body = self.get(path, headers)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise SystemExit(f"GET {path}: HTTP {status}: {body[:300]!r}")
        return elapsed, body

    def stop(self) -> float:
        peak = peak_rss_mb(self.proc.pid)
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return peak


def queries_from(labels: list[str], rng: random.Random, count: int) -> list[str]:
    """Search words as analysts type them: whole names, their starts, pieces from the middle, traditional script."""
    try:
        import opencc

        to_traditional = opencc.OpenCC("s2t").convert
    except ImportError:  # pragma: no cover
        to_traditional = str
    out = []
    for k in range(count):
        label = rng.choice(labels)
        kind = k % 4
        if kind == 0 or len(label) < 4:
            out.append(label)
        elif kind == 1:
            out.append(label[: rng.randint(2, min(6, len(label)))])
        elif kind == 2:
            start = rng.randrange(0, len(label) - 2)
            out.append(label[start:start + rng.randint(2, 4)])
        else:
            out.append(to_traditional(label))
    return out


# ------------------------------------------------------------------ in the browser

MEASURE_SEARCH = """async (q) => {
  const box = document.getElementById('kg-search');
  const seen = new Promise(resolve => {
    const check = () => document.body.getAttribute('data-searched') === q;
    const observer = new MutationObserver(() => { if (check()) { observer.disconnect(); resolve(performance.now()); } });
    observer.observe(document.body, {attributes: true, attributeFilter: ['data-searched']});
  });
  document.body.removeAttribute('data-searched');
  const started = performance.now();
  box.value = q;
  box.dispatchEvent(new Event('input', {bubbles: true}));
  const ended = await seen;
  await new Promise(requestAnimationFrame);
  return [ended - started, performance.now() - started, document.querySelectorAll('#kg-results button').length];
}"""

ARM_PANEL = """(iri) => {
  const panel = document.getElementById('kg-details');
  window.__kgBench = {started: null, shown: new Promise(resolve => {
    const check = () => panel.getAttribute('data-showing') === iri && panel.querySelector('.group, .more');
    const observer = new MutationObserver(() => { if (check()) { observer.disconnect(); resolve(performance.now()); } });
    observer.observe(panel, {attributes: true, childList: true, subtree: true});
  })};
  window.addEventListener('pointerdown', () => { window.__kgBench.started = performance.now(); },
                          {capture: true, once: true});
  window.addEventListener('keydown', () => { window.__kgBench.started = performance.now(); },
                          {capture: true, once: true});
}"""

AWAIT_PANEL = """async () => {
  const ended = await Promise.race([window.__kgBench.shown, new Promise(resolve => setTimeout(() => resolve(null), 5000))]);
  if (ended === null) return null;
  await new Promise(requestAnimationFrame);
  return [ended - window.__kgBench.started, performance.now() - window.__kgBench.started]; }"""
TIMED_OUT = 5000.0  # ms: a panel that never showed counts as this, and is reported

NODE_POINT = """iri => { const n = kgView.network, p = n.canvasToDOM(n.getPosition(kgView.index(iri)));
  const r = document.getElementById('kg-network').getBoundingClientRect();
  const hit = n.getNodeAt(p);
  return hit === kgView.index(iri) ? [r.left + p.x, r.top + p.y] : null; }"""

LONG_TASKS = """() => { window.__kgLong = [];
  try { new PerformanceObserver(list => { for (const e of list.getEntries()) window.__kgLong.push(e.duration); })
        .observe({type: 'longtask', buffered: false}); } catch (err) { window.__kgLong = null; } }"""

FRAME_GAPS = """(ms) => new Promise(resolve => { const gaps = []; let last = performance.now(); const end = last + ms;
  function tick(now) { gaps.push(now - last); last = now; if (now < end) requestAnimationFrame(tick); else resolve(Math.max(...gaps)); }
  requestAnimationFrame(tick); })"""


def open_page(browser, url: str, timeout_ms: int = 60_000):
    """Open ``url`` in a fresh context; (page, milliseconds from navigation until the graph settled)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, service_workers="block")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("body[data-settled=true]", state="attached", timeout=timeout_ms)
    elapsed = (time.perf_counter() - started) * 1000
    if errors:
        raise SystemExit(f"{url}: page errors: {errors[:3]}")
    return page, elapsed


def browser_search(page, queries: list[str]) -> tuple[list[float], int]:
    times, empty = [], 0
    for q in queries:
        answered, painted, count = page.evaluate(MEASURE_SEARCH, q)
        times.append(painted)
        empty += count == 0
    page.evaluate("() => { const b = document.getElementById('kg-search'); b.value = '';"
                  " b.dispatchEvent(new Event('input', {bubbles: true})); }")
    return times, empty


def browser_click_entities(page, count: int, rng: random.Random) -> list[float]:
    """Click drawn nodes one after another; ms from pointer down to the evidence panel showing each."""
    drawn = page.evaluate("() => kgView.drawn()")
    times = []
    tries = 0
    while len(times) < count and tries < count * 5:
        tries += 1
        page.evaluate("() => { kgView.network.fit(); }")
        iri = rng.choice(drawn)
        point = page.evaluate(NODE_POINT, iri)
        if point is None:  # hidden under another node at this zoom
            continue
        page.evaluate(ARM_PANEL, iri)
        page.mouse.click(*point)
        shown = page.evaluate(AWAIT_PANEL)
        if shown is None:
            print(f"  the panel did not show {iri} within 5 s of the click", file=sys.stderr)
        times.append(shown[1] if shown else TIMED_OUT)
        page.keyboard.press("Escape")
    return times


def browser_pick_hits(page, queries: list[str], expected: list[str]) -> list[float]:
    """Search, then pick the hit with the keyboard; ms from the Enter key to the evidence panel showing it."""
    times = []
    box = page.locator("#kg-search")
    for q, iri in zip(queries, expected):
        page.evaluate(MEASURE_SEARCH, q)
        first = page.get_attribute("#kg-results button", "data-iri")
        if first != iri:
            continue
        box.focus()
        page.evaluate(ARM_PANEL, iri)
        page.keyboard.press("Enter")
        shown = page.evaluate(AWAIT_PANEL)
        if shown is None:
            print(f"  the panel did not show {iri} within 5 s of Enter", file=sys.stderr)
        times.append(shown[1] if shown else TIMED_OUT)
    return times


# ------------------------------------------------------------------ the run

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10000, help="articles of the served build (default 10000)")
    parser.add_argument("--small", type=int, default=300, help="articles of the offline page's build (default 300)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--samples", type=int, default=15, help="measurements of each browser figure (default 15)")
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "kg-bench"),
                        help="folder for corpora, builds and stores (default: TMP/kg-bench)")
    parser.add_argument("--json", help="also write all figures to this JSON file")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        raise SystemExit("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    info = machine()
    print(f"machine: {info['nproc']} cores ({info['cpu']}), {info['memory']} memory, Python {info['python']}, "
          f"load average {info['load']}", flush=True)
    rng = random.Random(args.seed)
    results: dict = {"machine": info, "figures": {}, "api": {}}
    figures = results["figures"]

    big = corpus_for(work, args.n, args.seed)
    big_out = work / f"explorer-{args.n}"
    seconds = build(big, big_out, ["turtle"])
    triples = sum(1 for line in open(big_out / "graph.ttl", encoding="utf-8") if line.startswith("    "))
    print(f"{args.n} articles: graph.ttl {(big_out / 'graph.ttl').stat().st_size / 2**20:.0f} MiB, "
          f"~{triples:,} triples" + (f", built in {seconds:.1f} s" if seconds else " (build reused)"), flush=True)
    store = work / f"explorer-{args.n}-store"
    if store.exists():
        import shutil

        shutil.rmtree(store)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

        # -- kg serve: start-up from graph.ttl, then from the store it left
        server = Server([str(big_out / "graph.ttl"), "--store", str(store)])
        cold = server.startup
        server.stop()
        server = Server(["--store", str(store)])
        results["serve"] = {"startup_from_turtle_s": cold, "startup_from_store_s": server.startup,
                            "rss_after_start_mb": server.rss_after_start}
        view = json.loads(server.get("/api/view")[1])
        entities = view["meta"].get("entities")
        print(f"kg serve: {entities:,} entities; start-up {cold:.1f} s from graph.ttl (loading the store), "
              f"{server.startup:.1f} s from the store; RSS after start-up {server.rss_after_start:.0f} MiB", flush=True)

        # -- the HTTP API, directly
        print("the HTTP API, directly …", file=sys.stderr, flush=True)
        count = entities or 0
        table = json.loads(server.get("/api/tables/plans")[1])
        labels = [row[1] for row in table["rows"]]
        for name in ("officials", "organizations", "targets"):
            labels += [row[1] for row in json.loads(server.get(f"/api/tables/{name}")[1])["rows"]]
        api: dict[str, list[float]] = {"view": [], "search": [], "entity": [], "tables": [], "sparql": []}
        for _ in range(5):
            api["view"].append(server.timed("/api/view")[0])
        for q in queries_from(labels, rng, 60):
            api["search"].append(server.timed("/api/search?q=" + urllib.parse.quote(q))[0])
        for _ in range(60):
            api["entity"].append(server.timed(f"/api/entity?i={rng.randrange(count)}")[0])
        for name in ("plans", "targets", "officials", "organizations"):
            api["tables"].append(server.timed(f"/api/tables/{name}")[0])
        sparql = ("SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)")
        for _ in range(5):
            api["sparql"].append(server.timed("/sparql?query=" + urllib.parse.quote(sparql),
                                              {"Accept": "application/sparql-results+json"})[0])
        for name, values in api.items():
            results["api"][name] = summary(values)

        # -- kg serve in the browser
        print("kg serve in the browser …", file=sys.stderr, flush=True)
        loads = []
        for _ in range(max(3, args.samples // 3)):
            page, elapsed = open_page(browser, server.url)
            loads.append(elapsed)
            page.context.close()
        figures["serve: first view (browser)"] = summary(loads)
        page, _ = open_page(browser, server.url)
        searches, empty = browser_search(page, queries_from(labels, rng, args.samples))
        figures["serve: search answer (browser)"] = summary(searches)
        figures["serve: entity page, click a drawn node (browser)"] = summary(
            browser_click_entities(page, args.samples, rng))
        # entities that are not drawn, found by their full name, picked with Enter
        drawn = set(page.evaluate("() => kgView.drawn()"))
        wanted = []
        for row in rng.sample(table["rows"], min(len(table["rows"]), args.samples * 4)):
            bundle = json.loads(server.get(f"/api/entity?i={row[0]}")[1])
            iri = bundle["iri"]
            hits = json.loads(server.get("/api/search?q=" + urllib.parse.quote(row[1]))[1])["hits"]
            if iri not in drawn and hits and hits[0][0] == row[0]:
                wanted.append((row[1], iri))
            if len(wanted) == args.samples:
                break
        picks = browser_pick_hits(page, [q for q, _ in wanted], [i for _, i in wanted])
        figures["serve: entity page, pick a search hit not drawn (browser)"] = summary(picks)
        page.context.close()
        results["serve"]["peak_rss_mb"] = server.stop()
        print(f"kg serve peak RSS over the whole run: {results['serve']['peak_rss_mb']:.0f} MiB", flush=True)

        # -- the offline page of a small build
        print("the offline page of a small build …", file=sys.stderr, flush=True)
        small = corpus_for(work, args.small, args.seed)
        small_out = work / f"explorer-{args.small}"
        build(small, small_out, ["turtle", "html"])
        html = small_out / "graph.html"
        opens = []
        for _ in range(max(3, args.samples // 3)):
            page, elapsed = open_page(browser, html.resolve().as_uri())
            opens.append(elapsed)
            page.context.close()
        figures["static 300: page opens and settles (browser)"] = summary(opens)
        page, _ = open_page(browser, html.resolve().as_uri())
        meta = page.evaluate("() => JSON.parse(document.getElementById('kg-data').textContent).meta") \
            if page.query_selector("#kg-data") else {}
        small_labels = page.evaluate("() => Object.keys(kgView.store.ent).map(k => kgView.store.ent[k].label)")
        searches, _ = browser_search(page, queries_from(small_labels, rng, args.samples))
        figures["static 300: search answer (browser)"] = summary(searches)
        # type a query key by key, as a person does, and watch the main thread
        page.evaluate(LONG_TASKS)
        longest_frames = []
        for q in queries_from(small_labels, rng, 5):
            page.fill("#kg-search", "")
            page.focus("#kg-search")
            gap = page.evaluate_handle(FRAME_GAPS, 120 * len(q) + 400)
            page.keyboard.type(q, delay=120)
            longest_frames.append(gap.json_value())
        long_tasks = page.evaluate("() => window.__kgLong") or []
        figures["static 300: longest frame gap while typing"] = summary(longest_frames)
        results["static"] = {"entities": meta.get("entities"), "longest_frame_gap_ms": max(longest_frames),
                             "long_tasks_ms": long_tasks,
                             "html_mb": html.stat().st_size / 2**20}
        page.context.close()
        browser.close()

    # -- the table
    print()
    print(f"{'figure':<58} {'goal':>8} {'median':>8} {'p90':>8} {'worst':>8}  ")
    for name, goal in GOALS.items():
        s = figures[name]
        verdict = "ok" if s["p90"] < goal else "MISSED"
        print(f"{name:<58} {'<' + str(goal):>8} {s['median']:>8.0f} {s['p90']:>8.0f} {s['max']:>8.0f}  {verdict} (ms)")
    print()
    print(f"{'HTTP API (direct, ' + str(args.n) + ' articles)':<58} {'calls':>8} {'median':>8} {'p90':>8} {'worst':>8}")
    for name, s in results["api"].items():
        print(f"{name:<58} {s['n']:>8} {s['median']:>8.1f} {s['p90']:>8.1f} {s['max']:>8.1f}  (ms)")
    serve = results["serve"]
    print()
    print(f"kg serve, {args.n} articles ({entities:,} entities): start-up {serve['startup_from_turtle_s']:.1f} s "
          f"from graph.ttl, {serve['startup_from_store_s']:.1f} s from --store; RSS {serve['rss_after_start_mb']:.0f} "
          f"MiB after start-up, peak {serve['peak_rss_mb']:.0f} MiB")
    print(f"static page, {args.small} articles: {results['static']['entities']} entities carried, "
          f"{results['static']['html_mb']:.1f} MiB; main-thread tasks over 50 ms while typing: "
          f"{len(results['static']['long_tasks_ms'])}; searches with no hit in the browser: {empty}")
    results["machine"]["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at end {results['machine']['load_end']}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
