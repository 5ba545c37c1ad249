"""``kg serve``: a store as a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1.

The HTTP side is a WSGI app (:class:`Endpoint`) served by waitress (HTTP/1.1 with keep-alive;
a connection idle, or still sending its request, after ``idle_timeout`` s is closed; request
bodies are capped before they are read; a malformed ``Content-Length`` answers 400; clients
that hang up are ignored quietly). The app accepts only loopback ``Host`` names (DNS
rebinding; more with ``allow_hosts``), sends CORS headers only for the ``cors`` origins,
refuses updates (403) and PUT/DELETE/PATCH (405), refuses ``SERVICE`` (400: the engine would
fetch the URL) unless ``allow_service``, and hands each query to
:class:`kg.graph.serve_pool.QueryPool`: pyoxigraph in worker processes, killed at the
``timeout`` (504), each within ``max_worker_memory`` bytes (else 500, and a new worker),
results up to ``max_result_bytes`` (413), with the internal
``urn:kg:extraction:…`` and ``urn:kg:staging:…`` graphs hidden. The default graph is the
store's default graph, which :mod:`kg.graph.store` keeps as the set union of the article
graphs, so ``COUNT`` over it counts each fact once.
"""

from __future__ import annotations

import html
import os
import urllib.parse
from pathlib import Path

from kg.graph.serve_pool import QueryPool, Reply, sparql_keywords
from kg.graph.store import StoreError, open_store

__all__ = ["Endpoint", "serve"]

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
_QUERY_PATHS = ("/query", "/sparql")
_ALLOW = "GET, HEAD, POST, OPTIONS"

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:60em}}
textarea{{width:100%;font-family:monospace}}</style></head>
<body><h1>kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 queries over <code>{store}</code>: GET or POST <code>/query</code>
(or <code>/sparql</code>); the default graph is the union of the article graphs.</p>
<form action="query" method="get">
<p><label>Examples (the shipped queries) <select id="examples">
<option value="">…</option>{examples}</select></label></p>
<textarea id="query" name="query" rows="20">{example}</textarea>
<p><label>Results as <select name="format">{options}</select></label>
<button type="submit">Run</button></p></form>
<script>
(function () {{
  var examples = document.getElementById("examples");
  var query = document.getElementById("query");
  function fill() {{
    var option = examples.options[examples.selectedIndex];
    if (option && option.value) {{ query.defaultValue = query.value = option.dataset.query; }}
  }}
  examples.addEventListener("change", fill);
  var m = /^#example=(\\w+)$/.exec(window.location.hash);
  if (m) {{ examples.value = m[1]; fill(); }}
}})();
</script></body></html>
"""
_EXAMPLE = (
    "SELECT ?g (COUNT(*) AS ?triples)\nWHERE { GRAPH ?g { ?s ?p ?o } }\nGROUP BY ?g\nLIMIT 20"
)


def _prefix_lines() -> str:
    """``PREFIX p: <iri>`` for each of the project's prefixes (:data:`kg.vocab.PREFIXES`)."""
    from kg.vocab import PREFIXES

    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def _example_options() -> str:
    """An ``<option>`` per shipped query, its text (escaped) in ``data-query``."""
    from kg.graph.query import _queries_dir, list_queries

    out = []
    for name, title in list_queries():
        text = (_queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
        out.append(
            f'<option value="{html.escape(name)}" data-query="{html.escape(text)}">'
            f"{html.escape(title or name)}</option>"
        )
    return "".join(out)


#: the query page's ``format`` choices (a browser form cannot set Accept)
FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}


