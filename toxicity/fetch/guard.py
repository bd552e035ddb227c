"""Keep the fetcher off internal networks: no loopback, private, link-local or cloud-metadata addresses.

The URLs ``toxicity fetch`` visits come from an export, and their redirects from whoever runs the
linking site; without a guard, ``http://169.254.169.254/latest/meta-data/`` or a redirect to
``http://10.0.0.5/admin`` would be fetched from the auditor's own machine and the internal page's title
would land in ``pages.csv`` (server-side request forgery).

How the rule is enforced
    * :func:`host_block_reason` refuses, without asking DNS, hosts that are internal by their spelling:
      IP literals in any form a browser accepts (``0x7f.1``, ``2130706433``, ``[::ffff:127.0.0.1]``),
      ``localhost`` names (RFC 6761) and cloud-metadata names. The fetcher applies it to every request,
      page, robots.txt and redirect hop alike.
    * :class:`GuardedBackend` is the network layer under httpx: it resolves the host name itself, refuses
      the connection if *any* address is internal, and then connects to the checked address. The name
      is never resolved a second time, so a DNS answer that changes between check and connect (DNS
      rebinding) gains nothing. TLS still verifies the certificate for the host name and the ``Host``
      header is untouched, because only the socket's destination is chosen here.

Through a proxy (``HTTPS_PROXY`` with ``trust_env``) the proxy resolves and connects: the spelling check
still applies, name resolution is then the proxy's to police.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import socket
from collections.abc import Iterable
from typing import Final

import httpcore
import httpx

from toxicity.domains import is_ip_host, normalise_host
from toxicity.errors import DependencyError

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Instance-metadata endpoints of the big clouds (AWS, GCP, Azure, ...: 169.254.169.254; AWS over IPv6).
METADATA_ADDRESSES: Final = frozenset(ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254"))
#: Host names of metadata services, refused before any DNS lookup.
METADATA_HOSTS: Final = frozenset({"metadata.google.internal"})

_PRIVATE: Final = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
_SHARED: Final = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
_UNIQUE_LOCAL: Final = ipaddress.ip_network("fc00::/7")
# NAT64 prefixes (RFC 6052, RFC 8215): the IPv4 address in the last 32 bits is where the packet goes.
_NAT64: Final = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_HEX_NUMBER: Final = re.compile(r"0[xX][0-9a-fA-F]*")


class BlockedAddress(Exception):
    """Raised by :class:`GuardedBackend` when a host resolves to an internal address; ``reason`` says
    which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def address_block_reason(address: IPAddress) -> str | None:
    """Why ``address`` must not be fetched (e.g. ``'loopback address 127.0.0.1'``), or ``None`` if public.

    IPv4 addresses carried inside IPv6 (IPv4-mapped, 6to4, NAT64) are judged by the IPv4 address.

    >>> import ipaddress
    >>> address_block_reason(ipaddress.ip_address("::ffff:10.0.0.1"))
    'private address 10.0.0.1 (as ::ffff:a00:1)'
    >>> address_block_reason(ipaddress.ip_address("93.184.215.14")) is None
    True
    """
    inner = _embedded_ipv4(address)
    if inner is not None:
        reason = address_block_reason(inner)
        return None if reason is None else f"{reason} (as {address})"
    if address in METADATA_ADDRESSES:
        kind = "cloud metadata"
    elif address.is_unspecified:
        kind = "unspecified"
    elif address.is_loopback:
        kind = "loopback"
    elif address.is_multicast:
        kind = "multicast"
    elif address.is_link_local:
        kind = "link-local"
    elif address.version == 6 and address.is_site_local:
        kind = "site-local"
    elif address.version == 6 and address in _UNIQUE_LOCAL:
        kind = "unique-local"
    elif address.version == 4 and address in _SHARED:
        kind = "shared (CGNAT)"
    elif address.version == 4 and any(address in net for net in _PRIVATE):
        kind = "private"
    elif not address.is_global or address.is_reserved:
        # Documentation, benchmarking, 240.0.0.0/4, IPv4-compatible IPv6...: nothing public lives there.
        kind = "reserved"
    else:
        return None
    return f"{kind} address {address}"


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if address.version == 4:
        return None
    assert isinstance(address, ipaddress.IPv6Address)
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if any(address in net for net in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def parse_ip_host(host: str) -> IPAddress | None:
    """The address a URL host denotes if it is an IP literal, as a browser reads it; ``None`` for a name.

    Follows the WHATWG URL Standard's IPv4 parser: one to four dot-separated parts in decimal, octal
    (leading ``0``) or hex (``0x``), the last part filling the remaining bytes, so ``0x7f.1`` and
    ``2130706433`` are both 127.0.0.1. A host whose last label is a number but that is not a valid
    address is no name either.

    Raises
    ------
    ValueError
        ``host`` ends in a number but is not a valid IPv4 address (``1.2.3.256``), or is a bracketed
        IPv6 literal that does not parse.

    >>> parse_ip_host("0x7f.1"), parse_ip_host("2130706433"), parse_ip_host("[::1]")
    (IPv4Address('127.0.0.1'), IPv4Address('127.0.0.1'), IPv6Address('::1'))
    >>> parse_ip_host("example.com") is None
    True
    """
    if host.startswith("[") and host.endswith("]"):
        return ipaddress.IPv6Address(host[1:-1].replace("%25", "%"))
    if ":" in host:  # an IPv6 literal as httpcore passes it, without brackets
        return ipaddress.IPv6Address(host)
    # The same WHATWG host parser that reads every host of an export (toxicity.domains), so the guard
    # and the rest of the tool never disagree on which address a spelling denotes.
    normal = normalise_host(host)
    if normal is not None and is_ip_host(normal):
        return ipaddress.IPv4Address(normal)
    last = host.rstrip(".").rsplit(".", 1)[-1]
    if (last.isascii() and last.isdigit()) or _HEX_NUMBER.fullmatch(last):
        raise ValueError(f"{host!r} ends in a number but is not a valid IPv4 address")
    return None


def host_block_reason(host: str) -> str | None:
    """Why ``host`` (as in a URL) must not be fetched, judged by its spelling alone; ``None`` if it may be.

    IP literals in every form (see :func:`parse_ip_host`), ``localhost`` and its sub-domains (always
    loopback, RFC 6761) and cloud-metadata names are refused; other names are checked on their
    resolved addresses by :class:`GuardedBackend`.

    Raises
    ------
    ValueError
        ``host`` looks like an IP address but is not a valid one.

    >>> host_block_reason("0x7f.1")
    'loopback address 127.0.0.1'
    >>> host_block_reason("metadata.google.internal.")
    'cloud metadata host metadata.google.internal'
    >>> host_block_reason("blog.example.org") is None
    True
    """
    address = parse_ip_host(host)
    if address is not None:
        return address_block_reason(address)
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return f"loopback host {name}"
    if name in METADATA_HOSTS:
        return f"cloud metadata host {name}"
    return None


async def resolve(host: str, port: int) -> list[tuple[IPAddress, str]]:
    """Addresses of ``host`` as ``(address, string to connect to)``, in the resolver's order, no repeats.

    Raises
    ------
    httpcore.ConnectError
        The name does not resolve (httpx reports it as a connection error, like its own lookups).
    """
    literal = parse_ip_host(host)
    if literal is not None:
        return [(literal, str(literal))]
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
    found: dict[str, IPAddress] = {}
    for _family, _type, _proto, _name, sockaddr in infos:
        text = str(sockaddr[0])
        if text not in found:
            found[text] = ipaddress.ip_address(text)
    return [(address, text) for text, address in found.items()]


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend that connects only to public addresses, the ones it checked itself.

    Parameters
    ----------
    inner : httpcore.AsyncNetworkBackend, optional
        The backend that opens the sockets (httpcore's anyio backend, what it uses under asyncio, when
        omitted).
    """

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._inner = inner if inner is not None else httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            named = parse_ip_host(host) is None
            addresses = await resolve(host, port)
        except ValueError as exc:  # a numeric host that is no address
            raise httpcore.ConnectError(str(exc)) from None
        for address, _text in addresses:
            # Every address is checked, not only the first: a name with one public and one internal
            # address would otherwise reach the internal one whenever the public one fails.
            reason = address_block_reason(address)
            if reason is not None:
                raise BlockedAddress(f"{host} resolves to {reason}" if named else reason)
        error: Exception = httpcore.ConnectError(f"no address for {host}")
        for _address, text in addresses:
            try:
                return await self._inner.connect_tcp(
                    text, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress(f"unix socket {path}")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def guarded_transport(*, limits: httpx.Limits, trust_env: bool) -> httpx.AsyncHTTPTransport:
    """httpx's own transport, with :class:`GuardedBackend` under its connection pool.

    httpx has no public switch for the network backend, so the pool is built here with httpcore's
    public arguments and put in place of the one httpx made. If a future httpx keeps its pool
    elsewhere this raises instead of fetching unguarded.
    """
    transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=trust_env)
    if not isinstance(getattr(transport, "_pool", None), httpcore.AsyncConnectionPool):
        # Not a wrong argument but an httpx that changed inside: fail closed rather than fetch unguarded.
        raise DependencyError(
            f"httpx {httpx.__version__} keeps its connection pool where toxicity does not expect it, so "
            "internal addresses cannot be refused; install the httpx version toxicity was tested with"
        )
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=trust_env),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        http1=True,
        http2=False,
        network_backend=GuardedBackend(),
    )
    return transport
