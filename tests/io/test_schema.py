"""The canonical schema's evidence columns: present everywhere, missing unless the export says."""

from __future__ import annotations

import pandas as pd
import pytest

from toxicity.schema import EVIDENCE_COLUMNS, LINK_COLUMNS, conform, empty_links, validate_links


def test_evidence_columns_are_canonical_with_their_dtypes() -> None:
    assert EVIDENCE_COLUMNS == {
        "export_spam": "boolean",
        "links_in_group": "float64",
        "in_content": "boolean",
    }
    assert all(LINK_COLUMNS[c] == d for c, d in EVIDENCE_COLUMNS.items())


def test_empty_links_and_conform_leave_evidence_missing() -> None:
    empty = empty_links(2)
    validate_links(empty)
    assert empty[list(EVIDENCE_COLUMNS)].isna().all().all()
    links = conform(pd.DataFrame({"source_url": ["http://a.example/"]}))
    validate_links(links)
    assert pd.isna(links.loc[0, "export_spam"]) and pd.isna(links.loc[0, "in_content"])
    assert pd.isna(links.loc[0, "links_in_group"])  # NaN, never 0


def test_conform_casts_evidence_values() -> None:
    raw = {"export_spam": [True, None], "links_in_group": ["120", ""], "in_content": [False, None]}
    links = conform(pd.DataFrame(raw))
    assert links["export_spam"].tolist() == [True, pd.NA]
    assert links["links_in_group"].iloc[0] == 120.0 and pd.isna(links["links_in_group"].iloc[1])
    assert links["in_content"].tolist() == [False, pd.NA]
    validate_links(links)


def test_validate_links_names_a_missing_evidence_column() -> None:
    with pytest.raises(ValueError, match="links_in_group"):
        validate_links(empty_links(1).drop(columns="links_in_group"))
