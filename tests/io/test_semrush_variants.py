"""Semrush exports as auditors share them: the referring-domains export and every Backlink Audit column."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from toxicity.cli import cli
from toxicity.io import detect_format, read_export

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exports"
DOMAINS_HEADER = "Domain ascore,Domain,Backlinks,IP Address,Country,First seen,Last seen"


def _bools(values: pd.Series) -> list[bool | None]:
    return [None if pd.isna(v) else bool(v) for v in values]


def test_referring_domains_header_is_recognised() -> None:
    assert detect_format(DOMAINS_HEADER.split(",")) == "semrush-domains"


def test_referring_domains_are_domain_level_with_their_evidence() -> None:
    result = read_export(FIXTURES / "semrush_referring_domains.csv")
    links = result.links
    assert result.format == "semrush-domains"
    # Hosts strict parsers reject (underscore, label ending in '-') are kept: they belong in a disavow file.
    assert links["source_host"].tolist() == [
        "bakers-guild.example.org",
        "free_links-.example.info",
        "xn--bckerei-5wa.example.de",
    ]
    assert links["authority_score"].tolist() == [41.0, 2.0, 0.0]  # Domain ascore
    assert links["links"].tolist() == [1240.0, 37.0, 1.0]  # Backlinks, thousands separator read
    assert links["ip"].tolist() == ["192.0.2.10", "198.51.100.7", "198.51.100.9"]  # IP Address
    assert links["first_seen"].tolist() == [
        pd.Timestamp(d) for d in ("2023-11-02", "2026-08-20", "2026-08-21")
    ]
    assert links["last_seen"].iloc[1] == pd.Timestamp("2026-09-02")
    assert links["target_url"].isna().all() and links["anchor"].isna().all()  # a domain row has no link


def test_referring_domains_sheets_resave_and_forced_format() -> None:
    # Re-saved through Google Sheets: a leading '#' row-number column, every field quoted.
    text = (
        '"#","Domain ascore","Domain","Backlinks","IP Address","Country","First seen","Last seen"\n'
        '"1","17","Spam-Net.example.xyz","3","203.0.113.5","NL","Aug 20, 2026","Sep 1, 2026"\n'
    )
    for fmt in ("auto", "semrush-domains"):
        links = read_export(io.BytesIO(text.encode()), fmt).links
        assert links["source_host"].tolist() == ["spam-net.example.xyz"]
        assert links["ip"].tolist() == ["203.0.113.5"]
        assert links["links"].tolist() == [3.0]
        assert links["first_seen"].tolist() == [pd.Timestamp("2026-08-20")]
        assert links["source_format"].tolist() == ["semrush-domains"]


def test_backlink_audit_link_and_anchor_types_become_flags() -> None:
    links = read_export(FIXTURES / "semrush_audit_full.csv").links
    # Link Type: Text, Image, Redirect, Frame, (empty), Form; Anchor Type "Image" also marks an image link.
    assert _bools(links["image"]) == [False, True, False, False, True, False]
    assert _bools(links["redirect"]) == [False, False, True, False, None, False]
    assert _bools(links["frame"]) == [False, False, False, True, None, False]
    assert links["authority_score"].tolist() == [3.0, 21.0, 1.0, 2.0, 0.0, 1.0]  # Page Authority Score
    assert _bools(links["nofollow"]) == [True, False, False, True, False, False]
    assert links["source_title"].iloc[3] == "Partners"
    assert links["spam_score"].tolist() == [78.0, 4.0, 66.0, 51.0, 47.0, 12.0]
    assert links["source_host"].iloc[4] == "pics_-.example.site"


def test_backlink_audit_inspect_lists_its_columns_as_present() -> None:
    result = CliRunner().invoke(cli, ["inspect", str(FIXTURES / "semrush_audit_full.csv")])
    assert result.exit_code == 0, result.output
    missing = next(line for line in result.output.splitlines() if line.startswith("Missing fields:"))
    fields = {f.strip() for f in missing.split(":", 1)[1].split(",")}
    for present in (
        "nofollow",
        "source_title",
        "authority_score",
        "spam_score",
        "image",
        "redirect",
        "frame",
    ):
        assert present not in fields


@pytest.mark.parametrize("value", ["image", "IMAGE link"])
def test_backlink_audit_link_type_values_are_matched_loosely(value: str) -> None:
    text = f"Source URL,Link Type,Toxic Score\nhttp://a.example.com/,{value},50\n"
    assert _bools(read_export(io.BytesIO(text.encode())).links["image"]) == [True]
