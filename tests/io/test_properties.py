"""Hypothesis: readers never crash on arbitrary bytes; host and domain extraction is idempotent."""

from __future__ import annotations

import io

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toxicity.domains import domains_of, host_of_url, hosts_of, registrable_domain
from toxicity.errors import ToxicityError
from toxicity.io import read_export
from toxicity.schema import validate_links

HEADERS = [
    b"Linking page,Last crawled\n",
    b"Referring page URL\tTarget URL\tAnchor\n",
    b"",
    b"Site,Linking pages\n",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(HEADERS), body=st.binary(max_size=400))
def test_reader_never_crashes_on_arbitrary_bytes(prefix: bytes, body: bytes) -> None:
    try:
        result = read_export(io.BytesIO(prefix + body))
    except ToxicityError:
        return
    validate_links(result.links)
    assert result.rows_read >= len(result.links)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30), max_size=20
    )
)
def test_reader_never_crashes_on_arbitrary_text(lines: list[str]) -> None:
    try:
        result = read_export(io.BytesIO("\n".join(lines).encode("utf-8")))
    except ToxicityError:
        return
    validate_links(result.links)


_URLISH = st.text(alphabet="aZ09.-_:/@?#[]% \u00a0éü", max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(_URLISH, max_size=30))
def test_vectorised_hosts_match_the_scalar_function(urls: list[str]) -> None:
    got = hosts_of(pd.Series(urls, dtype="string")).tolist()
    assert [None if g is pd.NA else g for g in got] == [host_of_url(u) for u in urls]


@settings(max_examples=200, deadline=None)
@given(_URLISH)
def test_host_and_domain_extraction_is_idempotent(url: str) -> None:
    host = host_of_url(url)
    if host is None:
        return
    assert host_of_url(host) == host
    domain = registrable_domain(host)
    assert registrable_domain(domain) == domain
    assert domains_of(pd.Series([host], dtype="string")).iloc[0] == domain
