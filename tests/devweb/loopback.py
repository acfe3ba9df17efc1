"""Run development-web services on loopback: one HTTP server per service, port chosen by the OS.

A service is any object with `respond(request) -> (status, content type, body)`
(or a 4-tuple with extra headers). `Hosts` starts one server per service and
records every request, so that tests can count what was asked. A service may
be given its own loopback address (127.0.0.N): robots.txt, politeness and rate
limits are then per host, as on the real web.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

Response = tuple[int, str, bytes] | tuple[int, str, bytes, dict[str, str]]


@dataclass(frozen=True)
class Request:
    """One request as a service sees it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""
    raw_query: str = ""


class Service(Protocol):
    def respond(self, request: Request) -> Response: ...


@dataclass
class Hosts:
    """Loopback servers for named services; a context manager."""

    services: dict[str, Service]
    addresses: dict[str, str] = field(default_factory=dict)  # name -> 127.0.0.N (default .1)
    servers: dict[str, ThreadingHTTPServer] = field(default_factory=dict)
    requests: list[tuple[str, Request]] = field(default_factory=list)

    def __enter__(self) -> Hosts:
        for name in self.services:
            address = self.addresses.get(name, "127.0.0.1")  # its own host, for politeness
            server = ThreadingHTTPServer((address, 0), _Handler)
            server.daemon_threads = True
            server.hosts, server.service_name = self, name  # type: ignore[attr-defined]
            threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
            self.servers[name] = server
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()

    def base(self, name: str) -> str:
        """The base URL (http://127.0.0.1:PORT) of a service."""
        host, port = self.servers[name].server_address[:2]
        return f"http://{host!s}:{port}"

    def asked(self, name: str) -> list[Request]:
        """The requests a service received, in order."""
        return [request for service, request in self.requests if service == name]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        request = Request(
            method=self.command,
            path=parts.path,
            query={k: v[-1] for k, v in parse_qs(parts.query).items()},
            headers={k.lower(): v for k, v in self.headers.items()},
            body=self.rfile.read(length) if length else b"",
            raw_query=parts.query,
        )
        hosts: Hosts = self.server.hosts  # type: ignore[attr-defined]
        name: str = self.server.service_name  # type: ignore[attr-defined]
        hosts.requests.append((name, request))
        answer = hosts.services[name].respond(request)
        status, content_type, body = answer[:3]
        extra: dict[str, str] = answer[3] if len(answer) > 3 else {}  # type: ignore[misc]
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client gave up
            self.wfile.write(body)

    do_GET = _answer
    do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        return


def not_found() -> Response:
    """A plain 404."""
    return 404, "text/plain", b"not found"
