"""The network page in a real headless Chromium (Selenium + chromedriver): it draws, search,
filters, "show all", click → ego network and side panel, and untrusted text stays text.

Opt-in by nature: skips when Chromium, chromedriver or Selenium is absent.
"""

import shutil
import struct
import time
import zlib
from pathlib import Path

import networkx as nx
import pytest
from kgfixtures import XSS, build_graph, entity_iri

from kg.network import actor_network, centrality
from kg.render.html import CAMP_COLORS, EDGE_COLORS, KIND_COLORS, render_html
from kg.render.html_data import DEFAULT_TOP

pytestmark = pytest.mark.browser


def chromium():
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromedriver():
    if Path("/usr/bin/chromedriver").exists():
        return "/usr/bin/chromedriver"
    return shutil.which("chromedriver")


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    exe, drv = chromium(), chromedriver()
    if not exe:
        pytest.skip("no Chromium (/usr/bin/chromium or `chromium` on PATH) to render the page")
    if not drv:
        pytest.skip("no chromedriver (Debian: apt-get install chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = exe
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={tmp_path_factory.mktemp('profile')}",
        "--window-size=1200,900",
    ):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(drv), options=opts)
    d.set_script_timeout(30)
    yield d
    d.quit()


def load(driver, path):
    """Open a page and wait until the network has drawn and the page script is ready."""
    driver.get(Path(path).as_uri())
    ready = "var r = document.documentElement; return r.getAttribute('data-kg-ready') === '1'"
    ready += " && r.hasAttribute('data-kg-first-draw-ms')"
    wait_for(driver, ready)
    driver.get_log("browser")  # the errors of this page only, from here on


def wait_for(driver, script, timeout=60.0):  # generous: physics settles slowly on a loaded machine
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {script}")


def js_errors(driver):
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def point_of(driver, node_id):
    """A node's offset from the canvas's in-view centre (the origin of ActionChains offsets)."""
    return driver.execute_script(
        IN_VIEW + "var p = network.canvasToDOM(network.getPosition(arguments[0]));"
        "return [p.x - cx, p.y - cy];",
        node_id,
    )


# the in-view centre of the canvas, in canvas (DOM) coordinates
IN_VIEW = """var c = document.querySelector('#mynetwork canvas'), r = c.getBoundingClientRect();
var cx = (Math.max(r.left, 0) + Math.min(r.right, window.innerWidth)) / 2 - r.left;
var cy = (Math.max(r.top, 0) + Math.min(r.bottom, window.innerHeight)) / 2 - r.top;
"""


def canvas(driver):
    return driver.find_element("css selector", "#mynetwork canvas")


def edge_middle(driver, a, b):
    """The middle of the edge between nodes ``a`` and ``b``, from the canvas centre (px)."""
    return driver.execute_script(
        IN_VIEW
        + """var a = arguments[0], b = arguments[1];
        var id = edges.getIds().filter(function (i) {
          var e = edges.get(i); return [e.from, e.to].sort().join() === [a, b].sort().join();
        })[0];
        var p = network.canvasToDOM(network.body.edges[id].edgeType.getPoint(0.5));
        return [p.x - cx, p.y - cy];""",
        a,
        b,
    )


def png_pixels(path):
    """Decode an 8-bit, non-interlaced RGB/RGBA PNG into a set of (r, g, b) colours."""
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, ctype, _, _, interlace = header
    assert depth == 8 and ctype in (2, 6) and interlace == 0, header
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    prev = bytearray(stride)
    colours = set()
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif ftype == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xFF
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        colours.update(bytes(line[i : i + 3]) for i in range(0, stride, bpp))
        prev = line
    return (width, height), colours


def hexrgb(colour):
    return bytes.fromhex(colour.lstrip("#"))


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "network.html"
    mdg = actor_network(build_graph())
    return render_html(mdg, path, title="شبكة الفاعلين", scores=centrality(mdg))


LNA, GNA = str(entity_iri("LNA")), str(entity_iri("GNA"))


