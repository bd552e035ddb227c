"""The audit job: a small model trained here, then score_links on hand-made link records."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from toxicity.audit import BANDS, DOMAIN_OUTPUT_COLUMNS, HOST_ONLY_NOTE, LINK_OUTPUT_COLUMNS, score_links
from toxicity.features import build_features, model_features
from toxicity.model import ModelCard, RiskModel, save_model
from toxicity.schema import conform

SITE = "crumbandcrust.com"


def _records(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    from toxicity.domains import domains_of, hosts_of

    frame["source_host"] = hosts_of(frame["source_url"])
    frame["source_domain"] = domains_of(frame["source_host"])
    if "target_url" not in frame.columns:
        frame["target_url"] = f"https://{SITE}/"
    return conform(frame)


def _training_links(n: int = 600, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Spammy hosts with money anchors (toxic) against recipe blogs with brand anchors (clean)."""
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    for i in range(n):
        toxic = i % 2 == 0
        if toxic:
            url = f"http://best-casino-loans{i}.xyz/links/page{i}"
            anchor = rng.choice(["cheap bread online", "buy sourdough now", "casino bonus"])
            dr = rng.uniform(0, 15)
        else:
            url = f"https://homebaker{i}.com/recipes/sourdough-{i}"
            anchor = rng.choice(["Crumb and Crust", "crumbandcrust.com", "this recipe"])
            dr = rng.uniform(20, 70)
        rows.append(
            {"source_url": url, "anchor": anchor, "domain_rating": dr, "target_url": f"https://{SITE}/"}
        )
        labels.append(int(toxic))
    return _records(rows), np.asarray(labels)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    links, y = _training_links()
    X = build_features(links, site=SITE, topic="bread baking recipes")[model_features()]
    est = RiskModel(n_estimators=60, min_child_samples=5).fit(X, y)
    card = ModelCard(name="test", thresholds={"medium": 40.0, "high": 70.0})
    return save_model(est, tmp_path_factory.mktemp("model"), card)


def test_score_links_columns_order_and_bands(model_dir: Path) -> None:
    links = _records(
        [
            {
                "source_url": "http://best-casino-loans9001.xyz/links/a",
                "anchor": "casino bonus",
                "domain_rating": 3.0,
            },
            {
                "source_url": "https://homebaker77.com/recipes/rye",
                "anchor": "Crumb and Crust",
                "domain_rating": 55.0,
            },
            {
                "source_url": "https://homebaker77.com/recipes/spelt",
                "anchor": "this recipe",
                "domain_rating": 55.0,
            },
        ]
    )
    audit = score_links(links, model=str(model_dir), site=SITE, topic="bread baking recipes")
    assert list(audit.links.columns) == list(LINK_OUTPUT_COLUMNS)
    assert list(audit.domains.columns) == list(DOMAIN_OUTPUT_COLUMNS)
    assert audit.links["source_url"].tolist() == links["source_url"].tolist()
    assert set(audit.links["band"]) <= set(BANDS)
    spam, good = audit.links["risk"].iloc[0], audit.links["risk"].iloc[1]
    assert spam > good
    assert audit.links["reasons"].str.len().gt(0).all()
    # Two referring domains; the blog's two links roll up into one row.
    assert sorted(audit.domains["domain"]) == ["best-casino-loans9001.xyz", "homebaker77.com"]
    assert audit.domains.set_index("domain").loc["homebaker77.com", "links"] == 2
    assert audit.domains["risk"].is_monotonic_decreasing
    assert not audit.host_only


def test_host_only_scores_are_never_high_without_hard_signal(model_dir: Path) -> None:
    links = _records(
        [
            {"source_url": "http://best-casino-loans12345.xyz/links/x"},
            {"source_url": "https://homebaker5.com/"},
        ]
    )
    audit = score_links(links, model=str(model_dir), site=SITE, topic="bread baking recipes")
    assert audit.host_only
    assert all(HOST_ONLY_NOTE in r for r in audit.links["reasons"])
    hard = audit.features[["listed_any", "off_topic_category", "off_topic_spam"]].fillna(0).gt(0).any(axis=1)
    assert not (audit.links["band"].eq("high") & ~hard).any()
    assert (audit.links["confidence"] < 30).all()


def test_audited_site_is_never_suggested_for_disavow(model_dir: Path) -> None:
    links = _records(
        [{"source_url": f"http://{SITE}/links/casino", "anchor": "casino bonus", "domain_rating": 1.0}]
    )
    audit = score_links(links, model=str(model_dir), site=SITE)
    assert audit.domains.loc[0, "suggestion"] == "keep"
    assert audit.domains.loc[0, "reasons"] == "the audited site itself"


