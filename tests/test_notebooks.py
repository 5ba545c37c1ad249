"""The notebooks in ``notebooks/`` run top to bottom in a fresh kernel and stay small.

Notebooks 01–03 run in the default test run (a few seconds each); 04 builds a few hundred
ANT articles and is marked ``slow`` (run it with ``pytest -m slow``); its skip path (no
``../shared``) runs by default.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SHARED = ROOT.parent / "shared"
CELL_TIMEOUT = 120  # seconds per cell

#: Largest stored notebook, in bytes (02 embeds the interactive graph).
MAX_BYTES = {"02_actor_network.ipynb": 4_000_000}
DEFAULT_MAX_BYTES = 2_000_000


def run_notebook(name: str, env: dict[str, str] | None = None):
    """Execute a notebook in a fresh kernel with cwd = notebooks/; return it with outputs."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    old = {k: os.environ.get(k) for k in env or {}}
    os.environ.update(env or {})
    try:
        client.execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def text_of(nb) -> str:
    """Everything the notebook printed or displayed as text or HTML."""
    parts = []
    for o in outputs(nb):
        if o.get("output_type") == "stream":
            parts.append(o.get("text", ""))
        data = o.get("data", {})
        parts.append(data.get("text/plain", ""))
        parts.append(data.get("text/html", ""))
    return "\n".join(parts)


def assert_no_errors(nb) -> None:
    errors = [o for o in outputs(nb) if o.get("output_type") == "error"]
    assert not errors, f"{errors[0]['ename']}: {errors[0]['evalue']}"


def test_notebooks_are_numbered():
    names = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    assert names == [
        "01_build_and_query.ipynb",
        "02_actor_network.ipynb",
        "03_claims_and_sources.ipynb",
        "04_corpus_at_scale.ipynb",
    ]


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_stored_notebook_is_small_and_was_run(path: Path):
    size = path.stat().st_size
    assert size < MAX_BYTES.get(path.name, DEFAULT_MAX_BYTES), f"{path.name}: {size:,} bytes"
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.get("outputs") for c in code), "stored without outputs"
    assert_no_errors(nb)
    for o in outputs(nb):  # no cell carries megabytes except the one embedded graph
        cell_bytes = sum(len(str(v)) for v in o.get("data", {}).values())
        limit = 1_500_000 if "kg-graph" in str(o.get("data", {}).get("text/html", "")) else 300_000
        assert cell_bytes < limit


def test_01_build_and_query():
    nb = run_notebook("01_build_and_query.ipynb")
    assert_no_errors(nb)
    text = text_of(nb)
    assert "conforms (" in text  # SHACL on the seed graph
    assert "does not conform" in text  # the broken example
    assert "kgr:actor/LNA" in text and "Turkey" in text  # who_attacked_whom
    assert "دمرت" in text  # the trigger of the seed's first event, from the own query


def test_02_actor_network_embeds_the_graph():
    nb = run_notebook("02_actor_network.ipynb")
    assert_no_errors(nb)
    html_outputs = [o["data"]["text/html"] for o in outputs(nb) if "text/html" in o.get("data", {})]
    frames = [h for h in html_outputs if "<iframe srcdoc=" in h]
    assert len(frames) == 1, "the interactive graph is embedded once"
    assert "vis-network" in frames[0] or "vis.Network" in frames[0]  # inlined, not linked
    assert any("image/png" in o.get("data", {}) for o in outputs(nb))  # the conflict matrix
    assert "Libyan National Army" in text_of(nb)


def test_03_claims_highlights_evidence():
    nb = run_notebook("03_claims_and_sources.ipynb")
    assert_no_errors(nb)
    text = text_of(nb)
    assert 'class="kg-evidence"' in text
    assert '<mark class="kg-trigger"' in text and '<mark class="kg-claimed_by"' in text
    assert "reversed roles" in text  # contested claims
    assert "LNA: claims" in text and "GNA: claims" in text  # side by side


def test_04_skips_without_shared(tmp_path: Path):
    nb = run_notebook("04_corpus_at_scale.ipynb", env={"KG_SHARED": str(tmp_path / "absent")})
    assert_no_errors(nb)
    text = text_of(nb)
    assert "the cells below are skipped" in text
    assert "skipped: no ANT corpus" in text


@pytest.mark.slow
@pytest.mark.shared
def test_04_corpus_at_scale(request: pytest.FixtureRequest):
    if "slow" not in (request.config.getoption("-m") or ""):
        pytest.skip("slow: run with -m slow")
    if not (SHARED / "corpora" / "ant_v1.1" / "articles.jsonl.gz").exists():
        pytest.skip("../shared corpora are not beside this clone")
    nb = run_notebook("04_corpus_at_scale.ipynb")
    assert_no_errors(nb)
    text = text_of(nb)
    assert "articles →" in text and "places with coordinates" in text
    assert sum("image/png" in o.get("data", {}) for o in outputs(nb)) == 2  # timeline and map
