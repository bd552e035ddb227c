"""Hypothesis: any decisions give a file Google accepts, keeping every existing line; nothing breaks a line.

Rows marked disavow that name a whole platform or a popular site are an error unless ``allow_popular`` is
given.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from toxicity.disavow import build_disavow, is_valid, parse_disavow, validate_disavow
from toxicity.domains import is_ip_host, is_platform, normalise_host, registrable_domain
from toxicity.errors import DisavowError
from toxicity.lookups import popularity_rank

LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
HOST = st.builds(
    lambda labels, tld: ".".join([*labels, tld]),
    st.lists(LABEL, min_size=1, max_size=3),
    st.sampled_from(["com", "net", "co.uk", "blogspot.com", "wordpress.com", "de", "xn--p1ai"]),
)
HOSTILE = st.text(alphabet=st.characters(min_codepoint=0, exclude_categories=("Cs",)), max_size=30)
DOMAIN = st.one_of(
    HOST,
    st.sampled_from(
        [
            "blogspot.com",
            "wordpress.com",
            "domain:weebly.com",
            "co.uk",
            "com",
            "192.0.2.1",
            "m\u00fcnchen.de",
            "*.spam.com",
            "a b.com",
            "",
        ]
    ),
    st.builds(lambda h, junk: h + junk, HOST, HOSTILE),
    HOSTILE,
)
URL = st.one_of(
    st.just(""),
    st.builds(
        lambda scheme, host, path: f"{scheme}://{host}/{path}",
        st.sampled_from(["http", "https", "HTTP"]),
        HOST,
        HOSTILE,
    ),
    HOSTILE,
)
ROW = st.tuples(
    DOMAIN, URL, st.sampled_from(["disavow", "keep", ""]), st.sampled_from(["disavow", "review", "keep"])
)
EXISTING_LINE = st.one_of(
    HOST.map(lambda h: f"domain:{h}" if not h.endswith("blogspot.com") or h.count(".") > 1 else "# x"),
    st.builds(lambda h, p: f"https://{h}/{p}", HOST, st.from_regex(r"[a-z0-9/._~-]{0,20}", fullmatch=True)),
    st.from_regex(r"# [ -~]{0,30}", fullmatch=True),
    st.just(""),
    st.just("domain:wordpress.com"),  # a whole platform: Google accepts it, we keep it (with a warning)
)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(ROW, max_size=12), existing=st.lists(EXISTING_LINE, max_size=8), accept=st.booleans())
def test_any_decisions_give_a_valid_file_that_keeps_every_existing_line(
    rows: list[tuple[str, str, str, str]], existing: list[str], accept: bool
) -> None:
    old = parse_disavow("".join(line + "\n" for line in existing))
    frame = pd.DataFrame(rows, columns=["domain", "url", "decision", "suggestion"])
    frame["source"] = "review.csv"
    try:
        result = build_disavow(
            frame, existing=old, site="mysite.com", accept_suggestions=accept, today=date(2026, 1, 1)
        )
    except DisavowError as exc:
        assert "a whole blog or hosting platform" in str(exc) or "a popular site" in str(exc)
        assert any(
            decision == "disavow" and not url and (_names_platform(domain) or _names_popular(domain))
            for domain, url, decision, _ in rows
        )
        result = build_disavow(
            frame,
            existing=old,
            site="mysite.com",
            accept_suggestions=accept,
            allow_popular=True,
            today=date(2026, 1, 1),
        )

    # Nothing can add or split a line.
    assert all("\n" not in line and "\r" not in line for line in result.lines)
    reparsed = parse_disavow(result.text)
    assert [line.text for line in reparsed.lines] == result.lines
    # Google accepts it (old lines here are valid, so any error would be ours).
    assert is_valid(validate_disavow(old))
    problems = validate_disavow(reparsed)
    assert is_valid(problems), [str(p) for p in problems if p.severity == "error"]
    # Every existing line is kept, verbatim and in order, at the top.
    assert result.lines[: len(existing)] == existing
    assert result.kept == sum(1 for line in old.lines if line.kind in ("domain", "url"))
    # Every new entry comes from a row marked disavow (or an accepted suggestion), never from a kept row.
    new = {line.key for line in reparsed.lines[len(existing) :] if line.key}
    assert len(new) == result.added
    assert not any(line.host and line.host.endswith("mysite.com") for line in reparsed.lines[len(existing) :])


def _names_platform(value: str) -> bool:
    host = normalise_host(value.strip().removeprefix("domain:"))
    return host is not None and is_platform(host)


def _names_popular(value: str) -> bool:
    host = normalise_host(value.strip().removeprefix("domain:"))
    return (
        host is not None
        and not is_ip_host(host)
        and bool((popularity_rank([host, registrable_domain(host)]) > 0).any())
    )
