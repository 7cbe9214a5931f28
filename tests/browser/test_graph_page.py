"""The HTML view in a real headless Chromium (Debian's package, driven by Playwright).

Checks what only a browser can: the page opens from file:// with no other
request, draws every entity, settles, searches, and hostile text stays inert
even when hovered and clicked. Also saves docs/screenshot.png.
"""
from __future__ import annotations

import io
import random
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.export.html import export_html, read_corpus

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "html_fixture.ttl"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ID = "https://w3id.org/policy-kg/id/"
MINISTRY = ID + "organization/o000000000000002"
NDRC = ID + "organization/o000000000000003"
OFFICE = ID + "organization/o000000000000004"
TARGET = ID + "target/g000000000000001"
PLAN_FUSION = ID + "plan/l000000000000002"
SCRIPT_TITLE = "<script>window.__pwned=1</script>"
IMG_ALIAS = '<img src=x onerror="window.__pwned=2">'
KG = Namespace("https://w3id.org/policy-kg/ontology#")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need the playwright package (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Opened:
    page: object
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions


def write_page(graph: Graph, path: Path, **options) -> Path:
    stream = io.BytesIO()
    export_html(graph, stream, **options)
    path.write_bytes(stream.getvalue())
    return path


def open_page(browser, path: Path, *, bypass_csp: bool = False, timeout_ms: int = 30_000) -> Opened:
    """Open ``path`` from disk, recording every request (and refusing any but the file) and every error."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=bypass_csp,
                                  service_workers="block")
    page = context.new_page()
    opened = Opened(page, path.resolve().as_uri())

    def route(route_):
        opened.requests.append(route_.request.url)
        if route_.request.url == opened.url:
            route_.continue_()
        else:
            route_.abort()

    context.route("**/*", route)
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on("console", lambda message: opened.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.goto(opened.url)
    # wait_for_function would eval a string, which the page's CSP forbids; the page marks itself instead
    page.wait_for_selector("body[data-settled=true]", state="attached", timeout=timeout_ms)
    return opened


def node_point(page, node_id: str) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates."""
    return tuple(page.evaluate(
        """id => { const n = kgView.network, p = n.canvasToDOM(n.getPosition(id));
                   const r = document.getElementById('kg-network').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""", node_id))


def edge_point(page, source: str, target: str) -> tuple[float, float]:
    """A point on the edge source -> target at least 12 px from any node, in page coordinates."""
    point = page.evaluate(
        """([from, to]) => { const n = kgView.network;
             const edge = kgView.edges.get({filter: e => e.from === from && e.to === to})[0];
             const a = n.canvasToDOM(n.getPosition(from)), b = n.canvasToDOM(n.getPosition(to));
             const r = document.getElementById('kg-network').getBoundingClientRect();
             for (let t = 0.5, k = 1; k < 40; t = 0.5 + (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 0.02, k++) {
               const p = {x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)};
               const clear = [-12, 0, 12].every(dx => [-12, 0, 12].every(
                 dy => n.getNodeAt({x: p.x + dx, y: p.y + dy}) === undefined));
               if (clear && n.getEdgeAt(p) === edge.id) return [r.left + p.x, r.top + p.y];
             }
             return null; }""", [source, target])
    assert point, f"no free point on the edge {source} -> {target}"
    return tuple(point)


@pytest.fixture(scope="module")
def fixture_graph() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


@pytest.fixture()
def fixture_page(tmp_path, fixture_graph) -> Path:
    return write_page(fixture_graph, tmp_path / "graph.html")


def test_opens_offline_and_draws_every_entity(browser, fixture_page, fixture_graph):
    opened = open_page(browser, fixture_page)
    page = opened.page
    assert set(opened.requests) == {opened.url}, "nothing but the file itself is requested"
    corpus = read_corpus(fixture_graph)
    assert page.evaluate("kgView.nodes.length") == len(corpus.entities) == 11
    assert page.evaluate("kgView.edges.length") == len(corpus.relations) == 7
    assert page.evaluate("kgView.network.physics.options.enabled") is False, "layout settled and stopped"
    header = " ".join(page.text_content("header").split())
    assert "5 Organization" in header and "2021-11-30 – 2022-03-15" in header
    assert page.evaluate("typeof vis") == "object"
    assert opened.errors == []


def test_search_focuses_the_node(browser, fixture_page):
    opened = open_page(browser, fixture_page)
    page = opened.page
    page.fill("#kg-search", "发改委")  # an altLabel
    page.press("#kg-search", "Enter")
    assert page.evaluate("kgView.network.getSelectedNodes()") == [NDRC]
    assert page.evaluate("kgView.focusedId") == NDRC
    assert page.inner_text("#kg-details h2") == "国家发展和改革委员会"
    page.fill("#kg-search", "办公")  # part of a label; pick it from the result list
    page.click("#kg-results button")
    assert page.evaluate("kgView.network.getSelectedNodes()") == [OFFICE]
    page.fill("#kg-search", "不存在的机构")
    assert "No entity has that name" in page.inner_text("#kg-results")
    assert opened.errors == []


def test_focus_option_selects_the_node(browser, tmp_path, fixture_graph):
    path = write_page(fixture_graph, tmp_path / "focus.html", focus="工信部", depth=1)
    opened = open_page(browser, path)
    assert opened.page.evaluate("kgView.nodes.length") == 4
    assert opened.page.evaluate("kgView.network.getSelectedNodes()") == [MINISTRY]
    assert opened.page.inner_text("#kg-details h2") == "工业和信息化部"
    opened.page.fill("#kg-search", "肖亚庆")
    opened.page.press("#kg-search", "Enter")
    assert "1 related entity is not drawn" not in opened.page.inner_text("#kg-details")  # its one neighbour is
    assert opened.errors == []


def test_details_say_when_neighbours_are_cut(browser, tmp_path, fixture_graph):
    opened = open_page(browser, write_page(fixture_graph, tmp_path / "cut.html", max_nodes=3))
    opened.page.fill("#kg-search", "工信部")
    opened.page.press("#kg-search", "Enter")
    assert "2 related entities are not drawn" in opened.page.inner_text("#kg-details")  # office, minister
    assert opened.errors == []


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_hostile_text_is_shown_not_run(browser, fixture_page, bypass_csp):
    opened = open_page(browser, fixture_page, bypass_csp=bypass_csp)
    page = opened.page
    page.mouse.move(*node_point(page, MINISTRY))
    page.wait_for_selector("#kg-tip:not([hidden])")
    assert IMG_ALIAS in page.inner_text("#kg-tip")
    page.mouse.click(*node_point(page, MINISTRY))
    details = page.inner_text("#kg-details")
    assert IMG_ALIAS in details and SCRIPT_TITLE in details
    assert "<b>工信部</b>印发规划 <script>window.__pwned=4</script>&amp;" in details
    # the edge whose evidence carries the <script> sentence and title
    page.mouse.click(*edge_point(page, PLAN_FUSION, MINISTRY))
    assert "issuedBy" in page.inner_text("#kg-details h2")
    assert SCRIPT_TITLE in page.inner_text("#kg-details")
    page.fill("#kg-search", "onerror")
    assert IMG_ALIAS in page.inner_text("#kg-results")
    page.press("#kg-search", "Enter")
    assert page.evaluate("kgView.focusedId") == MINISTRY
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("https://") for h in hrefs), "a javascript: URL never becomes a link"
    assert set(opened.requests) == {opened.url}
    assert opened.errors == []


