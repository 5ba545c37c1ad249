"""``kg serve``: the seed store behind a real SPARQL 1.1 Protocol endpoint on 127.0.0.1.

Starts the console script as a subprocess, queries it over HTTP with urllib, checks that an
UPDATE is refused and that the result-size limit answers 413, and stops it; every step is
bounded in time.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.build import build
from kg.graph.serve import oxigraph_binary

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
KG_EXE = shutil.which("kg")
LNA = "https://w3id.org/conflict-kg/id/actor/LNA"
JSON = "application/sparql-results+json"

pytestmark = [
    pytest.mark.skipif(KG_EXE is None, reason="the kg console script is not on PATH"),
    pytest.mark.skipif(
        oxigraph_binary() is None,
        reason="the oxigraph server binary is not installed (pip install oxigraph)",
    ),
]


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
