"""Building a disavow file from decisions and merging it with an existing one."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from toxicity.disavow import build_disavow, parse_disavow, validate_disavow
from toxicity.errors import DisavowError, SiteError

DAY = date(2026, 11, 22)


def _decisions(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """(domain, url, decision, suggestion) rows, as read_reviews returns them."""
    frame = pd.DataFrame(rows, columns=["domain", "url", "decision", "suggestion"])
    frame["source"] = "review.csv"
    frame["row"] = range(2, len(frame) + 2)
    frame["example_url"] = ""
    return frame


def _reasons(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(r) for r in result.refused]


def test_only_human_disavow_rows_are_written() -> None:
    result = build_disavow(
        _decisions(
            [
                ("spam.com", "", "disavow", "disavow"),
                ("maybe.net", "", "", "disavow"),
                ("kept.org", "", "keep", "disavow"),
                ("page.info", "http://page.info/bad?x=1", "disavow", ""),
            ]
        ),
        today=DAY,
    )
    assert result.lines == [
        "# toxicity 0.1.0, 2026-11-22: added 1 domain, 1 URL from review.csv",
        "domain:spam.com",
        "http://page.info/bad?x=1",
    ]
    assert (result.added, result.kept, result.removed, result.folded) == (2, 0, 0, 0)


def test_accept_suggestions_never_overrides_a_human_keep() -> None:
    rows = [
        ("maybe.net", "", "", "disavow"),
        ("kept.org", "", "keep", "disavow"),
        ("low.org", "", "", "keep"),
    ]
    result = build_disavow(_decisions(rows), accept_suggestions=True, today=DAY)
    assert result.lines[1:] == ["domain:maybe.net"]


def test_suffixes_site_allowlist_and_bad_values_are_refused_and_reported() -> None:
    rows = [
        ("co.uk", "", "disavow", ""),
        ("spam.blogspot.com", "", "disavow", ""),
        ("www.mysite.com", "", "disavow", ""),
        ("mysite.com", "http://shop.mysite.com/x", "disavow", ""),
        ("friend.org", "", "disavow", ""),
        ("evil.com\ndomain:google.com", "", "disavow", ""),
        ("bad..host", "", "disavow", ""),
        ("x.com", "javascript:alert(1)", "disavow", ""),
        ("x.com", "http://x.com/*", "disavow", ""),
        ("both.com", "", "disavow", ""),
        ("both.com", "", "keep", ""),
    ]
    result = build_disavow(_decisions(rows), site="https://www.mysite.com/", allow=["friend.org"], today=DAY)
    assert result.lines[1:] == ["domain:spam.blogspot.com"]
    assert _reasons(result) == [
        "review.csv row 11: 'both.com' is marked both disavow and keep; decide once",
        (
            "review.csv row 2: 'co.uk' is a public suffix shared by many unrelated sites; mark the sites "
            "under it instead"
        ),
        "review.csv row 4: 'www.mysite.com' is the audited site mysite.com; it is never disavowed",
        "review.csv row 5: 'http://shop.mysite.com/x' is the audited site mysite.com; it is never disavowed",
        "review.csv row 6: 'friend.org' is on the allow list; it is never disavowed",
        (
            "review.csv row 7: 'evil.com\\ndomain:google.com' contains a space or control character, so it "
            "is not a domain name"
        ),
        "review.csv row 8: 'bad..host' is not a valid domain name",
        "review.csv row 9: 'javascript:alert(1)' is not an http:// or https:// URL",
        (
            "review.csv row 10: 'http://x.com/*' contains *, which Google reads as a wildcard; mark the "
            "domain or list the exact URLs"
        ),
    ]


def test_ip_hosts_become_url_lines() -> None:
    frame = _decisions([("192.0.2.7", "", "disavow", "")])
    frame["example_url"] = ["http://192.0.2.7/casino/page"]
    result = build_disavow(frame, today=DAY)
    assert result.lines[1:] == ["http://192.0.2.7/", "http://192.0.2.7/casino/page"]


def test_hostile_urls_are_percent_encoded_into_one_line() -> None:
    rows = [("spam.com", " http://spam.com/a b\r\ndomain:google.com\t", "disavow", "")]
    result = build_disavow(_decisions(rows), today=DAY)
    assert result.lines[1:] == ["http://spam.com/a%20b%0D%0Adomain:google.com"]


EXISTING = (
    "# Disavow file for example.com\n"
    "domain:old-spam.com\n"
    "\n"
    "http://old.net/page\n"
    "domain:old-spam.com\n"
    "# links from a PBN\n"
    "http://sub.pbn.org/x\n"
)


def test_merge_keeps_every_existing_line_and_folds_only_new_entries() -> None:
    rows = [
        ("old-spam.com", "", "disavow", ""),  # already there: folded
        ("x.old-spam.com", "", "disavow", ""),  # covered by domain:old-spam.com: folded
        ("old-spam.com", "http://old-spam.com/p", "disavow", ""),  # covered: folded
        ("old.net", "http://old.net/page", "disavow", ""),  # duplicate URL: folded
        ("pbn.org", "", "disavow", ""),  # new; covers an existing URL line, which stays
        ("new.com", "", "disavow", ""),
        ("new.com", "", "disavow", ""),  # duplicate row of the same key
        ("a.new.com", "", "disavow", ""),  # covered by the new domain:new.com: folded
        ("other.io", "http://other.io/1", "disavow", ""),
    ]
    existing = parse_disavow(EXISTING)
    result = build_disavow(_decisions(rows), existing=existing, today=DAY)
    assert result.lines == [
        *EXISTING.splitlines(),
        "",
        "# toxicity 0.1.0, 2026-11-22: added 2 domains, 1 URL from review.csv",
        "domain:new.com",
        "domain:pbn.org",
        "http://other.io/1",
    ]
    assert (result.added, result.kept, result.removed, result.folded) == (3, 4, 0, 5)


def test_remove_drops_named_lines_only() -> None:
    existing = parse_disavow(EXISTING)
    result = build_disavow(
        _decisions([("pbn.org", "", "disavow", "")]),
        existing=existing,
        remove=["old-spam.com", "http://OLD.net/page", "# links from a PBN"],
        today=DAY,
    )
    assert result.lines == [
        "# Disavow file for example.com",
        "",
        "http://sub.pbn.org/x",
        "",
        "# toxicity 0.1.0, 2026-11-22: added 1 domain, 0 URLs from review.csv; removed 4 lines",
        "domain:pbn.org",
    ]
    assert (result.kept, result.removed) == (1, 4)


def test_remove_that_matches_nothing_is_an_error() -> None:
    with pytest.raises(DisavowError) as info:
        build_disavow(
            _decisions([]), existing=parse_disavow(EXISTING, name="disavow.txt"), remove=["domain:typo.com"]
        )
    assert str(info.value) == (
        "--remove 'domain:typo.com' matches no line of disavow.txt; check the spelling (entries look like "
        "domain:example.com or https://example.com/page)"
    )


def test_removed_entry_is_not_added_back_in_the_same_run() -> None:
    result = build_disavow(
        _decisions([("old-spam.com", "", "disavow", "")]),
        existing=parse_disavow(EXISTING),
        remove=["domain:old-spam.com"],
        today=DAY,
    )
    assert "domain:old-spam.com" not in result.lines
    assert _reasons(result) == ["review.csv row 2: 'old-spam.com' was dropped with --remove in the same run"]


def test_new_idns_follow_the_existing_files_spelling() -> None:
    rows = [("xn--bcher-kva.de", "", "disavow", ""), ("k\u00f6ln.de", "http://k\u00f6ln.de/a", "disavow", "")]
    unicode_file = parse_disavow("domain:m\u00fcnchen.de\n")
    assert build_disavow(_decisions(rows), existing=unicode_file, today=DAY).lines[-2:] == [
        "domain:b\u00fccher.de",
        "http://k\u00f6ln.de/a",
    ]
    assert build_disavow(_decisions(rows), today=DAY).lines[-2:] == [
        "domain:xn--bcher-kva.de",
        "http://xn--kln-sna.de/a",
    ]


def test_header_cannot_be_split_by_a_hostile_file_name() -> None:
    frame = _decisions([("spam.com", "", "disavow", "")])
    frame["source"] = "review\ndomain:google.com.csv"
    result = build_disavow(frame, today=DAY)
    assert (
        result.lines[0]
        == "# toxicity 0.1.0, 2026-11-22: added 1 domain, 0 URLs from review?domain:google.com.csv"
    )
    assert [p for p in validate_disavow(parse_disavow(result.text)) if p.severity == "error"] == []


def test_bad_site_is_an_error() -> None:
    with pytest.raises(SiteError, match=r"^the site 'not a site' is not a host name or web address; give"):
        build_disavow(_decisions([]), site="not a site")
    with pytest.raises(SiteError, match=r"no public suffix"):
        build_disavow(_decisions([]), site="crumbandcrust")


# ------------------------------------------------------------------------------------------ platforms


def test_rows_naming_a_whole_platform_are_an_error_that_names_them() -> None:
    rows = [
        ("spam.wordpress.com", "", "disavow", ""),
        ("wordpress.com", "", "disavow", ""),
        ("domain:Weebly.com", "", "disavow", ""),
        ("blogspot.com", "", "disavow", ""),
        ("tumblr.com", "", "keep", "disavow"),  # kept: not an error
        ("medium.com", "", "", "disavow"),  # only suggested, and suggestions are not accepted here
    ]
    with pytest.raises(DisavowError) as info:
        build_disavow(_decisions(rows), today=DAY)
    assert str(info.value) == (
        "3 rows marked disavow name a whole blog or hosting platform: review.csv row 3 (wordpress.com), "
        "review.csv row 4 (weebly.com), review.csv row 5 (blogspot.com); domain:wordpress.com would disavow "
        "every site on wordpress.com: disavow the site itself instead (put its own host in the domain "
        "column, like spam.wordpress.com, written as domain:spam.wordpress.com) or list its URLs. Unmark "
        "these rows (write keep, or clear the decision), or pass --allow-popular if you really mean the "
        "whole domain (never possible for blogspot.com, on the Public Suffix List)"
    )


def test_a_psl_platform_alone_gets_no_force_hint() -> None:
    with pytest.raises(DisavowError) as info:
        build_disavow(_decisions([("github.io", "", "disavow", "")]), today=DAY)
    assert str(info.value) == (
        "1 row marked disavow names a whole blog or hosting platform: review.csv row 2 (github.io); "
        "domain:github.io would disavow every site on github.io: disavow the site itself instead (put its "
        "own host in the domain column, like spam.github.io, written as domain:spam.github.io) or list its "
        "URLs. Unmark this row (write keep, or clear the decision)"
    )


def test_blogs_on_platforms_and_urls_on_a_platform_are_written() -> None:
    rows = [
        ("spam.wordpress.com", "", "disavow", ""),
        ("x.blogspot.co.uk", "", "disavow", ""),
        (
            "wordpress.com",
            "https://wordpress.com/spam-page",
            "disavow",
            "",
        ),  # one page of the platform's site
    ]
    result = build_disavow(_decisions(rows), today=DAY)
    assert result.lines[1:] == [
        "domain:spam.wordpress.com",
        "domain:x.blogspot.co.uk",
        "https://wordpress.com/spam-page",
    ]
    assert result.refused == []


def test_allow_popular_writes_a_platform_the_psl_lacks_only() -> None:
    rows = [("wordpress.com", "", "disavow", ""), ("blogspot.com", "", "disavow", "")]
    result = build_disavow(_decisions(rows), allow_popular=True, today=DAY)
    assert result.lines[1:] == ["domain:wordpress.com"]
    assert _reasons(result) == [
        (
            "review.csv row 3: 'blogspot.com' is a public suffix shared by many unrelated sites; mark the "
            "sites under it instead"
        ),
    ]
    problems = validate_disavow(parse_disavow(result.text))
    assert [p.severity for p in problems] == ["warning"]


def test_a_suggested_platform_is_refused_not_an_error() -> None:
    rows = [("weebly.com", "", "", "disavow"), ("spam.weebly.com", "", "", "disavow")]
    result = build_disavow(_decisions(rows), accept_suggestions=True, today=DAY)
    assert result.lines[1:] == ["domain:spam.weebly.com"]
    assert _reasons(result) == [
        (
            "review.csv row 2: 'weebly.com' is a whole platform shared by many sites; a suggestion never "
            "disavows it: mark the site on it instead, like spam.weebly.com"
        ),
    ]


def test_existing_platform_lines_are_kept_and_reported() -> None:
    existing = parse_disavow(
        "# old file\ndomain:wordpress.com\nhttp://spam.weebly.com/a\ndomain:x.tumblr.com\n"
    )
    rows = [("spam.wordpress.com", "", "disavow", ""), ("new.tumblr.com", "", "disavow", "")]
    result = build_disavow(_decisions(rows), existing=existing, today=DAY)
    assert result.lines == [
        "# old file",
        "domain:wordpress.com",
        "http://spam.weebly.com/a",
        "domain:x.tumblr.com",
        "",
        "# toxicity 0.1.0, 2026-11-22: added 1 domain, 0 URLs from review.csv",
        "domain:new.tumblr.com",
    ]
    assert (result.added, result.kept, result.folded) == (
        1,
        3,
        1,
    )  # spam.wordpress.com: covered by the old line
    assert [(line.number, line.text) for line in result.kept_platforms] == [(2, "domain:wordpress.com")]


# ------------------------------------------------------------------------------ the site, popular sites


def test_the_site_its_subdomains_and_its_registrable_domain_are_never_written() -> None:
    rows = [
        ("crumbandcrust.com", "", "disavow", ""),
        ("domain:Blog.CrumbAndCrust.com", "", "disavow", ""),
        ("crumbandcrust.com", "https://shop.crumbandcrust.com/x", "disavow", ""),
        ("www.crumbandcrust.com", "", "", "disavow"),  # a suggestion, accepted below
        ("spam.com", "", "disavow", ""),
    ]
    result = build_disavow(
        _decisions(rows), site="shop.crumbandcrust.com", accept_suggestions=True, today=DAY
    )
    assert result.lines[1:] == ["domain:spam.com"]
    site_refusals = [r for r in result.refused if r.code == "site"]
    assert [(r.where, r.value) for r in site_refusals] == [
        ("review.csv row 2", "crumbandcrust.com"),
        ("review.csv row 3", "domain:Blog.CrumbAndCrust.com"),
        ("review.csv row 4", "https://shop.crumbandcrust.com/x"),
        ("review.csv row 5", "www.crumbandcrust.com"),
    ]
    assert str(site_refusals[0]) == (
        "review.csv row 2: 'crumbandcrust.com' is the audited site crumbandcrust.com; it is never disavowed"
    )


def test_a_site_on_a_platform_protects_that_blog_only() -> None:
    rows = [("mybakery.wordpress.com", "", "disavow", ""), ("spam.wordpress.com", "", "disavow", "")]
    result = build_disavow(_decisions(rows), site="mybakery.wordpress.com", today=DAY)
    assert result.lines[1:] == ["domain:spam.wordpress.com"]
    assert [r.code for r in result.refused] == ["site"]


POPULAR_ROWS = [
    ("google.com", "", "disavow", ""),
    ("www.YouTube.com", "", "disavow", ""),
    ("facebook.com", "", "d", ""),
    ("wikipedia.org", "", "disavow", ""),
    ("t.co", "", "disavow", ""),
    ("maps.google.com", "", "disavow", ""),
    ("spam.com", "", "disavow", ""),
]


def test_rows_naming_popular_sites_are_an_error_that_names_them() -> None:
    frame = _decisions(POPULAR_ROWS)
    frame["decision"] = frame["decision"].replace("d", "disavow")
    with pytest.raises(DisavowError) as info:
        build_disavow(frame, today=DAY)
    assert str(info.value) == (
        "6 rows marked disavow name a popular site: review.csv row 2 (google.com), review.csv row 3 "
        "(www.youtube.com), review.csv row 4 (facebook.com), review.csv row 5 (wikipedia.org), review.csv "
        "row 6 (t.co) and 1 more; google.com is a popular site (top 1 by referring subnets), which scoring "
        "never suggests disavowing: if one of its pages links to you, list that URL instead. Unmark these "
        "rows (write keep, or clear the decision), or pass --allow-popular if you really mean the whole "
        "domain"
    )
    result = build_disavow(frame, allow_popular=True, today=DAY)
    assert result.lines[1:] == [
        "domain:facebook.com",
        "domain:google.com",
        "domain:spam.com",
        "domain:t.co",
        "domain:wikipedia.org",
        "domain:www.youtube.com",
    ]  # maps.google.com: folded


def test_popular_and_platform_rows_make_one_error() -> None:
    rows = [
        ("wordpress.com", "", "disavow", ""),
        ("google.com", "", "disavow", ""),
        ("github.io", "", "disavow", ""),
    ]
    with pytest.raises(DisavowError) as info:
        build_disavow(_decisions(rows), today=DAY)
    assert str(info.value) == (
        "3 rows marked disavow name a popular site or a whole blog or hosting platform: review.csv row 2 "
        "(wordpress.com), review.csv row 3 (google.com), review.csv row 4 (github.io); domain:wordpress.com "
        "would disavow every site on wordpress.com: disavow the site itself instead (put its own host in "
        "the domain column, like spam.wordpress.com, written as domain:spam.wordpress.com) or list its "
        "URLs; google.com is a popular site (top 1 by referring subnets), which scoring never suggests "
        "disavowing: if one of its pages links to you, list that URL instead. Unmark these rows (write "
        "keep, or clear the decision), or pass --allow-popular if you really mean the whole domain (never "
        "possible for github.io, on the Public Suffix List)"
    )


def test_urls_on_popular_sites_are_written_and_suggestions_never_name_them() -> None:
    rows = [
        ("youtube.com", "https://www.youtube.com/watch?v=spam", "disavow", ""),
        ("t.co", "", "", "disavow"),  # suggested only: refused, not an error
    ]
    result = build_disavow(_decisions(rows), accept_suggestions=True, today=DAY)
    assert result.lines[1:] == ["https://www.youtube.com/watch?v=spam"]
    assert _reasons(result) == [
        (
            "review.csv row 3: 't.co' is a popular site; a suggestion never disavows it: mark the row "
            "disavow yourself and pass --allow-popular if you really mean the whole domain"
        ),
    ]


def test_the_site_and_the_allow_list_win_over_the_popular_error() -> None:
    rows = [("mysite.com", "", "disavow", ""), ("x.com", "", "disavow", "")]  # both popular
    result = build_disavow(_decisions(rows), site="mysite.com", allow=["x.com"], today=DAY)
    assert [r.code for r in result.refused] == ["site", "allow"]


def test_old_lines_naming_the_site_or_popular_sites_are_kept_and_the_site_is_reported() -> None:
    existing = parse_disavow("# 2024\ndomain:google.com\ndomain:blog.mysite.com\nhttp://mysite.com/a\n")
    result = build_disavow(
        _decisions([("spam.com", "", "disavow", "")]), existing=existing, site="mysite.com", today=DAY
    )
    assert result.lines[:4] == [line.text for line in existing.lines]
    assert [(line.number, line.text) for line in result.kept_site] == [
        (3, "domain:blog.mysite.com"),
        (4, "http://mysite.com/a"),
    ]


def test_force_platforms_is_kept_as_the_old_name_of_allow_popular() -> None:
    rows = [("wordpress.com", "", "disavow", ""), ("google.com", "", "disavow", "")]
    assert build_disavow(_decisions(rows), force_platforms=True, today=DAY).lines[1:] == [
        "domain:google.com",
        "domain:wordpress.com",
    ]