def test_type_checkboxes_hide_and_show(browser, fixture_page):
    opened = open_page(browser, fixture_page)
    page = opened.page
    hidden = "kgView.nodes.get({filter: n => n.hidden === true}).map(n => n.id)"
    page.uncheck("input[data-type=Target]")
    assert page.evaluate(hidden) == [TARGET]
    page.check("input[data-type=Target]")
    assert page.evaluate(hidden) == []
    assert opened.errors == []


def synthetic_graph(entities: int = 700, seed: int = 3) -> Graph:
    """A graph larger than --max-nodes: organizations, plans issued by them, initiatives, targets."""
    rng = random.Random(seed)
    graph = Graph()
    base = "https://example.org/id/"
    articles = [URIRef(f"{base}article/{i}") for i in range(60)]
    for i, article in enumerate(articles):
        graph.add((article, RDF.type, KG.Article))
        graph.add((article, URIRef("http://purl.org/dc/terms/title"), Literal(f"文章{i}", lang="zh")))
    kinds = [("organization", KG.Ministry, 0.2), ("plan", KG.Plan, 0.3), ("initiative", KG.Initiative, 0.3),
             ("target", KG.Target, 0.2)]
    made: dict[str, list[URIRef]] = {}
    for kind, cls, share in kinds:
        for i in range(int(entities * share)):
            node = URIRef(f"{base}{kind}/{i}")
            made.setdefault(kind, []).append(node)
            graph.add((node, RDF.type, cls))
            graph.add((node, RDFS.label, Literal(f"{kind}{i}号", lang="zh")))
            for article in rng.sample(articles, rng.randint(1, 4)):
                graph.add((node, KG.mentionedIn, article))
    for plan in made["plan"]:
        graph.add((plan, KG.issuedBy, rng.choice(made["organization"])))
    for initiative in made["initiative"]:
        graph.add((initiative, KG.partOf, rng.choice(made["plan"])))
    for target in made["target"]:
        graph.add((rng.choice(made["plan"]), KG.hasTarget, target))
    return graph


