"""Allow/block lists and decisions carried over from previous review sheets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from toxicity.errors import ReviewSheetError, SiteError
from toxicity.review import DecisionCounts, apply_decisions, load_domain_list, read_reviews, write_review


def test_load_domain_list_tolerates_hosts_urls_prefixes_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "allow.txt"
    path.write_text(
        "\ufeff# partners\n\nWWW.Example.com.\ndomain:news.co.uk\nhttps://me.blogspot.com/post  # my blog\n"
        "http://M\u00fcnchen.de:8080/x\n192.0.2.7\n",
        encoding="utf-8",
    )
    assert load_domain_list(path) == {
        "example.com",
        "news.co.uk",
        "me.blogspot.com",
        "xn--mnchen-3ya.de",
        "192.0.2.7",
    }


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "blogspot.com",
            (
                "allow.txt line 2: 'blogspot.com' is a public suffix shared by many unrelated sites; "
                "list the site itself, like someone.blogspot.com"
            ),
        ),
        (
            "not a domain",
            (
                "allow.txt line 2: 'not a domain' is not a domain, host or URL; write one per line, "
                "like example.com or https://example.com/page"
            ),
        ),
    ],
)
def test_load_domain_list_errors_name_the_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "allow.txt"
    path.write_text(f"ok.com\n{line}\n", encoding="utf-8")
    with pytest.raises(ReviewSheetError) as info:
        load_domain_list(path)
    assert str(info.value) == message


def _new_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "domain": ["spam.com", "partner.com", "casino.net", "fresh.org", "M\u00fcnchen.de"],
            "risk": [95, 80, 70, 40, 60],
            "suggestion": ["disavow", "disavow", "disavow", "review", "review"],
        }
    )


def _previous(tmp_path: Path) -> pd.DataFrame:
    prev = pd.DataFrame(
        {
            "domain": [
                "SPAM.com",
                "casino.net",
                "gone.info",
                "xn--mnchen-3ya.de",
                "undecided.com",
                "gone.info",
            ],
            "url": ["", "", "", "", "", "http://gone.info/page"],
            "decision": ["disavow", "keep", "disavow", "keep", "", "disavow"],
            "note": ["seen in 2025", "", "", "local partner", "", ""],
            "risk": [90, 70, 88, 50, 10, 88],
        }
    )
    path = tmp_path / "old.csv"
    write_review(prev, path)
    return read_reviews([path])


def test_apply_decisions_carries_over_and_applies_lists(tmp_path: Path) -> None:
    out, counts = apply_decisions(
        _new_table(), previous=_previous(tmp_path), allow=["partner.com"], block=["fresh.org"]
    )
    decided = dict(zip(out["domain"] + "|" + out["url"], zip(out["decision"], out["note"])))
    assert decided == {
        "spam.com|": ("disavow", "seen in 2025"),
        "partner.com|": ("keep", "allowlisted (--allow)"),
        "casino.net|": ("keep", ""),
        "fresh.org|": ("disavow", "blocklisted (--block)"),
        "M\u00fcnchen.de|": ("keep", "local partner"),
        "gone.info|": ("disavow", ""),
        "gone.info|http://gone.info/page": ("disavow", ""),
    }
    assert counts == DecisionCounts(
        carried_over=5, allowlisted=1, blocklisted=1, to_review=0, previous_only=2, conflicts=0
    )


def test_conflicting_previous_decisions_are_left_for_the_human(tmp_path: Path) -> None:
    prev = pd.DataFrame(
        {"domain": ["spam.com", "spam.com"], "url": ["", ""], "decision": ["disavow", "keep"]}
    )
    out, counts = apply_decisions(_new_table(), previous=prev)
    assert out.loc[out["domain"] == "spam.com", "decision"].tolist() == [""]
    assert counts.conflicts == 1 and counts.to_review == 5 and counts.carried_over == 0


def test_domain_on_both_lists_is_an_error() -> None:
    with pytest.raises(ReviewSheetError) as info:
        apply_decisions(_new_table(), allow=["spam.com", "a.com"], block=["SPAM.com"])
    assert (
        str(info.value) == "spam.com is on both the allow list and the block list; remove it from one of them"
    )


def test_apply_decisions_does_not_modify_its_input() -> None:
    table = _new_table()
    before = table.copy()
    apply_decisions(table, block=["spam.com"])
    pd.testing.assert_frame_equal(table, before)


def test_block_and_previous_never_mark_the_audited_site_disavow(tmp_path: Path) -> None:
    table = pd.DataFrame(
        {
            "domain": ["crumbandcrust.com", "blog.crumbandcrust.com", "shop.crumbandcrust.com", "spam.com"],
            "risk": [60, 50, 40, 95],
            "suggestion": ["keep", "keep", "keep", "disavow"],
        }
    )
    prev = pd.DataFrame(
        {
            "domain": ["blog.crumbandcrust.com", "shop.crumbandcrust.com", "crumbandcrust.com", "spam.com"],
            "url": ["", "", "https://crumbandcrust.com/gone-page", ""],
            "decision": ["disavow", "keep", "disavow", "disavow"],
            "note": ["", "ours", "", ""],
        }
    )
    out, counts = apply_decisions(
        table, previous=prev, block=["crumbandcrust.com"], site="www.crumbandcrust.com"
    )
    decided = dict(zip(out["domain"] + "|" + out["url"], out["decision"]))
    assert decided == {
        "crumbandcrust.com|": "",
        "blog.crumbandcrust.com|": "",
        "shop.crumbandcrust.com|": "keep",  # a keep is carried over as usual
        "spam.com|": "disavow",
        "crumbandcrust.com|https://crumbandcrust.com/gone-page": "",  # kept as a row, not as a disavow
    }
    assert counts.site_refused == (
        "crumbandcrust.com",
        "blog.crumbandcrust.com",
        "https://crumbandcrust.com/gone-page",
    )
    assert counts.blocklisted == 0 and counts.carried_over == 3 and counts.to_review == 3
    note = dict(zip(out["domain"] + "|" + out["url"], out["note"]))
    assert (
        note["crumbandcrust.com|"]
        == "audited site: never disavowed (--block or a previous sheet said disavow)"
    )


def test_without_a_site_nothing_is_protected_and_a_bad_site_is_an_error() -> None:
    table = pd.DataFrame({"domain": ["mysite.com"], "risk": [10], "suggestion": ["keep"]})
    out, counts = apply_decisions(table, block=["mysite.com"])
    assert out["decision"].tolist() == ["disavow"] and counts.site_refused == ()
    with pytest.raises(SiteError) as info:
        apply_decisions(table, site="my site")
    assert str(info.value) == (
        "the site 'my site' is not a host name or web address; give the audited site like example.com "
        "or https://example.com/"
    )
