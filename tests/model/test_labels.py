"""Label parsing: spellings, undecided rows, unreadable values and one-class sets."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from toxicity.errors import LabelError
from toxicity.model.labels import CLEAN_WORDS, TOXIC_WORDS, UNLABELED_WORDS, parse_labels


def test_common_spellings() -> None:
    got = parse_labels(
        ["1", "0", "toxic", "clean", "Disavow", " keep ", "TRUE", "false", "", None, 1, 0.0, True]
    )
    assert got.tolist() == [1, 0, 1, 0, 1, 0, 1, 0, -1, -1, 1, 0, 1]


def test_unreadable_label_names_file_and_values() -> None:
    with pytest.raises(
        LabelError, match=r"^audit\.csv: 1 label\(s\) cannot be read, e\.g\. 'maybe'\. Use 1/0"
    ):
        parse_labels(["toxic", "maybe", "clean"], source="audit.csv")


def test_one_class_is_refused_unless_added_to_a_base() -> None:
    with pytest.raises(LabelError, match="all 2 labeled rows are toxic"):
        parse_labels(["toxic", "disavow", ""], source="a.csv")
    assert parse_labels(["toxic", ""], require_both=False).tolist() == [1, -1]


def test_no_label_at_all() -> None:
    with pytest.raises(LabelError, match="no row has a label"):
        parse_labels(["", None], require_both=False)


@given(
    st.lists(st.sampled_from(sorted(TOXIC_WORDS | CLEAN_WORDS | UNLABELED_WORDS)), min_size=1, max_size=30),
    st.booleans(),
)
def test_every_known_spelling_maps_to_its_class(words: list[str], upper: bool) -> None:
    raw = [w.upper() if upper else w for w in words]
    got = (
        parse_labels(raw, require_both=False) if any(w in TOXIC_WORDS | CLEAN_WORDS for w in words) else None
    )
    if got is None:
        return
    expected = np.array([1 if w in TOXIC_WORDS else 0 if w in CLEAN_WORDS else -1 for w in words])
    assert (got == expected).all()
