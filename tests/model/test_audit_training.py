"""An audit folder is training data: score, review, train on the folder, score the next export with the model.

``toxicity score -o DIR`` keeps the link records (``records.parquet``) beside the review sheet, so a
reviewed folder teaches the model anchors, context and metrics, not host names only.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from toxicity.cli import cli
from toxicity.errors import InputFileError, ReviewSheetError
from toxicity.model.labels import (
    AUDIT_FOLDER,
    INPUT_COLUMN,
    REVIEW_SHEET,
    link_labels,
    read_labeled,
    read_labeled_set,
)
from toxicity.model.profiles import SimulatedProfile, simulate_profile, write_ahrefs_export
from toxicity.schema import LINK_COLUMNS, conform


def _fill_review(path: Path, decide: dict[str, str]) -> int:
    """Write decisions into review.csv as a spreadsheet saves it; returns how many rows were decided."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    d_col, dec_col = header.index("domain"), header.index("decision")
    n = 0
    for row in rows[1:]:
        if row[d_col] in decide:
            row[dec_col] = decide[row[d_col]]
            n += 1
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    return n


@pytest.fixture(scope="module")
def profile() -> SimulatedProfile:
    return simulate_profile(seed=3, natural=60, attacks={"pbn": 12, "negative_seo": 30, "comment_spam": 15})


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory, profile: SimulatedProfile) -> Path:
    """A scored audit folder whose review.csv carries the simulation's truth as decisions."""
    root = tmp_path_factory.mktemp("agency")
    export = root / "ahrefs-2025.tsv"
    write_ahrefs_export(profile, export)
    out = root / "audit-2025"
    result = CliRunner().invoke(
        cli,
        [
            "score",
            str(export),
            "--site",
            profile.site,
            "--topic",
            profile.topic,
            "--no-plots",
            "-q",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    truth = dict(zip(profile.truth["domain"], profile.truth["toxic"]))
    decided = _fill_review(out / "review.csv", {d: "disavow" if t else "keep" for d, t in truth.items()})
    assert decided > 50
    return out


def test_score_writes_records_that_round_trip_types(audit: Path, profile: SimulatedProfile) -> None:
    records = pd.read_parquet(audit / "records.parquet")
    assert list(records.columns[: len(LINK_COLUMNS)]) == list(LINK_COLUMNS)
    wrong = {c: str(records[c].dtype) for c, d in LINK_COLUMNS.items() if str(records[c].dtype) != d}
    assert wrong == {}
    # What read_exports returned, value for value: nullable flags, dates and missing values included.
    pd.testing.assert_frame_equal(records[list(LINK_COLUMNS)], conform(profile.links)[list(LINK_COLUMNS)])
    assert records["first_seen"].notna().any()
    assert not list(audit.glob(".records.parquet.*"))  # no temporary file left beside it


def test_score_refuses_to_overwrite_records_without_force(tmp_path: Path) -> None:
    export = Path(__file__).resolve().parents[2] / "examples" / "ahrefs_backlinks.tsv"
    (tmp_path / "records.parquet").write_bytes(b"mine")
    result = CliRunner().invoke(cli, ["score", str(export), "--no-plots", "-q", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "records.parquet" in result.output and "--force" in result.output
    assert (tmp_path / "records.parquet").read_bytes() == b"mine"
    forced = CliRunner().invoke(
        cli, ["score", str(export), "--no-plots", "-q", "--force", "-o", str(tmp_path)]
    )
    assert forced.exit_code == 0, forced.output
    assert len(pd.read_parquet(tmp_path / "records.parquet")) == 377


def test_folder_labels_every_link_with_its_domain_decision(audit: Path, profile: SimulatedProfile) -> None:
    data = read_labeled_set([audit])
    assert [(i.kind, i.name, i.sheet, i.site, i.topic) for i in data.inputs] == [
        (AUDIT_FOLDER, "audit-2025/", "review.csv", profile.site, profile.topic)
    ]
    truth = dict(zip(profile.truth["domain"], profile.truth["toxic"].astype(int)))
    expected = data.links["source_domain"].map(truth).to_numpy()
    assert len(data.links) == len(profile.links)
    np.testing.assert_array_equal(data.labels, expected)
    assert set(data.sources) == {"audit-2025/"}
    # Link-level data came along: not a URL-only record set.
    assert data.links["anchor"].notna().mean() > 0.9
    links, labels, sources = read_labeled([audit])
    assert INPUT_COLUMN not in links.columns and len(links) == len(labels) == len(sources)


def test_folder_features_are_the_features_of_scoring(audit: Path, profile: SimulatedProfile) -> None:
    from toxicity.features import build_features

    data = read_labeled_set([audit])
    got = data.featurizer()(data.links)
    want = build_features(conform(profile.links), site=profile.site, topic=profile.topic)
    pd.testing.assert_frame_equal(got[want.columns].reset_index(drop=True), want.reset_index(drop=True))


def test_url_rows_outweigh_their_domain() -> None:
    links = conform(
        pd.DataFrame(
            {
                "source_url": ["http://a.spam.com/x", "http://b.com/1", "http://b.com/2", "http://c.org/"],
                "source_domain": ["spam.com", "b.com", "b.com", "c.org"],
            }
        )
    )
    decisions = {
        ("domain", "spam.com"): "disavow",
        ("domain", "b.com"): "disavow",
        ("url", "http://b.com/2"): "keep",
    }
    assert link_labels(links, decisions).tolist() == [1, 1, 0, -1]


def test_train_on_folder_learns_link_level_and_scores_the_next_export(
    audit: Path, profile: SimulatedProfile, tmp_path: Path
) -> None:
    runner = CliRunner()
    model = tmp_path / "models" / "mine"
    trained = runner.invoke(cli, ["train", str(audit), "-o", str(model), "-q"])
    assert trained.exit_code == 0, trained.output
    assert "domain names only" not in trained.output
    card = json.loads((model / "card.json").read_text())
    families = card["params"]["feature_families"]
    # The catalogue files source metrics under "context" (link context and the linking site's measures).
    assert {"anchor", "context"} <= set(families) and "domain_rating" in families["context"]
    learned = card["training_data"]["families_with_data"]
    assert learned["anchor"] > 0.9 and learned["metrics"] > 0.9 and learned["context"] > 0.5
    [entry] = card["training_data"]["inputs"]
    assert entry["kind"] == AUDIT_FOLDER and entry["review_sheet"] == "review.csv"
    assert entry["labeled"] == len(profile.links)
    assert entry["families_with_data"] == learned
    assert card["training_data"]["input_kinds"] == [AUDIT_FOLDER]

    # The next export, scored with the learned model, the decisions carried over from the reviewed sheet.
    export = tmp_path / "ahrefs-2026.tsv"
    write_ahrefs_export(profile, export)
    nxt = tmp_path / "audit-2026"
    scored = runner.invoke(
        cli,
        [
            "score",
            str(export),
            "--site",
            profile.site,
            "--model",
            str(model),
            "--previous",
            str(audit / "review.csv"),
            "--no-plots",
            "-q",
            "-o",
            str(nxt),
        ],
    )
    assert scored.exit_code == 0, scored.output
    assert "with model 'mine'" in scored.output
    with (nxt / "review.csv").open(encoding="utf-8-sig", newline="") as fh:
        carried = {r["domain"]: r["decision"] for r in csv.DictReader(fh)}
    truth = dict(zip(profile.truth["domain"], profile.truth["toxic"]))
    assert {d: carried[d] for d in truth} == {d: "disavow" if t else "keep" for d, t in truth.items()}
    # The new folder is training data as well: retraining on the grown set is one command.
    both = read_labeled_set([audit, nxt])
    assert [i.name for i in both.inputs] == ["audit-2025/", "audit-2026/"]
    assert len(both.links) == 2 * len(profile.links)

    # The folder evaluates at link level, with the model's own learned host columns, as scoring does.
    on_folder = runner.invoke(cli, ["evaluate", str(audit), "--model", str(model)])
    assert on_folder.exit_code == 0, on_folder.output
    assert "domain names only" not in on_folder.output and "anchor 100%" in on_folder.output

    # A bare review sheet still works, and says it carries host names only.
    evaluated = runner.invoke(cli, ["evaluate", str(audit / "review.csv"), "--model", str(model)])
    assert evaluated.exit_code == 0, evaluated.output
    assert (
        "review.csv carries domain names only: the model learns from host names; give the audit folder to "
        "learn from anchors, context and metrics" in evaluated.output
    )


def test_folder_without_records_says_how_to_make_one(audit: Path, tmp_path: Path) -> None:
    old = tmp_path / "audit-2023"
    old.mkdir()
    (old / "review.csv").write_bytes((audit / "review.csv").read_bytes())
    result = CliRunner().invoke(cli, ["train", str(old), "-q", "-o", str(tmp_path / "m")])
    assert result.exit_code == 1
    line = result.output.strip()
    assert line.startswith("Error: ") and "\n" not in line and "Traceback" not in line
    assert "no records.parquet" in line and "toxicity score" in line and f"-o {old}" in line
    assert f"give {old / 'review.csv'} to learn from host names only" in line
    with pytest.raises(InputFileError, match="not an audit folder"):
        read_labeled_set([tmp_path])
    (tmp_path / "records.parquet").write_bytes((audit / "records.parquet").read_bytes())
    with pytest.raises(InputFileError, match="no review.csv or review.xlsx"):
        read_labeled_set([tmp_path])
    (tmp_path / "records.parquet").write_bytes(b"not parquet")
    (tmp_path / "review.csv").write_bytes((audit / "review.csv").read_bytes())
    with pytest.raises(InputFileError, match="cannot be read as link records"):
        read_labeled_set([tmp_path])


def test_disagreeing_sheets_are_an_error_naming_domains(audit: Path, tmp_path: Path) -> None:
    folder = tmp_path / "audit"
    folder.mkdir()
    for name in ("records.parquet", "review.csv", "summary.json"):
        (folder / name).write_bytes((audit / name).read_bytes())
    rows = pd.read_csv(folder / "review.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    flipped = rows.copy()
    flipped["decision"] = flipped["decision"].map({"disavow": "keep", "keep": "disavow", "": ""})
    with pd.ExcelWriter(folder / "review.xlsx") as xl:
        flipped.to_excel(xl, sheet_name="review", index=False)
    with pytest.raises(ReviewSheetError, match="review.csv and review.xlsx disagree") as err:
        read_labeled_set([folder])
    assert str(rows["domain"].iloc[0])[:20] in str(err.value) or "more" in str(err.value)

    # Sheets that agree: the one modified last is used, and says so.
    with pd.ExcelWriter(folder / "review.xlsx") as xl:
        rows.to_excel(xl, sheet_name="review", index=False)
    past = (folder / "review.csv").stat().st_mtime - 100
    os.utime(folder / "review.csv", (past, past))
    data = read_labeled_set([folder])
    assert data.inputs[0].sheet == "review.xlsx"


def test_mixed_inputs_keep_their_kind(audit: Path) -> None:
    data = read_labeled_set([audit, audit / "review.csv"])
    assert [i.kind for i in data.inputs] == [AUDIT_FOLDER, REVIEW_SHEET]
    assert len(data.notes()) == 1 and data.notes()[0].startswith("review.csv carries domain names only")
    assert data.links[INPUT_COLUMN].tolist() == [0] * data.inputs[0].rows + [1] * data.inputs[1].rows


def test_each_input_is_featurized_in_its_own_context(audit: Path, profile: SimulatedProfile) -> None:
    from toxicity.features import build_features

    data = read_labeled_set([audit, audit / "review.csv"], site="other-site.org", topic="garden furniture")
    assert [(i.site, i.topic) for i in data.inputs] == [
        (profile.site, profile.topic),
        ("other-site.org", "garden furniture"),
    ]
    got = data.featurizer()(data.links)
    sheet_rows = data.links[INPUT_COLUMN].to_numpy() == 1
    want = build_features(
        data.links.loc[sheet_rows].drop(columns=[INPUT_COLUMN]).reset_index(drop=True),
        site="other-site.org",
        topic="garden furniture",
    )
    pd.testing.assert_frame_equal(got.loc[sheet_rows, want.columns].reset_index(drop=True), want)
    # Frames without the input column (the shipped set of --base default) are built as they are.
    plain = data.links.loc[sheet_rows].drop(columns=[INPUT_COLUMN]).reset_index(drop=True)
    pd.testing.assert_frame_equal(
        data.featurizer()(plain, site="other-site.org", topic="garden furniture"), want
    )


def test_folder_pages_are_its_fetched_pages(audit: Path, tmp_path: Path) -> None:
    from toxicity.fetch import write_pages
    from toxicity.fetch.pages import pages_frame

    folder = tmp_path / "audit-fetched"
    (folder / "pages").mkdir(parents=True)
    for name in ("records.parquet", "review.csv", "summary.json"):
        (folder / name).write_bytes((audit / name).read_bytes())
    urls = pd.read_parquet(audit / "records.parquet")["source_url"].drop_duplicates().tolist()[:10]
    rows = [
        {"source_url": u, "fetch_status": "ok", "http_status": 200, "link_present": True, "link_hidden": True,
         "injected_block": True, "outbound_domains": 30.0, "word_count": 400.0}
        for u in urls
    ]  # fmt: skip
    write_pages(pages_frame(rows), folder / "pages" / "pages.csv")
    data = read_labeled_set([folder])
    assert data.pages is not None and set(data.pages["source_url"]) == set(urls)
    features = data.featurizer()(data.links)
    fetched = data.links["source_url"].isin(urls).to_numpy()
    assert (features.loc[fetched, "page_injected_block"] == 1).all()
    assert features.loc[~fetched, "page_injected_block"].fillna(0).eq(0).all()
