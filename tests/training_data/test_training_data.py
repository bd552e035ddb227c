"""Checks on the committed training set in ``training_data/`` (built by ``tools/build_training_data.py``).

These tests read only files in the repository, never ``../shared``: they guard the committed data against
hand edits, partial rebuilds and regressions of the builder's guarantees (schema, one owner per unit,
grouped sources, conflicts removed, small sites on the clean side, manifest and hashes in step).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from toxicity.domains import is_private_suffix_host, is_public_suffix, normalise_host, registrable_domain

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "training_data"
KINDS_TOXIC = {
    "community_disavow",
    "site_disavow",
    "referrer_spam",
    "pbn_operator",
    "seo_spam",
    "spamdexing",
    "content_farm",
    "wiki_spam_blacklist",
}
KINDS_CLEAN = {"popular", "ordinary_small_site"}


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((DATA / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pd.read_csv(DATA / "domains.csv.gz", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def conflicts() -> pd.DataFrame:
    return pd.read_csv(DATA / "conflicts.csv", dtype=str, keep_default_na=False)


def test_files_match_manifest_hashes_and_stay_small(manifest: dict) -> None:
    for name, info in manifest["files"].items():
        blob = (DATA / name).read_bytes()
        assert hashlib.sha256(blob).hexdigest() == info["sha256"], f"{name} changed since the build"
        assert len(blob) == info["bytes"]
    total = sum((DATA / n).stat().st_size for n in manifest["files"])
    assert total < 5_000_000, "training data should stay far below the 50 MB budget"


def test_schema(table: pd.DataFrame, manifest: dict) -> None:
    assert list(table.columns) == manifest["columns"]
    assert len(table) == manifest["rows"]
    assert set(table["label"]) == {"0", "1"}
    assert set(table["is_platform"]) <= {"0", "1"}
    assert set(table["ordinary_small_site"]) <= {"0", "1"}
    assert set(table["audit_holdout"]) <= {"0", "1"}
    assert (table["domain"] != "").all() and (table["source"] != "").all()


def test_counts_match_manifest(table: pd.DataFrame, conflicts: pd.DataFrame, manifest: dict) -> None:
    counts = manifest["counts"]
    assert table["label"].value_counts().to_dict() == counts["label"]
    assert table["source"].value_counts().to_dict() == counts["source"]
    assert table["source_group"].value_counts().to_dict() == counts["source_group"]
    assert table["kind"].value_counts().to_dict() == counts["kind"]
    assert (table["ordinary_small_site"] == "1").sum() == counts["ordinary_small_site"]
    assert (table["audit_holdout"] == "1").sum() == counts["audit_holdout"]
    assert len(conflicts) == manifest["conflict_rows"]
    assert conflicts["resolution"].value_counts().to_dict() == counts["conflict_resolution"]


def test_units_are_normalised_registrable_domains_or_hosts_below_them(table: pd.DataFrame) -> None:
    for domain, host, platform in table[["domain", "host", "is_platform"]].itertuples(index=False):
        name = host or domain
        assert normalise_host(name) == name
        assert registrable_domain(name) == domain, name
        assert not is_public_suffix(name), f"{name} is a suffix, not a site"
        assert platform == str(int(is_private_suffix_host(name)))
        if host:
            assert host.endswith("." + domain) and not host.startswith("www.")


def test_one_row_per_unit_and_never_on_both_sides(table: pd.DataFrame, conflicts: pd.DataFrame) -> None:
    keys = table["domain"] + "|" + table["host"]
    assert keys.is_unique
    dropped = set(conflicts["domain"] + "|" + conflicts["host"])
    assert not dropped & set(keys), "a unit listed in conflicts.csv is still in the training set"


def test_conflicts_have_reasons(conflicts: pd.DataFrame) -> None:
    assert set(conflicts["resolution"]) <= {
        "dropped_from_both",
        "dropped_from_toxic",
        "dropped_from_clean",
        "dropped_suffix",
    }
    assert (conflicts["reason"] != "").all()
    both = conflicts[conflicts["resolution"] == "dropped_from_both"]
    assert (both["toxic_sources"] != "").all()
    assert ((both["clean_sources"] != "") | (both["popularity_rank"] != "")).all()
    clean = conflicts[conflicts["resolution"] == "dropped_from_clean"]
    assert (clean["risky_categories"] != "").all() and (clean["toxic_sources"] == "").all()


def test_sources_groups_and_kinds_are_consistent(table: pd.DataFrame) -> None:
    assert (table.groupby("source")["source_group"].nunique() == 1).all(), "a list spans two CV groups"
    assert (table.groupby("source_group")["label"].nunique() == 1).all(), "a CV group mixes labels"
    assert (table["all_sources"].str.split(";").str[0] == table["source"]).all()
    assert set(table.loc[table["label"] == "1", "kind"]) <= KINDS_TOXIC
    assert set(table.loc[table["label"] == "0", "kind"]) <= KINDS_CLEAN
    referrer = table[
        table["source"].str.startswith("referrer:") | (table["source"] == "disavow:mitchellkrogza")
    ]
    assert set(referrer["source_group"]) == {"referrer_spam"}, "overlapping referrer lists must share a group"
    assert table["source_group"].nunique() >= 10


def test_popularity_and_ordinary_small_sites(table: pd.DataFrame) -> None:
    clean = table[table["label"] == "0"]
    toxic = table[table["label"] == "1"]
    assert (toxic["popularity_rank"] == "").all(), "popular toxic-listed sites must be resolved as conflicts"
    assert (
        clean["ordinary_small_site"] == (clean["popularity_rank"] == "").map({True: "1", False: "0"})
    ).all()
    assert (toxic["ordinary_small_site"] == "0").all()
    assert (clean["kind"] == "popular").equals(clean["popularity_rank"] != "")
    assert (clean["ordinary_small_site"] == "1").mean() > 0.75, "the clean side must be mostly small sites"
    small_groups = clean.loc[clean["ordinary_small_site"] == "1", "source_group"].value_counts()
    assert (small_groups >= 100).sum() >= 8, "small sites must come from many UT1 categories"
    assert clean["source"].value_counts(normalize=True).max() < 0.2, "one clean list dominates"
    assert {"ut1_blog", "ut1_press", "ut1_sports", "ut1_shopping"} <= set(clean["source_group"])


def test_weights_cap_each_group(table: pd.DataFrame, manifest: dict) -> None:
    w = table["weight"].astype(float)
    assert ((w > 0) & (w <= 1)).all()
    cap = manifest["parameters"]["group_weight_cap"]
    sums = w.groupby(table["source_group"]).sum()
    assert (sums <= cap + 0.01).all(), (
        "weights are rounded to 6 decimals; sums may exceed the cap by rounding only"
    )


def test_audit_holdout_is_the_site_disavow_files(table: pd.DataFrame) -> None:
    hold = table[table["audit_holdout"] == "1"]
    assert len(hold) > 0
    assert (hold["kind"] == "site_disavow").all() and (hold["label"] == "1").all()
    assert (hold["source"].str.startswith("disavow:site:")).all()
    assert ((table["kind"] == "site_disavow") == (table["audit_holdout"] == "1")).all()


def test_datasheet_and_licence(manifest: dict) -> None:
    sheet = (DATA / "DATASHEET.md").read_text(encoding="utf-8")
    for section in (
        "## What a label means",
        "## Sources",
        "## Counts",
        "## Overlaps between lists",
        "## Conflicts and list errors",
        "## Known biases (measured)",
        "## Audit-like hold-out",
        "## Licence and attribution",
        "## Simulated link context",
    ):
        assert section in sheet, section
    assert "<!-- BEGIN simulated-link-context" in sheet and "<!-- END simulated-link-context -->" in sheet
    assert f"{manifest['rows']:,} labeled units" in sheet
    assert "domain-level list memberships" in sheet and "no matching accepted set" in sheet
    licence = (DATA / "LICENSE.md").read_text(encoding="utf-8")
    for needle in (
        "CC BY-SA 4.0",
        "ShareAlike",
        "Université Toulouse 1",
        "Spam blacklist",
        "Majestic Million",
        "CC BY 3.0",
    ):
        assert needle in licence, needle


@pytest.fixture()
def tools_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """``tools/`` on the import path, as when ``tools/build_training_data.py`` runs as a script."""
    monkeypatch.syspath_prepend(str(ROOT / "tools"))


def _entry_point():
    spec = importlib.util.spec_from_file_location(
        "build_training_data", ROOT / "tools/build_training_data.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_entry_point_refuses_a_folder_without_the_lists(tools_on_path: None, tmp_path: Path, capsys) -> None:
    assert _entry_point().main(["--data", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "no labels/ and reference/ folders" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_builder_units_and_readers(tools_on_path: None, tmp_path: Path) -> None:
    b = importlib.import_module("training_set.lists")
    shared = frozenset({"fc2.com", "google.com"})
    assert b.unit_of("www.example.co.uk", shared) == ("example.co.uk", "")
    assert b.unit_of("fr.scraper.example.com", shared) == ("example.com", "")
    assert b.unit_of("spam.fc2.com", shared) == ("fc2.com", "spam.fc2.com")
    # wordpress.com is a platform (toxicity/data/platforms.txt): its blogs are registrable domains of their
    # own
    assert b.unit_of("spam.wordpress.com", shared) == ("spam.wordpress.com", "")
    assert b.unit_of("x.blogspot.com", shared) == ("x.blogspot.com", "")
    assert b.unit_of("www.gov.cn", shared) == ("www.gov.cn", "")
    f = tmp_path / "d.txt"
    f.write_text("# c\ndomain:Spam.EXAMPLE.com\nhttps://bad.example.org/page\n\n", encoding="utf-8")
    assert list(b.read_disavow(f)) == ["Spam.EXAMPLE.com", "bad.example.org"]
    f.write_text("0.0.0.0 a.example\nb.example # note\n*://c.example/*\n", encoding="utf-8")
    assert list(b.read_hosts(f))[:2] == ["a.example", "b.example"]
    assert list(b.read_match_patterns(f)) == ["c.example"]