def test_a_500_node_page_settles_and_stays_responsive(browser, tmp_path):
    path = write_page(synthetic_graph(700), tmp_path / "big.html", max_nodes=500)
    opened = open_page(browser, path, timeout_ms=60_000)
    page = opened.page
    assert page.evaluate("kgView.nodes.length") == 500
    assert "Showing 500 of 700 entities" in page.inner_text("#kg-shown")
    assert page.evaluate("kgView.network.physics.options.enabled") is False
    elapsed = page.evaluate("""() => { const t = performance.now();
        kgView.focusNode(kgView.search('plan1号')[0]); kgView.network.redraw();
        return performance.now() - t; }""")
    assert elapsed < 1000, f"focusing a node took {elapsed:.0f} ms"
    assert opened.errors == []


def chinese_font_installed() -> bool:
    """Whether fontconfig knows a font with Chinese glyphs (Debian: fonts-noto-cjk)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def test_screenshot_of_the_seeds_graph(browser, tmp_path, request, fixture_graph):
    """Save docs/screenshot.png: output/graph.ttl if built, else the seeds built now, else the fixture.

    Without a Chinese font every label would be boxes, so the picture then goes to
    tests/artifacts/ (ignored by git) and the one in docs/ is left alone.
    """
    built = ROOT / "output" / "graph.ttl"
    if built.is_file():
        graph = Graph().parse(built, format="turtle")
    else:
        try:
            graph = request.getfixturevalue("seeds_graph")
        except Exception:  # the pipeline is optional for this test
            graph = fixture_graph
    path = write_page(graph, tmp_path / "screenshot.html", title="Policy knowledge graph — seed articles")
    opened = open_page(browser, path)
    page = opened.page
    page.wait_for_timeout(300)
    corpus = read_corpus(graph)
    if corpus.entities:
        busiest = max(corpus.entities, key=lambda i: (len(corpus.neighbours[i]), len(corpus.entities[i].articles), i))
        page.mouse.click(*node_point(page, busiest))  # fill the detail panel
        page.mouse.move(5, 5)
    target = ROOT / "docs" / "screenshot.png"
    if not chinese_font_installed():
        target = ROOT / "tests" / "artifacts" / "screenshot.png"
        target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
    assert opened.errors == []
