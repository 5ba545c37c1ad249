"""Render the fixture network in headless Chromium: it draws, and untrusted text stays text.

Opt-in by nature: skips when no Chromium is installed.
"""

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from kgfixtures import build_graph

from kg.network import actor_network, centrality
from kg.render.html import EDGE_COLORS, KIND_COLORS, render_html

pytestmark = pytest.mark.browser


def chromium():
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    exe = chromium()
    if not exe:
        pytest.skip("no Chromium (/usr/bin/chromium or `chromium` on PATH) to render the page")
    return exe


def run(browser, tmp_path, url, *args):
    cmd = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=5000",
        "--window-size=1200,800",
        *args,
        url,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)


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


def test_screenshot_not_blank(browser, page, tmp_path):
    shot = tmp_path / "network.png"
    proc = run(browser, tmp_path, page.as_uri(), f"--screenshot={shot}")
    assert shot.exists(), proc.stderr[-2000:]
    blank_html = tmp_path / "blank.html"
    blank_html.write_text("<html><body></body></html>", encoding="utf-8")
    blank = tmp_path / "blank.png"
    run(browser, tmp_path, blank_html.as_uri(), f"--screenshot={blank}")
    assert shot.stat().st_size > 5 * blank.stat().st_size

    size, colours = png_pixels(shot)
    assert size == (1200, 800)
    assert len(colours) > 50  # text anti-aliasing, nodes, edges
    for kind in ("ArmedForce", "Government", "State", "Place"):  # nodes drawn in their colours
        assert hexrgb(KIND_COLORS[kind]) in colours, kind
    assert hexrgb(EDGE_COLORS["conflict"]) in colours


def test_dom_has_canvas_and_no_injected_markup(browser, page, tmp_path):
    proc = run(browser, tmp_path, page.as_uri(), "--dump-dom", "--enable-logging=stderr", "--v=0")
    dom = proc.stdout
    assert "<canvas" in dom, proc.stderr[-2000:]
    assert "Uncaught" not in proc.stderr
    outside_scripts = re.sub(r"<script\b.*?</script>", "", dom, flags=re.DOTALL | re.IGNORECASE)
    assert "<img" not in outside_scripts
    assert "onerror=" not in outside_scripts
    assert "شبكة الفاعلين" in dom


def test_tooltip_shows_untrusted_text_as_text(browser, page, tmp_path):
    """Hover the ACCUSE edge whose evidence carries the XSS payload, then dump the DOM."""
    probe = tmp_path / "probe.html"
    hover = """<script>
    setTimeout(function () {
      var e = network.body.data.edges.get().filter(function (x) {
        return (x.title.textContent || String(x.title)).indexOf("alert(1)") >= 0; })[0];
      var dom = network.canvasToDOM(network.body.edges[e.id].edgeType.getPoint(0.5));
      var canvas = document.querySelector("#mynetwork canvas");
      var r = canvas.getBoundingClientRect();
      canvas.dispatchEvent(new MouseEvent("mousemove",
        {bubbles: true, clientX: r.left + dom.x, clientY: r.top + dom.y}));
    }, 2500);
    </script></body>"""
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", hover, 1), encoding="utf-8"
    )
    proc = run(browser, tmp_path, probe.as_uri(), "--dump-dom")
    tip = re.search(r'<div class="vis-tooltip"[^>]*>(.*?)</div>\s*</div>', proc.stdout, re.DOTALL)
    assert tip, proc.stdout[-3000:]
    text = tip.group(1)
    assert "visibility: visible" in tip.group(0)
    assert "ACCUSE (VerbalConflict)" in text
    # shown as the original characters (serialised as &lt; in the DOM dump), not as markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&amp;lt;" not in text  # no double escaping
    assert "<img" not in text and "<script" not in text


DOCS_IMG = Path(__file__).resolve().parent.parent / "docs" / "img" / "network.png"


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory):
    from kg.analyze import analyze
    from kg.build import build

    out = tmp_path_factory.mktemp("seed")
    build(["seeds"], out / "build")
    result = analyze(out / "build" / "graph.ttl", out / "analysis")
    return out / "analysis" / "network.html", result


def console_errors(stderr):
    return [line for line in stderr.splitlines() if "Uncaught" in line or "ERROR:CONSOLE" in line]


def test_seed_graph_screenshot(browser, seed_page, tmp_path):
    """The seed network draws without console errors; the screenshot goes to docs/img."""
    page, _ = seed_page
    shot = tmp_path / "network.png"
    proc = run(
        browser,
        tmp_path,
        page.as_uri(),
        f"--screenshot={shot}",
        "--enable-logging=stderr",
        "--v=0",
    )
    assert console_errors(proc.stderr) == []
    size, colours = png_pixels(shot)
    assert size == (1200, 800) and len(colours) > 50
    assert hexrgb(KIND_COLORS["ArmedForce"]) in colours
    assert hexrgb(EDGE_COLORS["conflict"]) in colours
    DOCS_IMG.parent.mkdir(parents=True, exist_ok=True)
    DOCS_IMG.write_bytes(shot.read_bytes())


def test_seed_graph_dom_and_language_toggle(browser, seed_page, tmp_path):
    """The page marks its first draw; clicking "English" leaves only English labels."""
    page, result = seed_page
    probe = tmp_path / "probe.html"
    click = """<script>
    setTimeout(function () {
      document.querySelector('[data-kg-lang="en"]').click();
      var n = nodes.get("https://w3id.org/conflict-kg/id/actor/LNA");
      document.body.setAttribute("data-probe-label", n.label);
    }, 1500);
    </script></body>"""
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", click, 1), encoding="utf-8"
    )
    proc = run(browser, tmp_path, probe.as_uri(), "--dump-dom", "--enable-logging=stderr", "--v=0")
    dom = proc.stdout
    assert console_errors(proc.stderr) == []
    assert re.search(r'data-kg-first-draw-ms="\d+"', dom), dom[:500]
    assert 'data-probe-label="Libyan National Army"' in dom
    assert re.search(r'<html[^>]*\bdata-kg-lang="en"', dom)
    assert '<button type="button" data-kg-lang="en" aria-pressed="true"' in dom