def _pages(rows: list[dict[str, object]]) -> pd.DataFrame:
    from toxicity.fetch.pages import pages_frame

    return pages_frame(rows)


def test_fetched_pages_add_reasons_hard_signals_and_gone_links(model_dir: Path) -> None:
    pytest.importorskip("httpx")
    links = _records(
        [
            {"source_url": "https://homebaker1.com/recipes/rye"},  # page shows a hacked block of spam links
            {"source_url": "https://homebaker2.com/recipes/spelt"},  # the link is gone from the page
            {"source_url": "https://homebaker3.com/recipes/oat"},  # fetch failed: unknown, not clean
            {"source_url": "https://homebaker4.com/recipes/corn"},  # not fetched at all
        ]
    )
    pages = _pages(
        [
            {
                "source_url": "https://homebaker1.com/recipes/rye",
                "fetch_status": "ok",
                "link_present": True,
                "injected_block": True,
                "link_hidden": True,
                "link_hidden_by": "display:none",
            },
            {
                "source_url": "https://homebaker2.com/recipes/spelt",
                "fetch_status": "ok",
                "link_present": False,
            },
            {"source_url": "https://homebaker3.com/recipes/oat", "fetch_status": "timeout"},
        ]
    )
    audit = score_links(links, model=str(model_dir), site=SITE, topic="bread baking recipes", pages=pages)
    r = audit.links["reasons"].tolist()
    assert r[0].startswith("page has a hidden block of links to spam sites (hacked-site marker)")
    assert "link hidden in a display:none block" in r[0]
    assert audit.links["band"].iloc[0] in ("medium", "high")  # a hard page signal is never left low
    assert r[1].startswith("link no longer on the page: nothing to disavow")
    assert "page could not be fetched (timeout)" in r[2] and HOST_ONLY_NOTE in r[2]
    assert (
        "fetched page" in audit.links["coverage"].iloc[0]
        and "fetched page" not in audit.links["coverage"].iloc[2]
    )
    domains = audit.domains.set_index("domain")
    assert domains.loc["homebaker2.com", "suggestion"] == "keep"
    assert domains.loc["homebaker2.com", "reasons"].startswith("every link from this domain is gone")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_links_and_domains_csv_neutralise_every_text_cell_and_keep_numbers(
    model_dir: Path, tmp_path: Path
) -> None:
    import csv

    from toxicity.cells import restore_text
    from toxicity.report.tables import write_csv

    hostile = ["=1+1", "+cmd", "-2", "@SUM(1)", "\t=x", "\r=x"]
    links = _records(
        [
            {
                "source_url": f"http://{c.strip()}@spam{i}.xyz/links",
                "anchor": c,
                "domain_rating": 3.0,
                "target_url": f"{c}https://{SITE}/",
            }
            for i, c in enumerate(hostile)
        ]
    )
    audit = score_links(links, model=str(model_dir), site=SITE)
    numbers = pd.DataFrame(
        {
            "name": hostile,
            "delta": [-1.5, -2, 0, 3, -0.25, -7e-9],
            "count": pd.array([-3, None, 1, 2, -1, 0], dtype="Int64"),
        }
    )
    for name, table in (("links.csv", audit.links), ("domains.csv", audit.domains), ("numbers.csv", numbers)):
        write_csv(table, tmp_path / name)
        rows = list(csv.reader((tmp_path / name).read_text(encoding="utf-8-sig").splitlines()))
        assert len(rows) == len(table) + 1
        for column, cells in zip(rows[0], zip(*rows[1:])):
            if pd.api.types.is_numeric_dtype(table[column]) and not pd.api.types.is_bool_dtype(table[column]):
                # Numbers, negative ones included, are written as numbers, never as neutralised text.
                assert (
                    pd.to_numeric(pd.Series(cells).replace("", None)).notna().sum()
                    == table[column].notna().sum()
                )
            else:
                assert all(cell[:1] not in FORMULA_STARTS for cell in cells), (name, column, cells)
    anchors = [
        r[3] for r in csv.reader((tmp_path / "links.csv").read_text(encoding="utf-8-sig").splitlines()[1:])
    ]
    assert anchors == ["'=1+1", "'+cmd", "'-2", "'@SUM(1)", "' =x", "' =x"]
    assert [restore_text(a) for a in anchors[:4]] == hostile[:4]
    negatives = list(csv.reader((tmp_path / "numbers.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r[1] for r in negatives[1:3]] == ["-1.5", "-2"] and negatives[1][2] == "-3"