def test_draws_in_colours_without_errors(driver, page, tmp_path):
    load(driver, page)
    shot = tmp_path / "network.png"
    driver.save_screenshot(str(shot))
    _, colours = png_pixels(shot)
    assert len(colours) > 50  # text anti-aliasing, nodes, edges
    for kind in ("ArmedForce", "Government", "State", "Place"):  # nodes drawn in their colours
        assert hexrgb(KIND_COLORS[kind]) in colours, kind
    assert hexrgb(EDGE_COLORS["conflict"]) in colours
    assert js_errors(driver) == []
    assert driver.execute_script("return document.querySelectorAll('canvas').length") >= 1
    assert driver.execute_script("return document.querySelectorAll('img').length") == 0
    assert "شبكة الفاعلين" in driver.find_element("css selector", "h1").text


def test_one_edge_per_pair_with_counts(driver, page):
    load(driver, page)
    edge = driver.execute_script(
        "var a = arguments[0], b = arguments[1]; return edges.get().filter(function (e) {"
        " return [e.from, e.to].sort().join() === [a, b].sort().join(); })",
        LNA,
        GNA,
    )
    assert len(edge) == 1 and edge[0]["label"] == "2"  # e2 (ASSAULT) and e3 (ACCUSE)
    assert edge[0]["arrows"] == "to, from"


def test_tooltip_shows_untrusted_text_as_text(driver, page):
    """Hover the LNA–GNA edge (its ACCUSE event's evidence carries the XSS payload)."""
    from selenium.webdriver import ActionChains

    load(driver, page)
    dx, dy = edge_middle(driver, LNA, GNA)
    actions = ActionChains(driver)
    actions.move_to_element_with_offset(canvas(driver), int(dx) + 5, int(dy) + 5)
    actions.move_to_element_with_offset(canvas(driver), int(dx), int(dy)).perform()
    wait_for(
        driver,
        "var t = document.querySelector('div.vis-tooltip');"
        "return t && t.style.visibility === 'visible' && t.textContent.indexOf('ACCUSE') >= 0",
    )
    tip = driver.execute_script(
        "var t = document.querySelector('div.vis-tooltip');"
        "return [t.textContent, t.querySelectorAll('img, script').length, t.innerHTML]"
    )
    assert "ACCUSE (VerbalConflict)" in tip[0]
    assert XSS in tip[0]  # the original characters, as text
    assert tip[1] == 0
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in tip[2]
    assert "&amp;lt;" not in tip[2]  # no double escaping


def test_search_finds_actor_with_folded_arabic(driver, page):
    load(driver, page)
    box = driver.find_element("id", "kg-search")
    box.send_keys("الجيش الوطنى")  # alef maqsura for yaa, as users type it
    hits = wait_for(
        driver,
        "var b = document.querySelectorAll('#kg-results button');"
        "return b.length && Array.prototype.map.call(b, function (x) {"
        " return x.getAttribute('data-kg-node'); })",
    )
    assert LNA in hits
    box.clear()
    box.send_keys("national accord")
    hits = wait_for(driver, "return document.querySelector('#kg-results button[data-kg-node]')")
    assert hits.get_attribute("data-kg-node") == GNA
    box.clear()
    box.send_keys("LNA_AF")  # a registry id
    hit = wait_for(driver, "return document.querySelector('#kg-results button[data-kg-node]')")
    assert hit.get_attribute("data-kg-node") == str(entity_iri("LNA_AF"))


def test_filter_hides_edges(driver, page):
    load(driver, page)
    before = driver.execute_script("return edges.length")
    driver.find_element("css selector", ".kg-filters summary").click()
    driver.find_element("css selector", 'input.kg-f-quad[value="MaterialConflict"]').click()
    wait_for(driver, f"return edges.length < {before}")
    left = driver.execute_script("return edges.get().map(function (e) { return e.label; })")
    lna_gna = driver.execute_script(
        "var a = arguments[0], b = arguments[1]; return edges.get().filter(function (e) {"
        " return [e.from, e.to].sort().join() === [a, b].sort().join(); })[0]",
        LNA,
        GNA,
    )
    assert lna_gna["label"] == ""  # only e3 (ACCUSE) left of the pair's two events
    assert len(left) < before
    status = driver.find_element("id", "kg-status").text
    assert "events shown" in status
    driver.find_element("id", "kg-f-reset").click()
    wait_for(driver, f"return edges.length === {before}")


