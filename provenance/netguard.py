"""The address rules of the fetcher: which hosts and URLs it may connect to.

The fetcher is pointed at URLs found in untrusted text, so it must not become a
way into the machine or the newsroom's network (server-side request forgery).
Refused, with a reason an editor can read:

- loopback, private (RFC 1918, unique local), link-local (169.254.169.254, the
  cloud metadata service, above all), shared CGNAT space, multicast, reserved,
  unspecified and every other non-global address;
- IPv4-mapped (``::ffff:127.0.0.1``) and IPv4-compatible IPv6 addresses, and
  6to4, Teredo and NAT64 addresses that embed a refused IPv4 address;
- the odd spellings of IPv4 that resolvers accept: decimal ``2130706433``,
  octal ``0177.0.0.1``, hexadecimal ``0x7f.1``, short forms ``127.1``;
- the names of cloud metadata services (``metadata.google.internal`` and
  every other ``*.internal`` name, ``metadata``, ``metadata.goog``,
  ``instance-data``) and their addresses (169.254.169.254, fd00:ec2::254,
  in any spelling or IPv6 embedding): refused always, even when the private
  network is allowed and when a proxy would resolve the name (`check_metadata`).

`check_address` judges a host name or address written in a URL; `check_ip`
judges an address a name resolved to. Host names are judged again, address by
address, when the fetcher resolves them just before it connects (for metadata
addresses alone when the private network is allowed).
"""

from __future__ import annotations

import ipaddress
import re
from ipaddress import IPv4Address, IPv6Address
from urllib.parse import urlsplit

IPAddress = IPv4Address | IPv6Address

ALLOWED_SCHEMES = ("http", "https")
CGNAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
SIXTOFOUR = ipaddress.ip_network("2002::/16")
LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
METADATA_NAMES = ("metadata", "metadata.goog", "instance-data")
METADATA_ADDRESSES = (IPv4Address("169.254.169.254"), IPv6Address("fd00:ec2::254"))
_IPV4_PART = re.compile(r"^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)$")


def parse_ipv4(host: str) -> IPv4Address | None:
    """Parse `host` as an IPv4 address the way resolvers do, odd spellings included.

    Accepts one to four dot-separated parts, each decimal, octal (leading 0) or
    hexadecimal (leading 0x), as `inet_aton` and the WHATWG URL parser do.
    Returns None when `host` is not such an address.
    """
    parts = host.rstrip(".").split(".") if host not in ("", ".") else []
    if not 1 <= len(parts) <= 4 or not all(_IPV4_PART.match(part) for part in parts):
        return None
    numbers = [_ipv4_number(part) for part in parts]
    *head, last = numbers
    if any(number > 255 for number in head) or last >= 256 ** (5 - len(numbers)):
        return None
    value = sum(number << (8 * (3 - index)) for index, number in enumerate(head)) + last
    return IPv4Address(value)


def _ipv4_number(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        return int(part, 8)
    return int(part)


def parse_ip(host: str) -> IPAddress | None:
    """Parse `host` (bracketed IPv6, zone ids and odd IPv4 spellings included) or None."""
    text = host.strip().strip("[]").split("%", 1)[0]
    if ":" in text:
        try:
            return IPv6Address(text)
        except ValueError:
            return None
    return parse_ipv4(text)


def check_ip(ip: IPAddress, *, allow_private: bool = False) -> str | None:
    """Return why `ip` may not be connected to, or None when it is a global address.

    With `allow_private`, only a cloud metadata address is refused (`check_metadata`).
    """
    if allow_private:
        return check_metadata(str(ip))
    if isinstance(ip, IPv6Address):
        return _check_ipv6(ip)
    return _check_ipv4(ip)


def _check_ipv4(ip: IPv4Address) -> str | None:
    rules = (
        (ip.is_unspecified or ip in ipaddress.ip_network("0.0.0.0/8"), "an unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip in CGNAT, "a shared (CGNAT) address"),
        (ip.is_multicast, "a multicast address"),
        (ip == IPv4Address("255.255.255.255"), "a broadcast address"),
        (ip.is_reserved, "a reserved address"),
        (ip.is_private, "a private address"),
        (not ip.is_global, "not a global address"),
    )
    return next((f"{ip} is {why}" for refused, why in rules if refused), None)


def _check_ipv6(ip: IPv6Address) -> str | None:
    if ip.ipv4_mapped is not None:
        return f"::ffff:{ip.ipv4_mapped} is an IPv4-mapped IPv6 address"
    if ip.is_unspecified or ip.is_loopback:
        return f"{ip} is {'a loopback' if ip.is_loopback else 'an unspecified'} address"
    if int(ip) >> 32 == 0:
        return f"::{IPv4Address(int(ip))} is an IPv4-compatible IPv6 address"
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        reason = _check_ipv4(embedded)
        return f"{ip} embeds {reason}" if reason else None
    rules = (
        (ip.is_link_local, "a link-local address"),
        (ip.is_site_local, "a site-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip in NAT64_LOCAL, "a local-use NAT64 address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a global address"),
    )
    return next((f"{ip} is {why}" for refused, why in rules if refused), None)


def _embedded_ipv4(ip: IPv6Address) -> IPv4Address | None:
    """The IPv4 address inside a NAT64, 6to4 or Teredo address."""
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64:
        return IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def check_metadata(host_or_ip: str) -> str | None:
    """Return why a host is a cloud metadata service (by name or address), or None."""
    host = host_or_ip.strip().lower().strip("[]")
    name = host.rstrip(".")
    if name in METADATA_NAMES or name.endswith(".internal") or name == "internal":
        return f"{name} is a cloud metadata or internal name"
    ip = parse_ip(host)
    if ip is None:
        return None
    inner = _embedded_ipv4(ip) if isinstance(ip, IPv6Address) else None
    if isinstance(ip, IPv6Address):
        inner = ip.ipv4_mapped or inner or (IPv4Address(int(ip)) if int(ip) >> 32 == 0 else None)
    for address in (ip, inner):
        if address in METADATA_ADDRESSES:
            shown = "" if host == str(address) else f" {address}"
            return f"{host} is the cloud metadata address{shown}"
    return None


def check_address(host_or_ip: str) -> str | None:
    """Return why a host (name or address, in any spelling) is refused, or None.

    A host name that is not an address passes here unless it names the local
    machine: its addresses are checked when it is resolved, just before connecting.
    """
    host = host_or_ip.strip().lower()
    ip = parse_ip(host)
    if ip is not None:
        reason = check_ip(ip)
        shown = host.strip("[]")
        if reason and shown != str(ip) and not reason.startswith(shown):
            return f"{shown} ({reason})"
        return reason
    name = host.rstrip(".")
    if not name:
        return "the URL has no host"
    if name in LOCAL_NAMES or name.endswith(".localhost"):
        return f"{name} is the local machine"
    return check_metadata(name)


def check_url(url: str, *, allow_private: bool = False) -> str | None:
    """Return why `url` may not be fetched (scheme, host, address), or None."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return f"scheme {parts.scheme or '(none)'!r} not allowed (http and https only)"
    if not host:
        return "the URL has no host"
    metadata = check_metadata(host)
    if metadata is not None:
        return metadata
    return None if allow_private else check_address(host)
