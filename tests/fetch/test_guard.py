"""The address guard and the parsers of server text on their own: no request made."""

from __future__ import annotations

import ipaddress

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from toxicity.fetch.client import _Failure, _parse_robots, _redirect_target, _Response, _RobotsRules
from toxicity.fetch.guard import address_block_reason, host_block_reason, parse_ip_host


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback address 127.0.0.1"),
        ("127.255.0.9", "loopback address 127.255.0.9"),
        ("::1", "loopback address ::1"),
        ("10.1.2.3", "private address 10.1.2.3"),
        ("172.16.0.1", "private address 172.16.0.1"),
        ("192.168.1.1", "private address 192.168.1.1"),
        ("169.254.1.1", "link-local address 169.254.1.1"),
        ("fe80::1", "link-local address fe80::1"),
        ("fd12:3456::1", "unique-local address fd12:3456::1"),
        ("100.64.0.1", "shared (CGNAT) address 100.64.0.1"),
        ("224.0.0.1", "multicast address 224.0.0.1"),
        ("233.1.1.1", "multicast address 233.1.1.1"),
        ("ff02::1", "multicast address ff02::1"),
        ("0.0.0.0", "unspecified address 0.0.0.0"),
        ("::", "unspecified address ::"),
        ("240.0.0.1", "reserved address 240.0.0.1"),
        ("255.255.255.255", "reserved address 255.255.255.255"),
        ("198.18.0.1", "reserved address 198.18.0.1"),
        ("2001:db8::1", "reserved address 2001:db8::1"),
        ("169.254.169.254", "cloud metadata address 169.254.169.254"),
        ("fd00:ec2::254", "cloud metadata address fd00:ec2::254"),
        # IPv4 inside IPv6: judged by the IPv4 address it carries
        ("::ffff:127.0.0.1", "loopback address 127.0.0.1 (as ::ffff:7f00:1)"),
        ("::ffff:169.254.169.254", "cloud metadata address 169.254.169.254 (as ::ffff:a9fe:a9fe)"),
        ("2002:7f00:1::", "loopback address 127.0.0.1 (as 2002:7f00:1::)"),
        ("64:ff9b::a00:1", "private address 10.0.0.1 (as 64:ff9b::a00:1)"),
        ("::127.0.0.1", "reserved address ::7f00:1"),
        # public
        ("93.184.215.14", None),
        ("8.8.8.8", None),
        ("2606:4700::1111", None),
        ("64:ff9b::808:808", None),
        ("::ffff:8.8.8.8", None),
    ],
)
def test_address_classes(address: str, reason: str | None) -> None:
    assert address_block_reason(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0x7F.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("0", "0.0.0.0"),
        ("127.0.0.1.", "127.0.0.1"),
        ("01.02.03.04", "1.2.3.4"),
        ("[::1]", "::1"),
        ("[::ffff:7f00:1]", "::ffff:7f00:1"),
        ("::1", "::1"),
    ],
)
def test_whatwg_ip_spellings(host: str, address: str) -> None:
    assert parse_ip_host(host) == ipaddress.ip_address(address)


@pytest.mark.parametrize("host", ["example.com", "0x7f.example", "1e2", "xn--bcher-kva.example", "a.b-1"])
def test_names_are_not_addresses(host: str) -> None:
    assert parse_ip_host(host) is None


@pytest.mark.parametrize("host", ["1.2.3.256", "1..2", "999999999999", "1.2.3.4.5", "example.123", "08.1"])
def test_numeric_hosts_that_are_no_address(host: str) -> None:
    with pytest.raises(ValueError, match="IPv4 address|more than four parts"):
        parse_ip_host(host)


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("localhost", "loopback host localhost"),
        ("LOCALHOST.", "loopback host localhost"),
        ("app.localhost", "loopback host app.localhost"),
        ("metadata.google.internal", "cloud metadata host metadata.google.internal"),
        ("0x7f.1", "loopback address 127.0.0.1"),
        ("2130706433", "loopback address 127.0.0.1"),
        ("[::ffff:127.0.0.1]", "loopback address 127.0.0.1 (as ::ffff:7f00:1)"),
        ("blog.example.org", None),
        ("localhost.example.org", None),
        ("8.8.8.8", None),
    ],
)
def test_host_spellings(host: str, reason: str | None) -> None:
    assert host_block_reason(host) == reason


# -- hostile text never crashes the fetcher ---------------------------------------------------------


@given(
    st.text(max_size=60)
    | st.from_regex(r"(0x[0-9a-fA-F]{0,10}|[0-9]{1,12})(\.(0x[0-9a-f]{0,4}|[0-9]{1,5})){0,4}\.?")
)
def test_any_host_is_judged_or_refused_as_invalid(host: str) -> None:
    try:
        reason = host_block_reason(host)
    except ValueError:
        return
    assert reason is None or isinstance(reason, str)


@given(
    st.text(max_size=80) | st.sampled_from(["javascript:alert(1)", "//[::1", "http://[", "https://a:0x50/"])
)
def test_any_location_header_is_followed_or_recorded(location: str) -> None:
    response = _Response(302, httpx.Headers(), None, (location,))
    try:
        target = _redirect_target("https://blog.example.org/post", response)
    except _Failure as exc:
        assert exc.status == "invalid_url" and exc.http_status == 302
        return
    assert target is not None and target.lower().startswith(("http://", "https://"))


@given(st.lists(st.text(max_size=40) | st.sampled_from(["Crawl-delay: ²", "Disallow: //[x"]), max_size=8))
def test_any_robots_txt_parses(lines: list[str]) -> None:
    parser = _parse_robots("https://blog.example.org/robots.txt", "\n".join(["User-agent: *", *lines]))
    assert isinstance(_RobotsRules(parser=parser).allows("https://blog.example.org/post"), bool)
    delay = parser.crawl_delay("toxicity")
    assert delay is None or float(min(delay, 10.0)) >= 0