def test_click_shows_ego_network_and_panel_with_evidence_as_text(driver, page):
    from selenium.webdriver import ActionChains

    load(driver, page)
    wait_for(driver, "return !network.physics.options.enabled")  # stabilised
    dx, dy = point_of(driver, GNA)
    ActionChains(driver).move_to_element_with_offset(
        canvas(driver), int(dx), int(dy)
    ).click().perform()
    wait_for(driver, "return document.documentElement.getAttribute('data-kg-view') === 'ego'")
    shown = set(driver.execute_script("return nodes.getIds()"))
    mdg = actor_network(build_graph())
    assert shown == {GNA} | set(nx.Graph(mdg).neighbors(GNA))
    panel = driver.find_element("id", "kg-panel")
    assert panel.is_displayed()
    text = panel.text
    assert "Government of National Accord" in text.splitlines()[1]
    assert XSS in text  # the hostile evidence sentence, shown as text
    assert "claimed by" in text
    assert (
        driver.execute_script(
            "return document.querySelectorAll('img, #kg-panel *:not(div, h2, dl, dt, dd, p, details, summary, ol, li, blockquote, button)').length"
        )
        == 0
    )


def test_click_an_edge_lists_every_event_of_the_pair(driver, page):
    """One edge per pair, expandable: a click on the LNA–GNA edge lists both its events."""
    from selenium.webdriver import ActionChains

    load(driver, page)
    wait_for(driver, "return !network.physics.options.enabled")  # stabilised
    dx, dy = edge_middle(driver, LNA, GNA)
    ActionChains(driver).move_to_element_with_offset(
        canvas(driver), int(dx), int(dy)
    ).click().perform()
    wait_for(driver, "return document.documentElement.getAttribute('data-kg-panel') === 'open'")
    panel = driver.find_element("id", "kg-panel")
    heading = panel.find_element("css selector", "h2").text
    assert "Libyan National Army" in heading and "Government of National Accord" in heading
    items = [li.text for li in panel.find_elements("css selector", "ol.kg-events > li")]
    assert len(items) == 2, items  # e2 (ASSAULT) and e3 (ACCUSE), not only the first
    assert any("ASSAULT" in t for t in items) and any("ACCUSE" in t for t in items)
    assert XSS in panel.text  # the evidence of the ACCUSE event, as text
    assert js_errors(driver) == []


def _big(n: int) -> nx.MultiDiGraph:
    """``n`` actors around a hub, a few countries and dates: more than the default view."""
    g = nx.MultiDiGraph()
    kinds = ["ArmedGroup", "Person", "State"]
    for i in range(n):
        g.add_node(
            f"a{i}",
            label_en=f"Actor {i}",
            label_ar=f"فاعل {i}",
            kind=kinds[i % 3],
            country=["LBY", "TUR", "EGY"][i % 3],
            iri=f"a{i}",
        )
    for i in range(1, n):
        for k in range(1 + (i < 40)):
            quad = "MaterialConflict" if i % 2 else "VerbalCooperation"
            g.add_edge(
                f"a{i}",
                "a0" if i % 5 else f"a{i - 1}",
                key=f"e{i}-{k}",
                event_type="ASSAULT" if i % 2 else "CONSULT",
                quad=quad,
                date=f"2020-{1 + i % 12:02d}-01",
                event=f"e{i}-{k}",
                evidence=f"sentence {i}",
            )
    return g


@pytest.fixture(scope="module")
def big_page(tmp_path_factory):
    g = _big(DEFAULT_TOP + 130)
    return g, render_html(g, tmp_path_factory.mktemp("big") / "network.html", scores=centrality(g))


