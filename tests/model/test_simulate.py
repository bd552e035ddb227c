"""Simulated link context: real fields stay real, simulated ones overlap, hiding blanks to missing."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toxicity.model.simulate import (
    ASSUMPTIONS,
    COLUMN_GROUPS,
    hide_columns,
    real_link_records,
    simulate_context,
)
from toxicity.schema import LINK_COLUMNS, validate_links


def _domains(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "domain": [f"site{i}.com" for i in range(n)],
            "host": [f"blog.site{i}.com" if i % 3 == 0 else "" for i in range(n)],
        }
    )


def test_real_fields_are_the_domain_and_nothing_else() -> None:
    links = real_link_records(_domains(6))
    validate_links(links)
    assert links["source_host"].tolist()[:2] == ["blog.site0.com", "site1.com"]
    assert links["source_url"].tolist()[1] == "http://site1.com/"
    simulated = [
        c
        for c in LINK_COLUMNS
        if c not in ("source_url", "source_host", "source_domain", "target_url", "source_format", "links")
    ]
    assert links[simulated].isna().all().all()


def test_simulated_context_overlaps_between_classes() -> None:
    n = 4000
    y = np.array([0, 1] * (n // 2))
    links = simulate_context(_domains(n), y, seed=1)
    validate_links(links)
    assert links["source_host"].tolist() == real_link_records(_domains(n))["source_host"].tolist()
    brand = links["anchor"].str.contains("Example Bakery", case=False).to_numpy(dtype=bool)
    money = links["anchor"].str.contains("bread|cake|bakery near", case=True).to_numpy(dtype=bool)
    for mask in (brand, money):  # both kinds occur on both sides
        assert mask[y == 1].mean() > 0.05 and mask[y == 0].mean() > 0.05
    dr_t, dr_c = links["domain_rating"][y == 1], links["domain_rating"][y == 0]
    assert dr_t.mean() < dr_c.mean() and (dr_t > dr_c.median()).mean() > 0.2
    assert links["language"].isna().all() and links["first_seen"].isna().all()
    assert simulate_context(_domains(50), y[:50], seed=1).equals(
        simulate_context(_domains(50), y[:50], seed=1)
    )
    assert len(ASSUMPTIONS) >= 5


def test_hiding_blanks_whole_groups_to_missing() -> None:
    y = np.array([0, 1] * 500)
    links = hide_columns(simulate_context(_domains(1000), y, seed=2), seed=3)
    gsc = links["source_format"] == "gsc"
    assert gsc.any()
    cols = [c for group in COLUMN_GROUPS.values() for c in group]
    assert links.loc[gsc, cols].isna().all().all()
    assert links["source_host"].notna().all()
    for group, cols in COLUMN_GROUPS.items():
        present = links[list(cols)].notna()
        assert (present.all(axis=1) | (~present).all(axis=1)).all(), group  # a group is kept or blanked whole
    assert (links["domain_rating"] == 0).sum() < 20  # blanked means missing, not zero