def _host_name(host: str) -> str:
    """The name of a ``Host`` header without its port, lower case (``[::1]:80`` → ``::1``)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class _Refused(Exception):
    """A request answered with an error before any query runs."""

    def __init__(self, status: int, message: str, headers: tuple = ()):
        super().__init__(message)
        self.reply, self.headers = Reply.text(status, message), list(headers)


class Endpoint:
    """The WSGI app of ``kg serve`` (see the module docstring)."""

    def __init__(
        self,
        pool: QueryPool,
        *,
        store_name: str = "",
        timeout: float = 30.0,
        max_result_bytes: int = 50_000_000,
        allow_service: bool = False,
        allow_hosts: tuple[str, ...] = (),
        cors: tuple[str, ...] = (),
    ):
        self.pool, self.timeout, self.max_result_bytes = pool, timeout, max_result_bytes
        self.allow_service, self.cors = allow_service, set(cors)
        self.hosts = {_host_name(h) for h in (*LOOPBACK_HOSTS, *allow_hosts)}
        self.store_name = store_name

    def __call__(self, environ: dict, start_response) -> list[bytes]:
        """Answer one request (WSGI)."""
        method = environ.get("REQUEST_METHOD", "GET").upper()
        headers = self._cors_headers(environ)
        try:
            reply, extra = self._dispatch(environ, method)
        except _Refused as refused:
            reply, extra = refused.reply, refused.headers
        headers += extra
        if reply.status != 204:
            headers += [
                ("Content-Type", reply.content_type),
                ("Content-Length", str(len(reply.body))),
            ]
        start_response(f"{reply.status} {_REASONS.get(reply.status, 'Error')}", headers)
        return [b"" if method == "HEAD" else reply.body]

    def _cors_headers(self, environ: dict) -> list[tuple[str, str]]:
        origin = environ.get("HTTP_ORIGIN")
        if not self.cors:
            return []
        headers = [("Vary", "Origin")]
        if origin and ("*" in self.cors or origin in self.cors):
            headers.append(("Access-Control-Allow-Origin", "*" if "*" in self.cors else origin))
        return headers

    def _dispatch(self, environ: dict, method: str) -> tuple[Reply, list[tuple[str, str]]]:
        host = environ.get("HTTP_HOST")
        if host is not None and _host_name(host) not in self.hosts:
            raise _Refused(403, f"Host {host!r} is not served here (kg serve --allow-host NAME)")
        path = environ.get("PATH_INFO", "/")
        allow = [("Allow", _ALLOW)]
        if method == "OPTIONS":
            extra = allow
            if environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD") and self.cors:
                extra = [
                    *allow,
                    ("Access-Control-Allow-Methods", "GET, HEAD, POST"),
                    ("Access-Control-Allow-Headers", "Accept, Content-Type"),
                    ("Access-Control-Max-Age", "600"),
                ]
            return Reply(204, "text/plain; charset=utf-8", b""), extra
        if method not in ("GET", "HEAD", "POST"):
            raise _Refused(405, "read-only SPARQL endpoint: only GET and POST queries", allow)
        if path == "/update":
            raise _Refused(403, "read-only SPARQL endpoint: updates are refused")
        if path == "/" and method != "POST":
            return self._page(), []
        if path not in _QUERY_PATHS:
            raise _Refused(404, f"no such path {path!r}: queries go to /query or /sparql")
        return self._query(environ, method), [("Vary", "Accept")]

    def _page(self) -> Reply:
        options = "".join(
            f'<option value="{k}">{html.escape(v)}</option>' for k, v in FORMATS.items()
        )
        body = _PAGE.format(
            store=html.escape(self.store_name),
            example=html.escape(_prefix_lines() + "\n" + _EXAMPLE),
            examples=_example_options(),
            options=options,
        )
        return Reply(200, "text/html; charset=utf-8", body.encode("utf-8"))

    def _params(self, environ: dict, method: str) -> dict[str, list[str]]:
        params = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if method != "POST":
            return params
        ctype = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        if ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif ctype == "application/sparql-query":
            params.setdefault("query", []).append(body.decode("utf-8", "replace"))
        elif ctype == "application/sparql-update":
            raise _Refused(403, "read-only SPARQL endpoint: updates are refused")
        else:
            raise _Refused(
                415,
                "POST a query as application/x-www-form-urlencoded or application/sparql-query",
            )
        return params

    def _query(self, environ: dict, method: str) -> Reply:
        params = self._params(environ, method)
        if "update" in params:
            raise _Refused(403, "read-only SPARQL endpoint: updates are refused")
        queries = params.get("query", [])
        if len(queries) != 1:
            raise _Refused(400, "give exactly one query parameter (SPARQL 1.1 Protocol)")
        found = sparql_keywords(queries[0])
        if "service" in found and not self.allow_service:
            raise _Refused(
                400,
                "SERVICE is refused: it would make this server fetch a URL "
                "(kg serve --allow-service allows it)",
            )
        if "from" in found:
            raise _Refused(
                400,
                "FROM and FROM NAMED are not supported here: use GRAPH <iri> { … } or the "
                "default-graph-uri / named-graph-uri parameters",
            )
        accept = environ.get("HTTP_ACCEPT")
        if fmt := params.get("format", [""])[0]:
            if fmt not in FORMATS:
                raise _Refused(400, f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
            accept = FORMATS[fmt]
        request = {
            "query": queries[0],
            "accept": accept,
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
            "max_bytes": self.max_result_bytes,
        }
        return self.pool.run(request, self.timeout)


_REASONS = {
    200: "OK",
    204: "No Content",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def _drop_slow_senders(server, limit: float) -> None:
    """Make waitress also close a connection whose request has been arriving over ``limit`` s.

    waitress's own ``channel_timeout`` closes connections without traffic; a client that
    trickles a byte now and then (slowloris) is caught here, in its once-a-second check.
    """
    maintenance = server.maintenance
    started: dict = {}  # channel → (its request parser in progress, when first seen)

    def check(now: float) -> None:
        maintenance(now)
        seen = {}
        for channel in list(server.active_channels.values()):
            request = getattr(channel, "request", None)
            if request is None:
                continue
            before = started.get(channel)
            since = before[1] if before and before[0] is request else now
            seen[channel] = (request, since)
            if now - since > limit:
                channel.will_close = True
        started.clear()
        started.update(seen)

    server.maintenance = check


def serve(
    path: str | os.PathLike,
    *,
    port: int = 7878,
    timeout: float = 30.0,
    max_result_bytes: int = 50_000_000,
    max_body_bytes: int = 1_000_000,
    idle_timeout: int = 5,
    workers: int = 2,
    max_worker_memory: int = 2_000_000_000,
    allow_service: bool = False,
    allow_hosts: tuple[str, ...] = (),
    cors: tuple[str, ...] = (),
    ready=None,
) -> None:
    """Serve the store at ``path`` as a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1.

    See the module docstring for what is enforced. Queries: ``/query`` or ``/sparql``; ``/``
    is a small query page. Blocks until interrupted (SIGINT or SIGTERM); ``ready`` is called
    with the base URL once the port listens.

    Each worker reads the store as it was when the worker started (a worker killed by a
    timeout is replaced by one that sees the store as it is then); a ``kg build`` into the
    same store while serving is not blocked (read-only workers hold no lock).
    """
    import logging
    import resource
    import signal

    import waitress.server

    path = Path(path)
    if not (path / "CURRENT").exists():
        raise StoreError(f"{path}: not an Oxigraph store directory (build one with kg build)")
    with open_store(path):  # drops leftover staging graphs; fails if a build holds the lock
        pass
    pool = QueryPool(os.fspath(path.resolve()), size=workers, memory=max_worker_memory)
    try:
        try:
            pool.check()
        except (OSError, TimeoutError) as exc:
            raise StoreError(f"{path}: {exc}") from exc
        app = Endpoint(
            pool,
            store_name=str(path),
            timeout=timeout,
            max_result_bytes=max_result_bytes,
            allow_service=allow_service,
            allow_hosts=allow_hosts,
            cors=cors,
        )
        logging.getLogger("waitress").setLevel(logging.CRITICAL)  # no tracebacks on the console
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        try:
            server = waitress.server.create_server(
                app,
                host="127.0.0.1",
                port=port,
                threads=workers + 4,
                channel_timeout=idle_timeout,
                cleanup_interval=1,
                max_request_body_size=max_body_bytes + 1,  # waitress refuses size >= limit
                connection_limit=max(100, min(1000, soft - 64)),
                log_socket_errors=False,
                expose_tracebacks=False,
                ident="kg-serve",
            )
        except OSError as exc:
            raise StoreError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from exc
        _drop_slow_senders(server, idle_timeout)

        def stop(signum, frame):
            pool.close()  # running queries end now, so waitress's threads stop at once
            raise KeyboardInterrupt

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            if ready is not None:
                ready(f"http://127.0.0.1:{server.effective_port}")
            server.run()  # returns on KeyboardInterrupt, after stopping its threads
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            server.close()
    finally:
        pool.close()