def test_show_all_and_back(driver, big_page):
    g, path = big_page
    load(driver, path)
    assert driver.execute_script("return nodes.length") == DEFAULT_TOP
    driver.find_element("id", "kg-show-all").click()
    wait_for(driver, f"return nodes.length === {g.number_of_nodes()}")
    assert driver.execute_script("return edges.length") == nx.Graph(g).number_of_edges()
    driver.find_element("css selector", '[data-kg-view-btn="top"]').click()
    wait_for(driver, f"return nodes.length === {DEFAULT_TOP}")


def test_country_date_kind_and_min_filters(driver, big_page):
    from selenium.webdriver.support.ui import Select

    g, path = big_page
    load(driver, path)
    driver.find_element("css selector", ".kg-filters summary").click()
    driver.find_element("id", "kg-show-all").click()
    Select(driver.find_element("id", "kg-f-country")).select_by_value("TUR")
    ids = wait_for(driver, "return nodes.length < 200 && nodes.getIds()")
    assert ids and all(g.nodes[i]["country"] == "TUR" for i in ids)
    Select(driver.find_element("id", "kg-f-country")).select_by_value("")
    driver.execute_script(
        "var x = document.getElementById('kg-f-from'); x.value = '2020-03-01';"
        "x.dispatchEvent(new Event('change'));"
        "var y = document.getElementById('kg-f-to'); y.value = '2020-03-31';"
        "y.dispatchEvent(new Event('change'));"
    )
    wait_for(driver, "return nodes.length < 100")
    march = {u for u, v, d in g.edges(data=True) if d["date"].startswith("2020-03")}
    assert set(driver.execute_script("return nodes.getIds()")) - {"a0"} <= march | {
        v for u, v, d in g.edges(data=True) if d["date"].startswith("2020-03")
    }
    driver.find_element("id", "kg-f-reset").click()
    driver.find_element("css selector", 'input.kg-f-kind[value="Person"]').click()
    ids = wait_for(driver, "return nodes.length < 200 && nodes.getIds()")
    assert all(g.nodes[i]["kind"] != "Person" for i in ids)
    driver.find_element("id", "kg-f-reset").click()
    box = driver.find_element("id", "kg-f-min")
    box.clear()
    box.send_keys("3")
    driver.execute_script("document.getElementById('kg-f-min').dispatchEvent(new Event('change'))")
    ids = wait_for(driver, "return nodes.length < 50 && nodes.getIds()")
    degree = {n: sum(1 for _ in nx.all_neighbors(g, n)) for n in g}
    assert set(ids) == {n for n in g if g.degree(n) >= 3}, (ids, degree)


HOSTILE = "</script><img src=x onerror=alert(1)>"


def test_hostile_actor_name_and_evidence_stay_text(driver, tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("h", label=HOSTILE, label_ar=HOSTILE, label_en=HOSTILE + " & co", kind="Person")
    g.add_node("t", label="تركيا", label_ar="تركيا", label_en="Turkey", kind="State")
    g.add_edge("h", "t", key="e", event_type="ASSAULT", quad="MaterialConflict",
               evidence=HOSTILE + " \u2028 </SCRIPT >", claimed_by=HOSTILE, event="e")  # fmt: skip
    path = render_html(g, tmp_path / "hostile.html", scores={"h": 1.0, "t": 0.5})
    load(driver, path)
    assert driver.execute_script("return document.querySelectorAll('img').length") == 0
    box = driver.find_element("id", "kg-search")
    box.send_keys("onerror")
    hit = wait_for(driver, "return document.querySelector('#kg-results button[data-kg-node]')")
    assert HOSTILE in hit.text
    hit.click()
    wait_for(driver, "return document.documentElement.getAttribute('data-kg-panel') === 'open'")
    text = driver.find_element("id", "kg-panel").text
    assert HOSTILE in text and "</SCRIPT >" in text
    assert driver.execute_script("return document.querySelectorAll('img').length") == 0
    assert js_errors(driver) == []


DOCS_IMG = Path(__file__).resolve().parent.parent / "docs" / "img" / "network.png"


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory):
    from kg.analyze import analyze
    from kg.build import build

    out = tmp_path_factory.mktemp("seed")
    build(["seeds"], out / "build")
    result = analyze(out / "build" / "graph.ttl", out / "analysis")
    return out / "analysis" / "network.html", result


