"""Who may come in to ``lrtui serve``: the ``Host`` and ``Origin`` headers that belong to it.

A server bound to 127.0.0.1 is still reachable from any web page its user opens: the page's
script can open ``ws://127.0.0.1:PORT/ws`` (a browser sends the page's Origin with it), or point
a name of its own at 127.0.0.1 (DNS rebinding: the browser then sends that name as the Host).
A request whose Host is not this server (an address, ``localhost``, this machine's name, the
``--host`` given, the ``--public-url``'s host) or whose Origin is another site's is refused.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from .frames import excerpt


@dataclass(frozen=True)
class Door:
    """Which ``Host`` and ``Origin`` headers belong to this server."""

    port: int
    names: frozenset[str]  # host names (lowercase) that are this server, on ``port``
    public: tuple[str, str] | None = None  # the --public-url's (origin, host[:port])

    @classmethod
    def of(cls, host: str, port: int, public_url: str | None) -> Door:
        names = {"localhost", host.strip("[]").lower()}
        try:
            wildcard = ipaddress.ip_address(host.strip("[]")).is_unspecified
        except ValueError:
            wildcard = False
        if wildcard or not _is_loopback(host):
            names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        public = None
        if public_url is not None:
            parts = urlsplit(public_url)
            public = (f"{parts.scheme}://{parts.netloc}".lower(), parts.netloc.lower())
        return cls(port, frozenset(n for n in names if n), public)

    def refusal(self, host_header: str | None, origin: str | None) -> str | None:
        """Why a request with these headers is refused, or None when it comes from this server's page."""
        host = (host_header or "").strip().lower()
        if not self._is_us(host):
            return f"the Host {excerpt(host)} is not this server"
        if origin is None:
            return None  # not a browser's cross-site request (a browser sends Origin with every websocket)
        origin = origin.strip().lower()
        if self.public is not None and origin == self.public[0]:
            return None
        parts = urlsplit(origin)
        if parts.scheme in ("http", "https") and parts.netloc == host and not parts.path:
            return None  # the page this server served, at the address the browser used
        return f"the Origin {excerpt(origin)} is another site"

    def _is_us(self, host: str) -> bool:
        if self.public is not None and host == self.public[1]:
            return True
        name, port = _split_host(host)
        if port != self.port or not name:
            return False
        try:
            ipaddress.ip_address(name.strip("[]"))
            return True  # an address: a site's name cannot rebind to it
        except ValueError:
            return name in self.names


def _split_host(host: str) -> tuple[str, int | None]:
    """``name:port`` (or ``[v6]:port``) → (name, port); no port: 80."""
    if host.startswith("["):
        name, _, rest = host.partition("]")
        name += "]"
        port_text = rest[1:] if rest.startswith(":") else ""
    else:
        name, _, port_text = host.rpartition(":") if ":" in host else (host, "", "")
    if not port_text:
        return name, 80
    try:
        return name, int(port_text)
    except ValueError:
        return name, None


def _is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
