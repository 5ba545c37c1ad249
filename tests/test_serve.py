"""``kg serve``: the seed store behind a real SPARQL 1.1 Protocol endpoint on 127.0.0.1.

Starts the console script as a subprocess, queries it over HTTP with urllib (or raw sockets),
checks that an UPDATE is refused and that the result-size limit answers 413, and stops it;
then the attacks of issue 13: SERVICE (a listener on 127.0.0.1 records whether it was
contacted), a timeout that leaves a core busy (CPU time of the server's process tree), the
internal graphs, Host and CORS, huge or malformed bodies, idle and slow connections, clients
hanging up, HTTP/1.1, OPTIONS and HEAD. Every step is bounded in time.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from kgfixtures import Listener

from kg.build import build

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
KG_EXE = shutil.which("kg")
LNA = "https://w3id.org/conflict-kg/id/actor/LNA"
JSON = "application/sparql-results+json"

pytestmark = pytest.mark.skipif(KG_EXE is None, reason="the kg console script is not on PATH")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url: str, data: dict[str, str], accept: str = JSON, timeout: float = 10):
    body = urllib.parse.urlencode(data).encode()
    req = urllib.request.Request(url, data=body, headers={"Accept": accept})
    return urllib.request.urlopen(req, timeout=timeout)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("serve")
    build([SEEDS], root / "out", store=root / "store")
    return root / "store"


def start(store: Path, *extra: str):
    port = free_port()
    proc = subprocess.Popen(
        [KG_EXE, "serve", "--store", str(store), "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"kg serve exited {proc.returncode}: {proc.stderr.read()}")
        try:
            with post(f"{url}/query", {"query": "ASK {}"}, timeout=1) as resp:
                if resp.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.1)
    stop(proc)
    pytest.fail("kg serve did not answer within 20 s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(store):
    proc, url = start(store)
    yield url
    stop(proc)
    assert proc.returncode is not None


SELECT_LNA = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX actor: <https://w3id.org/conflict-kg/id/actor/>
SELECT ?label WHERE { actor:LNA skos:prefLabel ?label FILTER(LANG(?label) = "en") }
"""


@pytest.mark.parametrize("path", ["/query", "/sparql"])
def test_select_over_http(server, path):
    with post(server + path, {"query": SELECT_LNA}) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"].startswith(JSON)
        result = json.load(resp)
    labels = [b["label"]["value"] for b in result["results"]["bindings"]]
    assert labels == ["Libyan National Army"]


def test_get_query_and_union_counts_once(server, store):
    from kg.graph.store import open_store

    q = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    req = urllib.request.Request(f"{server}/query?query={q}", headers={"Accept": JSON})
    with urllib.request.urlopen(req, timeout=10) as resp:
        n = int(json.load(resp)["results"]["bindings"][0]["n"]["value"])
    with open_store(store) as st:  # the server holds no lock: a writer may open the store
        assert n == len(st)


def test_summarized_queries_over_http_give_the_store_rows(server, store):
    """The queries that read the store's summary counts (kg.graph.summary) answer the same
    over HTTP as through the store, and the summary graph itself is not listed."""
    from kg.graph.query import load_query
    from kg.graph.store import open_store

    with open_store(store, read_only=True) as st:
        for name in ("events_by_type", "most_targeted_places", "who_attacked_whom"):
            text, _ = load_query(name)
            columns, rows = st.query(text)
            with post(f"{server}/query", {"query": text}) as resp:
                bindings = json.load(resp)["results"]["bindings"]
            got = [tuple(b[c]["value"] if c in b else None for c in columns) for b in bindings]
            assert got == [tuple(None if t is None else str(t) for t in r) for r in rows], name
            assert rows, name
    ask = "ASK { GRAPH <urn:kg:summary> { ?s ?p ?o } }"
    with post(f"{server}/query", {"query": ask}) as resp:
        assert json.load(resp)["boolean"] is False


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/update", {"update": f'INSERT DATA {{ <{LNA}> <urn:x:p> "x" }}'}),
        ("/query", {"update": f'INSERT DATA {{ <{LNA}> <urn:x:p> "x" }}'}),
    ],
)
def test_update_is_refused(server, path, data):
    with pytest.raises(urllib.error.HTTPError) as err:
        post(server + path, data).close()
    assert 400 <= err.value.code < 500