def test_seed_camps_as_colours_and_panel_screenshot(driver, seed_page, tmp_path):
    """The analysis page colours actors by camp; LNA's panel open goes to docs/img."""
    page, result = seed_page
    load(driver, page)
    lna = "https://w3id.org/conflict-kg/id/actor/LNA"
    camp = result.network.nodes[lna]["camp"]
    colour = driver.execute_script("return nodes.get(arguments[0]).color", lna)
    ranked = sorted(
        (c for c in result.camps if c["size"] > 1), key=lambda c: (-c["size"], c["camp"])
    )
    assert colour == CAMP_COLORS[[c["camp"] for c in ranked].index(camp)]
    assert colour != KIND_COLORS["ArmedForce"]
    driver.execute_script("kg.focus(kg.search('Libyan National Army')[0])")
    wait_for(driver, "return document.documentElement.getAttribute('data-kg-panel') === 'open'")
    driver.set_window_size(1400, 1080)  # the whole canvas, for the README
    driver.execute_script("network.setSize('100%', '760px'); network.fit({animation: false})")
    time.sleep(0.3)
    shot = tmp_path / "network.png"
    driver.save_screenshot(str(shot))
    driver.set_window_size(1200, 900)
    _, colours = png_pixels(shot)
    assert len(colours) > 50 and hexrgb(EDGE_COLORS["conflict"]) in colours
    assert js_errors(driver) == []
    DOCS_IMG.parent.mkdir(parents=True, exist_ok=True)
    DOCS_IMG.write_bytes(shot.read_bytes())


def test_seed_panel_lists_the_contested_claims(driver, seed_page):
    """The GNA air force's panel shows the rival claims of contested_claims.rq, claimants named."""
    page, result = seed_page
    load(driver, page)
    gna_af = "https://w3id.org/conflict-kg/id/actor/GNA_AF"
    net = result.network
    ends = [*net.out_edges(gna_af, data=True), *net.in_edges(gna_af, data=True)]
    contested = [d["contested"] for *_, d in ends if d.get("contested")]
    assert contested  # the seed's GNA_AF shoot-down is claimed by the LNA too (reversed roles)
    driver.execute_script("kg.focus(kg.search('GNA Air Force')[0])")
    wait_for(driver, "return document.documentElement.getAttribute('data-kg-panel') === 'open'")
    shown = [x.text for x in driver.find_elements("css selector", "#kg-panel .kg-ev-contested")]
    assert shown and all(t.startswith("contested: ") for t in shown)
    assert {t.removeprefix("contested: ") for t in shown} == {
        r for c in contested for r in c.split("; ")
    }
    assert any("reversed roles" in t and "claimed by" in t for t in shown)


def test_seed_graph_language_toggle(driver, seed_page):
    """Clicking "English" leaves only English labels."""
    page, _ = seed_page
    load(driver, page)
    driver.find_element("css selector", 'button[data-kg-lang="en"]').click()
    lna = "https://w3id.org/conflict-kg/id/actor/LNA"
    wait_for(driver, f"return nodes.get('{lna}').label === 'Libyan National Army'")
    assert (
        driver.execute_script("return document.documentElement.getAttribute('data-kg-lang')")
        == "en"
    )
    assert (
        driver.find_element("css selector", 'button[data-kg-lang="en"]').get_attribute(
            "aria-pressed"
        )
        == "true"
    )


def test_seed_labels_are_readable(driver, seed_page):
    """Once the seed's network is fitted to the window, the smallest label is >= 11 px."""
    page, _ = seed_page
    load(driver, page)
    wait_for(driver, "return !network.physics.options.enabled")  # stabilised, then fitted
    smallest = driver.execute_script(
        "return network.getScale() * Math.min.apply(null, nodes.get().map(function (n) {"
        " return n.font && n.font.size ? n.font.size : 14; }))"
    )
    assert smallest >= 11, smallest
