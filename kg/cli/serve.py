"""``kg serve``: the read-only SPARQL endpoint command (the server is :mod:`kg.graph.serve`)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import main
from kg.cli.options import quiet, store_option

__all__ = ["serve_cmd"]


@main.command("serve")
@store_option
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=7878,
    show_default=True,
    help="Port on 127.0.0.1.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds a query may take (HTTP 504 after).",
)
@click.option(
    "--max-result-bytes",
    type=click.IntRange(min=0),
    default=50_000_000,
    show_default=True,
    help="Largest result sent (HTTP 413 above; 0: no limit).",
)
@click.option(
    "--max-body-bytes",
    type=click.IntRange(min=1),
    default=1_000_000,
    show_default=True,
    help="Largest request body read (HTTP 413 above, unread).",
)
@click.option(
    "--idle-timeout",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Seconds a connection may stay idle or take to send a request.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=64),
    default=2,
    show_default=True,
    help="Query worker processes (queries running at once).",
)
@click.option(
    "--max-worker-memory",
    type=click.IntRange(min=0),
    default=2000,
    show_default=True,
    metavar="MB",
    help="Memory a query worker may use (HTTP 500 above; 0: no limit).",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Run SERVICE clauses (the server then fetches the URLs they name).",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also accept this Host name (repeatable; loopback names always).",
)
@click.option(
    "--cors",
    multiple=True,
    metavar="ORIGIN",
    help="Let this web origin (or *) read results, CORS (repeatable; default none).",
)
def serve_cmd(
    store_path: Path,
    port: int,
    timeout: float,
    max_result_bytes: int,
    max_body_bytes: int,
    idle_timeout: int,
    workers: int,
    max_worker_memory: int,
    allow_service: bool,
    allow_hosts: tuple[str, ...],
    cors: tuple[str, ...],
) -> None:
    """Serve a store as a read-only SPARQL 1.1 endpoint on 127.0.0.1.

    Queries go to /query (or /sparql), GET or POST; / is a small query page. Each query runs
    in a worker process that is killed at the timeout. Refused: updates, SERVICE (unless
    --allow-service), Host names other than loopback ones (unless --allow-host), and web
    pages of other origins (unless --cors). The internal extraction-cache and staging graphs
    are hidden. Stop with Ctrl-C.
    """
    from kg.graph.serve import serve

    silent = quiet()

    def ready(url: str) -> None:
        if silent:
            return
        click.echo(
            f"Serving {store_path} read-only at {url}/query (and /sparql); "
            f"timeout {timeout:g} s, results up to {max_result_bytes} bytes. Ctrl-C to stop.",
        )

    serve(
        store_path,
        port=port,
        timeout=timeout,
        max_result_bytes=max_result_bytes,
        max_body_bytes=max_body_bytes,
        idle_timeout=idle_timeout,
        workers=workers,
        max_worker_memory=max_worker_memory * 1_000_000,
        allow_service=allow_service,
        allow_hosts=allow_hosts,
        cors=cors,
        ready=ready,
    )