def test_put_is_refused(server):
    req = urllib.request.Request(
        f"{server}/store?default", data=b"<urn:a> <urn:b> <urn:c> .", method="PUT"
    )
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=10).close()
    assert err.value.code in (403, 405)


@pytest.mark.parametrize("port", ["99999", "0"])
def test_a_port_out_of_range_is_refused(store, port):
    """Not served on another port (99999 wrapped round to 34463) nor a random one (0)."""
    proc = subprocess.Popen(
        [KG_EXE, "serve", "--store", str(store), "--port", port],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        rc = proc.wait(timeout=30)
    finally:
        stop(proc)
    assert rc == 2 and "Invalid value for '--port'" in proc.stderr.read()
    assert proc.stdout.read() == ""


def test_result_size_limit(store):
    proc, url = start(store, "--max-result-bytes", "1000")
    try:
        with pytest.raises(urllib.error.HTTPError) as err:
            post(f"{url}/query", {"query": "SELECT * WHERE { ?s ?p ?o }"}).close()
        assert err.value.code == 413
        assert b"LIMIT" in err.value.read()
        with post(f"{url}/query", {"query": "ASK { ?s ?p ?o }"}) as resp:
            assert json.load(resp)["boolean"] is True
    finally:
        stop(proc)


# --- issue 13: the endpoint under attack ------------------------------------------------------


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 10, method="GET"):
    req = urllib.request.Request(url, headers={"Accept": JSON, **(headers or {})}, method=method)
    return urllib.request.urlopen(req, timeout=timeout)


def raw_request(url: str, data: bytes, timeout: float = 10) -> bytes:
    """Send ``data`` over a fresh socket; everything the server answers before it closes."""
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks):
                    break
        except TimeoutError:
            pass
    return b"".join(chunks)


@pytest.fixture(scope="module")
def tight(store):
    """A server with a 1 s query timeout, 1 s idle timeout and a 10 kB body limit."""
    proc, url = start(store, "--timeout", "1", "--idle-timeout", "1", "--max-body-bytes", "10000")
    yield proc, url
    stop(proc)


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


