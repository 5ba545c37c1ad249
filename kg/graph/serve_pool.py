r"""The query side of ``kg serve``: pyoxigraph in worker processes, killed at the timeout.

Each worker (:func:`_worker_main`, a fresh Python process that :class:`QueryPool` starts and
talks to over a socket pair; it dies with the server) opens the store read-only (no lock: a
``kg build`` may write meanwhile), lists its article and registry graphs once, and then
answers queries: it runs each one
on the default graph (the materialized union of the article graphs) with only those named
graphs visible (``named_graphs=``), so the internal ``urn:kg:extraction:…`` and
``urn:kg:staging:…`` graphs stay hidden, also from ``FROM``, which this dataset overrides. It
serializes the result in the negotiated format up to the size limit. A query still running at
the deadline gets its worker SIGKILLed (and a fresh one started for the next query): the
timeout really stops it.

pyoxigraph *does* execute ``SERVICE`` (it sends the HTTP request, checked against a listener
on 127.0.0.1), so :func:`sparql_keywords` finds the keyword first, in the parent, in linear
time: a lexical scan that skips what SPARQL skips (strings, IRIs, comments) and reads every
other occurrence of the letters ``service`` as the keyword, except inside a variable name or
the local part of a prefixed name (where the engine's greedy tokens keep it), so
``1SERVICE <…>``, ``SERVICE:x``, ``ex:o\# SERVICE`` or ``\u0053ERVICE`` are caught too.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

__all__ = ["HIDDEN_GRAPH_PREFIXES", "QueryPool", "Reply", "negotiate", "sparql_keywords"]

#: Internal graphs of a store (:mod:`kg.graph.store`) that the endpoint never shows.
HIDDEN_GRAPH_PREFIXES = ("urn:kg:extraction:", "urn:kg:staging:", "urn:kg:summary")

# what SPARQL's lexer skips, tried in this order at every position: long and short strings,
# IRI references, comments, and a backslash escape (PN_LOCAL_ESC, so ``\#`` opens no comment)
_SKIP = re.compile(
    r"""'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*"
    |<[^<>"{}|^`\\\x00-\x20]*>|\#[^\n\r]*|\\.""",
    re.X | re.S,
)
_NAME = r"(?:[^\W]|[\u00B7\u0300-\u036F\u203F-\u2040-])"
# a variable (VARNAME has no "-"), and a run of name characters, ":" , %XX and escapes: a
# prefixed name when it holds a colon (then only its prefix is code), else a word
_VAR = re.compile(r"[?$](?:[^\W]|[\u00B7\u0300-\u036F\u203F-\u2040])+")
_RUN = re.compile(rf"(?:{_NAME}|:|%[0-9A-Fa-f]{{2}}|\\.)+")
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_FROM = re.compile(r"(?<![\w-])from(?![\w-])")


def _unescape(text: str) -> str:
    def char(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)

    return _UCHAR.sub(char, text)


def _code(text: str) -> str:
    """The text with strings, IRIs, comments, variables and local names blanked out."""
    code: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        m = None
        if c in "'\"<#\\":
            m = _SKIP.match(text, i)
        elif c in "?$":
            m = _VAR.match(text, i)
        elif m := _RUN.match(text, i):
            prefix, colon, local = m.group(0).partition(":")
            keep = colon and local[:1] not in ("-", "\u00b7")
            code.append(f" {prefix if keep else m.group(0)} ")
            i = m.end()
            continue
        if m:
            code.append(" ")
            i = m.end()
        else:
            code.append(c)
            i += 1
    return "".join(code).lower()


def _scan(text: str) -> set[str]:
    code = _code(text)
    return {k for k, hit in (("service", "service" in code), ("from", _FROM.search(code))) if hit}


def sparql_keywords(query: str) -> set[str]:
    r"""Which of ``service`` and ``from`` a SPARQL query may use as keywords (conservatively).

    ``service`` is reported for any occurrence of those letters outside strings, IRIs,
    comments, variable names and prefixed names' local parts (a false alarm costs a 400, a
    miss a request to any URL); ``from`` only as a whole word. The text is scanned as written
    and again with its escapes decoded (``\u0053ERVICE`` is ``SERVICE``), as SPARQL 1.1
    §19.2 decodes them before parsing.
    """
    found = _scan(query)
    if "\\" in query:
        found |= _scan(_unescape(query))
    return found


#: media type → (kind, pyoxigraph format name); kind "results" for SELECT/ASK, "graph" else
_RESULTS = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
_GRAPH = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
    "text/n3": "N3",
    "application/n-quads": "N_QUADS",
    "application/trig": "TRIG",
}
_DEFAULT = {"results": "application/sparql-results+json", "graph": "text/turtle"}


