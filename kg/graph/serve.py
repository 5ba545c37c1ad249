"""``kg serve``: a store as a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1.

The ``oxigraph serve-read-only`` binary (the PyPI package ``oxigraph``) answers the queries on
a private port; in front of it a small proxy (:func:`serve`) enforces a wall-clock timeout
(HTTP 504) and a result size limit (HTTP 413) and refuses PUT, DELETE and PATCH. The server
reads the store's default graph, which :mod:`kg.graph.store` keeps as the set union of the article
graphs, so ``COUNT`` over it counts each fact once.
"""

from __future__ import annotations

import os
from pathlib import Path

from kg.graph.store import StoreError, open_store

__all__ = ["oxigraph_binary", "serve"]


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` server binary of the PyPI package ``oxigraph``, or None."""
    import shutil
    import sys

    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _set_pdeathsig() -> None:  # pragma: no cover - runs in the child
    """Let the server binary die with its parent (Linux), even on SIGKILL."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _proxy_handler(upstream: tuple[str, int], timeout: float, max_bytes: int):
    import http.client
    import time
    from http.server import BaseHTTPRequestHandler

    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-serve"
        protocol_version = "HTTP/1.0"

        def log_message(self, fmt, *args):  # keep the terminal quiet
            pass

        def _error(self, code: int, message: str) -> None:
            body = (message + "\n").encode("utf-8")
            self.send_response(code)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {
                k: v for k in ("Content-Type", "Accept") if (v := self.headers.get(k)) is not None
            }
            deadline = time.monotonic() + timeout
            conn = http.client.HTTPConnection(*upstream, timeout=timeout)
            try:
                conn.request(self.command, self.path, body=body, headers=headers)
                resp = conn.getresponse()
                chunks, size = [], 0
                while True:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise TimeoutError
                    conn.sock.settimeout(remaining)
                    chunk = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
                    if not chunk:
                        break
                    size += len(chunk)
                    if max_bytes and size > max_bytes:
                        self._error(
                            413,
                            f"result larger than {max_bytes} bytes (kg serve "
                            "--max-result-bytes): add a LIMIT or narrow the query",
                        )
                        return
                    chunks.append(chunk)
            except TimeoutError:
                self._error(504, f"query timed out after {timeout:g} s (kg serve --timeout)")
                return
            except OSError as exc:
                self._error(502, f"SPARQL server unavailable: {exc}")
                return
            finally:
                conn.close()
            data = b"".join(chunks)
            self.send_response(resp.status)
            for key in ("Content-Type", "Allow", "Vary"):
                if resp.getheader(key):
                    self.send_header(key, resp.getheader(key))
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_POST = do_HEAD = _forward

        def _refuse(self) -> None:
            self._error(405, "read-only SPARQL endpoint: only GET and POST queries")

        do_PUT = do_DELETE = do_PATCH = _refuse

    return Handler


def serve(
    path: str | os.PathLike,
    *,
    port: int = 7878,
    timeout: float = 30.0,
    max_result_bytes: int = 50_000_000,
    ready=None,
) -> None:
    """Serve the store at ``path`` as a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1.

    Runs ``oxigraph serve-read-only`` (the PyPI package ``oxigraph``) on a private port
    with ``--timeout-s`` and, in front of it on ``port``, a small proxy that enforces the
    wall-clock ``timeout`` (HTTP 504) and the result size (HTTP 413), and refuses PUT, DELETE
    and PATCH; the binary itself answers 403 to updates. Queries: ``/query`` or ``/sparql``;
    ``/`` is Oxigraph's query page. Blocks until interrupted (SIGINT or SIGTERM).

    The server reads a snapshot: a ``kg build`` into the same store while it runs is not
    seen until restart (the read-only server holds no lock, so the build is not blocked).
    """
    import signal
    import subprocess
    import time
    import urllib.request
    from http.server import ThreadingHTTPServer

    binary = oxigraph_binary()
    if binary is None:
        raise StoreError("the oxigraph server binary is not installed (pip install oxigraph)")
    path = Path(path)
    if not (path / "CURRENT").exists():
        raise StoreError(f"{path}: not an Oxigraph store directory (build one with kg build)")
    with open_store(path):  # drops leftover staging graphs; fails if a build holds the lock
        pass
    inner_port = _free_port()
    proc = subprocess.Popen(
        [
            binary,
            "serve-read-only",
            "--location",
            os.fspath(path),
            "--bind",
            f"127.0.0.1:{inner_port}",
            "--timeout-s",
            str(max(1, int(timeout))),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_set_pdeathsig,
    )
    try:
        probe = f"http://127.0.0.1:{inner_port}/query?query=ASK%7B%7D"
        for _ in range(200):
            if proc.poll() is not None:
                err = proc.stderr.read().decode("utf-8", "replace").strip()
                raise StoreError(f"{path}: oxigraph exited: {err.splitlines()[-1] if err else ''}")
            try:
                with urllib.request.urlopen(probe, timeout=1):
                    break
            except OSError:
                time.sleep(0.05)
        else:
            raise StoreError("oxigraph did not start within 10 s")
        handler = _proxy_handler(("127.0.0.1", inner_port), timeout, max_result_bytes)
        try:
            httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as exc:
            raise StoreError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from exc
        httpd.daemon_threads = True

        def stop(signum, frame):
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            if ready is not None:
                ready(f"http://127.0.0.1:{httpd.server_address[1]}")
            httpd.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            httpd.server_close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