SERVICE_QUERIES = [
    "SELECT * WHERE {{ SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{u}x> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?x {{ <{u}> }} SERVICE ?x {{ ?s ?p ?o }} }}",
    "PREFIX svc: <{u}> SELECT * WHERE {{ SERVICE svc:x {{ ?s ?p ?o }} }}",
    "PREFIX : <{u}> SELECT * WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",  # no space: still SERVICE
    "SELECT * WHERE {{ FILTER EXISTS {{ SeRvIcE<{u}>{{ ?s ?p ?o }} }} }}",
    # the keyword glued to a number, and after an escaped "#" that opens no comment
    "SELECT * WHERE {{ ?a ?b ?c . BIND(1 AS ?one) ?a ?b 1SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "PREFIX ex: <urn:x:> SELECT * WHERE {{ ?a ?b ex:o\\# . SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{u}> {{ ?s ?p ?o }} }}",  # SPARQL's codepoint escape
]


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_is_refused_and_fetches_nothing(server, listener, template):
    query = template.format(u=listener.url)
    with pytest.raises(urllib.error.HTTPError) as err:
        post(f"{server}/query", {"query": query}).close()
    assert err.value.code == 400
    message = err.value.read().decode()
    assert "SERVICE" in message and "--allow-service" in message
    assert message.count("\n") == 1
    time.sleep(0.05)
    assert listener.hits == []


@pytest.mark.parametrize(
    "where",
    [
        '?s ?p "SERVICE <http://127.0.0.1:9/> { }" .',
        "?s ?p ?o # SERVICE <http://127.0.0.1:9/> { }\n",
        "?service ?p ?o .",
        "?s a <urn:x:Service> , ex:Service .",
    ],
)
def test_service_in_strings_comments_and_names_is_no_service(server, listener, where):
    prefix = "PREFIX ex: <urn:x:> SELECT * WHERE { "
    with post(f"{server}/query", {"query": prefix + where + " } LIMIT 1"}) as resp:
        assert resp.status == 200
    query = prefix + where + f" SERVICE <{listener.url}> {{ ?a ?b ?c }} }} LIMIT 1"
    with pytest.raises(urllib.error.HTTPError) as err:  # the same text with a real SERVICE
        post(f"{server}/query", {"query": query}).close()
    assert err.value.code == 400
    assert listener.hits == []


def test_allow_service_runs_it(store, listener):
    proc, url = start(store, "--allow-service")
    try:
        query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
        with post(f"{url}/query", {"query": query}) as resp:
            assert resp.status == 200
        assert listener.hits
    finally:
        stop(proc)


def tree_cpu_seconds(pid: int) -> float:
    psutil = pytest.importorskip("psutil")
    root = psutil.Process(pid)
    total = 0.0
    for p in [root, *root.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


# the oxigraph binary's own --timeout-s stopped a plain COUNT but not this sort
CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"


def test_timeout_stops_the_query(tight):
    proc, url = tight
    t0 = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as err:
        post(f"{url}/query", {"query": CROSS}, timeout=20).close()
    assert err.value.code == 504
    assert time.monotonic() - t0 < 10
    time.sleep(0.5)  # let the killed worker go (its replacement starts with the next query)
    before = tree_cpu_seconds(proc.pid)
    time.sleep(2)
    assert tree_cpu_seconds(proc.pid) - before < 0.4  # idle again, not a core still busy
    with post(f"{url}/query", {"query": "ASK { ?s ?p ?o }"}) as resp:  # and still answering
        assert json.load(resp)["boolean"] is True


def test_internal_graphs_are_hidden(server, store):
    from kg.graph.store import EXTRACTION_PREFIX, open_store

    with open_store(store) as st:
        graphs = [g.value for g in st.inner.named_graphs()]
    hidden = [g for g in graphs if g.startswith(EXTRACTION_PREFIX)]
    visible = sorted(g for g in graphs if not g.startswith("urn:kg:"))
    assert hidden and visible  # the store has both kinds
    queries = {
        "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }": visible,
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }": visible,
    }
    for query, expected in queries.items():
        with post(f"{server}/query", {"query": query}) as resp:
            rows = json.load(resp)["results"]["bindings"]
        assert sorted(b["g"]["value"] for b in rows) == expected
    ask = f"ASK {{ GRAPH <{hidden[0]}> {{ ?s ?p ?o }} }}"
    with post(f"{server}/query", {"query": ask}) as resp:
        assert json.load(resp)["boolean"] is False
    ask = "ASK { ?s <urn:kg:extraction:json> ?o }"  # nor is the cache in the default graph
    with post(f"{server}/query", {"query": ask}) as resp:
        assert json.load(resp)["boolean"] is False
    with pytest.raises(urllib.error.HTTPError) as err:  # FROM cannot reach it either
        post(f"{server}/query", {"query": f"SELECT * FROM <{hidden[0]}> {{ ?s ?p ?o }}"})
    assert err.value.code == 400
    with pytest.raises(urllib.error.HTTPError) as err:
        get(f"{server}/query?query=ASK%7B%7D&named-graph-uri={urllib.parse.quote(hidden[0])}")
    assert err.value.code == 400


def test_host_check_and_cors(server, store):
    q = f"{server}/query?query=ASK%7B%7D"
    port = urllib.parse.urlsplit(server).port
    for host in ("localhost", f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"):
        with get(q, {"Host": host}) as resp:
            assert resp.status == 200
    with pytest.raises(
        urllib.error.HTTPError
    ) as err:  # DNS rebinding: attacker.example → 127.0.0.1
        get(q, {"Host": f"attacker.example:{port}"}).close()
    assert err.value.code == 403
    with get(q, {"Origin": "https://attacker.example"}) as resp:
        assert resp.headers["Access-Control-Allow-Origin"] is None  # CORS off by default
    proc, url = start(store, "--allow-host", "kg.example", "--cors", "https://app.example")
    try:
        q = f"{url}/query?query=ASK%7B%7D"
        with get(q, {"Host": "kg.example", "Origin": "https://app.example"}) as resp:
            assert resp.headers["Access-Control-Allow-Origin"] == "https://app.example"
        with get(q, {"Origin": "https://attacker.example"}) as resp:
            assert resp.headers["Access-Control-Allow-Origin"] is None
        preflight = {
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        }
        with get(f"{url}/query", preflight, method="OPTIONS") as resp:
            assert resp.status == 204
            assert resp.headers["Access-Control-Allow-Origin"] == "https://app.example"
            assert "POST" in resp.headers["Access-Control-Allow-Methods"]
    finally:
        stop(proc)


def test_request_body_limits(tight):
    _, url = tight
    head = b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
    answer = raw_request(url, head + b"Content-Length: 200000000\r\n\r\nASK {}")
    assert answer.startswith(b"HTTP/1.1 413")  # refused at once: the body is not read
    for bad in (b"-5", b"abc"):
        answer = raw_request(url, head + b"Content-Length: " + bad + b"\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 400"), answer[:200]


def test_idle_connections_are_dropped_and_do_not_block(tight):
    _, url = tight
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    idle = [socket.create_connection((host, int(port)), timeout=10) for _ in range(200)]
    try:
        idle[0].sendall(b"GET /query HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # half a request
        with post(f"{url}/query", {"query": "ASK { ?s ?p ?o }"}) as resp:
            assert json.load(resp)["boolean"] is True
        t0 = time.monotonic()
        for sock in (idle[0], idle[-1]):
            sock.settimeout(max(0.1, 8 - (time.monotonic() - t0)))
            assert sock.recv(1024) == b""  # closed by the server, not by our timeout
    finally:
        for sock in idle:
            sock.close()


def test_keep_alive_http11_options_and_head(server):
    import http.client

    netloc = urllib.parse.urlsplit(server).netloc
    conn = http.client.HTTPConnection(netloc, timeout=10)
    try:
        path = "/query?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o } LIMIT 3")
        conn.request("GET", path, headers={"Accept": JSON})
        first = conn.getresponse()
        assert first.version == 11 and first.status == 200
        first.read()
        sock = conn.sock
        conn.request("GET", path, headers={"Accept": JSON})
        second = conn.getresponse()
        second.read()
        assert second.status == 200 and conn.sock is sock  # the same connection, kept alive
        conn.request("OPTIONS", "/query")
        options = conn.getresponse()
        options.read()
        assert options.status == 204 and "POST" in options.headers["Allow"]
    finally:
        conn.close()
    queries = {
        "SELECT * WHERE { ?s ?p ?o } LIMIT 3": [
            JSON,
            "application/sparql-results+xml",
            "text/csv",
            "text/tab-separated-values",
        ],
        "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3": [
            "text/turtle",
            "application/n-triples",
            "application/rdf+xml",
            "application/ld+json",
        ],
    }
    for query, types in queries.items():
        for media in types:
            url = f"{server}/query?query={urllib.parse.quote(query)}"
            with get(url, {"Accept": media}) as resp:
                body = resp.read()
                headers = resp.headers
            assert headers["Content-Type"].startswith(media) and body
            with get(url, {"Accept": media}, method="HEAD") as resp:
                assert resp.status == 200 and resp.read() == b""
                assert resp.headers["Content-Type"] == headers["Content-Type"]
                assert resp.headers["Content-Length"] == str(len(body))


def test_clients_hanging_up_print_nothing(store):
    proc, url = start(store)
    try:
        host, port = urllib.parse.urlsplit(url).netloc.split(":")
        query = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }")
        request = f"GET /query?query={query} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
        for _ in range(20):
            sock = socket.create_connection((host, int(port)), timeout=10)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.sendall(request)
            sock.recv(100)
            # RST instead of FIN, so the server's next write fails
            sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            sock.close()
        with post(f"{url}/query", {"query": "ASK {}"}) as resp:
            assert resp.status == 200
    finally:
        stop(proc)
    stderr = proc.stderr.read()
    assert "Traceback" not in stderr and "Error" not in stderr, stderr[:2000]


def test_query_page_and_format_parameter(server):
    with urllib.request.urlopen(f"{server}/", timeout=10) as resp:
        page = resp.read().decode()
        assert resp.headers["Content-Type"].startswith("text/html")
    assert '<form action="query"' in page and 'name="format"' in page
    assert not re.search(r"""(src|href|action)=["']?https?:""", page)  # nothing fetched elsewhere
    q = urllib.parse.quote("SELECT ?s WHERE { ?s ?p ?o } LIMIT 2")
    with urllib.request.urlopen(f"{server}/query?query={q}&format=csv", timeout=10) as resp:
        assert resp.headers["Content-Type"].startswith("text/csv")  # a form cannot set Accept
        assert resp.read().decode().splitlines()[0] == "s"


def test_slow_clients_are_dropped(tight):
    _, url = tight
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        t0 = time.monotonic()
        with pytest.raises(OSError):  # a byte every 0.2 s: never idle, but never done
            while time.monotonic() - t0 < 8:
                sock.sendall(b"X")
                time.sleep(0.2)
        assert time.monotonic() - t0 < 8


def test_a_query_that_crashes_the_engine_does_not_take_the_server_down(server):
    nested = "SELECT * WHERE " + "{" * 100_000 + "}" * 100_000  # overflows the parser's stack
    req = urllib.request.Request(
        f"{server}/query",
        data=nested.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=20).close()
    assert err.value.code == 500
    with post(f"{server}/query", {"query": "ASK { ?s ?p ?o }"}) as resp:  # a new worker answers
        assert json.load(resp)["boolean"] is True


def test_worker_memory_cap(store):
    proc, url = start(store, "--max-worker-memory", "300", "--timeout", "20")
    try:
        hungry = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f LIMIT 1"
        t0 = time.monotonic()
        with pytest.raises(urllib.error.HTTPError) as err:
            post(f"{url}/query", {"query": hungry}, timeout=30).close()
        assert err.value.code == 500 and b"--max-worker-memory" in err.value.read()
        assert time.monotonic() - t0 < 15  # stopped by the cap, not by the timeout
        with post(f"{url}/query", {"query": "ASK { ?s ?p ?o }"}) as resp:
            assert json.load(resp)["boolean"] is True
    finally:
        stop(proc)
    assert proc.stderr.read() == ""  # no engine backtrace on the operator's terminal


def page_of(server: str) -> str:
    with urllib.request.urlopen(f"{server}/", timeout=10) as resp:
        return resp.read().decode()


def test_query_page_has_the_prefixes_and_the_shipped_queries(server):
    from kg.graph.query import list_queries
    from kg.vocab import PREFIXES

    page = page_of(server)
    textarea = re.search(r'<textarea id="query" name="query"[^>]*>(.*?)</textarea>', page, re.S)
    text = html.unescape(textarea.group(1))
    for prefix, iri in PREFIXES.items():
        assert f"PREFIX {prefix}: <{iri}>\n" in text
    assert "<https://" not in textarea.group(1)  # escaped: &lt;https://…&gt;
    options = dict(re.findall(r'<option value="(\w+)" data-query="([^"]*)">', page))
    assert set(options) == {name for name, _ in list_queries()}
    shipped = ROOT / "kg" / "graph" / "queries" / "who_attacked_whom.rq"
    assert html.unescape(options["who_attacked_whom"]) == shipped.read_text(encoding="utf-8")
    assert "<" not in options["who_attacked_whom"]  # PREFIX kg: <…> is escaped in the attribute
    # the page's own text is a query the endpoint runs
    with post(f"{server}/query", {"query": text}) as resp:
        assert json.load(resp)["results"]["bindings"]


@pytest.mark.browser
def test_choosing_an_example_fills_the_form(server, tmp_path):
    from test_browser import chromium

    exe = chromium()
    if not exe:
        pytest.skip("no Chromium to run the page's script")
    done = subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=3000", "--dump-dom", f"{server}/#example=who_attacked_whom"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    textarea = re.search(
        r'<textarea id="query" name="query"[^>]*>(.*?)</textarea>', done.stdout, re.S
    )
    assert textarea, done.stdout[:2000] + done.stderr[-2000:]
    assert html.unescape(textarea.group(1)).startswith("# title: Who attacked whom")