def negotiate(accept: str | None, kind: str) -> str | None:
    """The media type to answer with for ``kind`` ("results" or "graph"), or None (HTTP 406).

    Reads the ``Accept`` header's types in order of their ``q`` (first listed wins a tie);
    ``*/*``, ``type/*`` and no header pick the kind's default (SPARQL JSON, Turtle).
    """
    table = _RESULTS if kind == "results" else _GRAPH
    if not accept or not accept.strip():
        return _DEFAULT[kind]
    ranked = []
    for pos, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.lower().startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if q > 0 and media:
            ranked.append((-q, pos, media.lower()))
    for _, _, media in sorted(ranked):
        if media in table:
            return media
        if media == "*/*" or (media.endswith("/*") and _DEFAULT[kind].startswith(media[:-1])):
            return _DEFAULT[kind]
        if media.endswith("/*") and (match := [t for t in table if t.startswith(media[:-1])]):
            return match[0]
    return None


@dataclass
class Reply:
    """One answer: HTTP status, content type and body."""

    status: int
    content_type: str
    body: bytes

    @classmethod
    def text(cls, status: int, message: str) -> Reply:
        """A one-line plain-text answer."""
        return cls(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


class _TooLarge(Exception):
    pass


class _Limited:
    """A write-only buffer that raises once more than ``limit`` bytes (0: no limit) arrive."""

    def __init__(self, limit: int):
        self.limit, self.size, self.parts = limit, 0, []

    def write(self, data) -> int:
        self.size += len(data)
        if self.limit and self.size > self.limit:
            raise _TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _answer(store, graphs: list, request: dict) -> Reply:
    """Run one query request in a worker (see :meth:`QueryPool.run`)."""
    import pyoxigraph as ox

    from kg.graph.staging import uses_graph_keyword
    from kg.graph.summary import default_graphs

    allowed = {g.value for g in graphs}
    asked = request.get("default_graphs", []) + request.get("named_graphs", [])
    if unknown := [u for u in asked if u not in allowed]:
        return Reply.text(400, f"not a graph of this endpoint: <{unknown[0]}>")
    kwargs = {
        "default_graph": [ox.NamedNode(u) for u in request.get("default_graphs", [])]
        or ox.DefaultGraph(),
        "named_graphs": [ox.NamedNode(u) for u in request.get("named_graphs", [])] or graphs,
    }
    if not asked and not uses_graph_keyword(request["query"]):
        del kwargs["named_graphs"]  # it reads the default graph only; the list slows it down
    if not request.get("default_graphs") and (defaults := default_graphs(request["query"])):
        kwargs["default_graph"] = defaults  # the union and the summary counts (kg.graph.summary)
    try:
        result = store.query(request["query"], **kwargs)
        kind = "graph" if isinstance(result, ox.QueryTriples) else "results"
        media = negotiate(request.get("accept"), kind)
        if media is None:
            wanted = ", ".join(_RESULTS if kind == "results" else _GRAPH)
            return Reply.text(406, f"cannot answer in the Accept header's types; try {wanted}")
        table = _RESULTS if kind == "results" else _GRAPH
        fmt_class = ox.QueryResultsFormat if kind == "results" else ox.RdfFormat
        out = _Limited(request.get("max_bytes", 0))
        result.serialize(out, getattr(fmt_class, table[media]))
    except SyntaxError as exc:
        return Reply.text(400, f"SPARQL syntax error: {' '.join(str(exc).split())}")
    except _TooLarge:
        return Reply.text(
            413,
            f"result larger than {request['max_bytes']} bytes (kg serve --max-result-bytes): "
            "add a LIMIT or narrow the query",
        )
    except (RuntimeError, ValueError, TypeError, OSError) as exc:
        return Reply.text(400, f"query failed: {' '.join(str(exc).split())}")
    charset = "; charset=utf-8" if media.startswith("text/") or "json" in media else ""
    return Reply(200, media + charset, b"".join(out.parts))


def _die_with_parent(parent_pid: int) -> None:  # pragma: no cover - runs in the worker
    """SIGKILL the worker when ``kg serve`` dies (Linux); ignore Ctrl-C (the server kills it)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent_pid:  # the server died before prctl
        os._exit(1)


def _worker_main() -> None:  # pragma: no cover - runs in the worker process
    """``python -c … FD PATH PARENT_PID MEMORY``: open the store, answer on FD until EOF.

    ``MEMORY`` > 0 caps the worker's data segment (bytes, ``RLIMIT_DATA``): a query that needs
    more makes the engine abort, and the server answers 500 and starts a new worker.
    """
    from multiprocessing.connection import Connection

    import pyoxigraph as ox

    fd, path, parent_pid, memory = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    _die_with_parent(parent_pid)
    if memory > 0:
        import resource

        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    conn = Connection(fd)
    try:
        store = ox.Store.read_only(path)
        graphs = [
            g
            for g in store.named_graphs()
            if isinstance(g, ox.NamedNode) and not g.value.startswith(HIDDEN_GRAPH_PREFIXES)
        ]
        conn.send(("ready", len(graphs)))
    except OSError as exc:
        conn.send(("error", f"cannot open the store read-only: {exc}"))
        return
    # from here on, a crash (stack overflow, out of memory) is the server's to report: an
    # engine's backtrace on the terminal would let any client fill it
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    try:
        while True:
            request = conn.recv()
            try:
                reply = _answer(store, graphs, request)
            except BaseException as exc:  # a panic in the engine (pyo3's PanicException)
                reply = Reply.text(500, f"the query engine failed: {' '.join(str(exc).split())}")
            conn.send(reply)
    except (EOFError, OSError):  # the server closed the pipe, or died
        return


_WORKER_CODE = "from kg.graph.serve_pool import _worker_main; _worker_main()"


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    conn: Connection

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.conn.close()


@dataclass
class QueryPool:
    """Up to ``size`` worker processes over the store at ``path``, started when needed.

    ``memory`` (bytes, 0: no limit) caps each worker's data segment.
    """

    path: str
    size: int = 2
    memory: int = 0
    _idle: list = field(default_factory=list)
    _all: set = field(default_factory=set)
    _count: int = 0
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def _start(self, timeout: float) -> _Worker:
        ours, theirs = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        with ours, theirs:
            fd = theirs.fileno()
            process = subprocess.Popen(
                [
                    *(sys.executable, "-c", _WORKER_CODE),
                    *(str(fd), self.path, str(os.getpid()), str(self.memory)),
                ],
                pass_fds=[fd],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=env,
            )
            worker = _Worker(process, Connection(os.dup(ours.fileno())))
        self._all.add(worker)
        if not worker.conn.poll(timeout):
            self._forget(worker)
            raise TimeoutError("a query worker did not start in time")
        try:
            status, detail = worker.conn.recv()
        except (EOFError, OSError):
            status, detail = "error", "a query worker exited at start"
        if status != "ready":
            self._forget(worker)
            raise OSError(detail)
        return worker

    def _forget(self, worker: _Worker) -> None:
        self._all.discard(worker)
        worker.kill()

    def check(self, timeout: float = 30.0) -> int:
        """Start one worker now (errors surface at start-up); the number of visible graphs."""
        worker = self._start(timeout)
        with self._cond:
            self._count += 1
            self._idle.append(worker)
        worker.conn.send({"query": "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g {} }"})
        reply = worker.conn.recv()
        return int(re.search(rb'"value":"(\d+)"', reply.body).group(1))

    def _acquire(self, deadline: float) -> _Worker | None:
        with self._cond:
            while not self._idle and self._count >= self.size:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._cond.wait(remaining)
            if self._idle:
                return self._idle.pop()
            self._count += 1
        try:
            return self._start(max(deadline - time.monotonic(), 5.0))
        except BaseException:
            self._release(None)
            raise

    def _release(self, worker: _Worker | None) -> None:
        with self._cond:
            if worker is None:
                self._count -= 1
            else:
                self._idle.append(worker)
            self._cond.notify()

    def run(self, request: dict, timeout: float) -> Reply:
        """Answer ``request`` (query, accept, default_graphs, named_graphs, max_bytes).

        Waits for a free worker and the answer together at most ``timeout`` seconds; a query
        still running then has its worker killed (HTTP 504).
        """
        deadline = time.monotonic() + timeout
        try:
            worker = self._acquire(deadline)
        except (OSError, TimeoutError) as exc:
            return Reply.text(503, f"no query worker: {exc}")
        if worker is None:
            return Reply.text(503, f"all {self.size} query workers busy (kg serve --workers)")
        try:
            worker.conn.send(request)
            if worker.conn.poll(max(deadline - time.monotonic(), 0)):
                reply = worker.conn.recv()
                self._release(worker)
                return reply
        except (EOFError, OSError):
            self._forget(worker)
            self._release(None)
            return Reply.text(
                500,
                "the query crashed its worker (nested too deeply, or over kg serve "
                "--max-worker-memory?)",
            )
        self._forget(worker)
        self._release(None)
        return Reply.text(504, f"query timed out after {timeout:g} s (kg serve --timeout)")

    def close(self) -> None:
        """Kill every worker, idle or busy (a busy query's request then answers 500).

        Only kills the processes (safe in a signal handler); their pipes close with the pool.
        """
        for worker in list(self._all):
            try:
                worker.process.kill()
            except OSError:
                pass
