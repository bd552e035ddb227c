"""Model folders are untrusted input: damaged model files and malformed cards give a ModelError, never a
crash.

LightGBM's loader trusts ``model.txt``: a wrong ``tree_sizes``, an array one value short or a split on a
feature that does not exist makes it abort the process or read out of bounds (SIGABRT / SIGSEGV), and a
tree whose nodes point at each other makes prediction loop for ever. The damaged folders below are run in
a subprocess, so that a crash shows as a negative return code and a hang as a timeout instead of taking
the test run down. Each copy has its card's hash updated, as someone editing the file by hand would.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from toxicity.errors import ModelError
from toxicity.model import store
from toxicity.model.estimator import RiskModel
from toxicity.model.store import ModelCard, default_model_path, load_model, save_model

DEFAULT = default_model_path()
TEXT = (DEFAULT / "model.txt").read_text(encoding="ascii")

# Loads a folder, then predicts and explains a few rows (NaN included), as `toxicity score` does.
_CHILD = """
import sys
import numpy as np, pandas as pd
from toxicity.errors import ModelError
from toxicity.model.store import load_model
try:
    model = load_model(sys.argv[1])
except ModelError as exc:
    print(f"Error: {exc}", file=sys.stderr)
    sys.exit(1)
names = list(model.card.feature_names)
X = pd.DataFrame(np.random.default_rng(0).normal(size=(20, len(names))) * 50, columns=names)
X.iloc[0] = np.nan
model.estimator.predict_proba(X)
model.estimator.contributions(X)
print("loaded")
"""


# -- building damaged copies --------------------------------------------------------------------------


def _trees(text: str) -> tuple[str, list[str], str]:
    """(header, tree blocks, what follows the trees), cut where tree_sizes says."""
    sizes = [int(s) for s in re.search(r"^tree_sizes=(.*)$", text, re.MULTILINE).group(1).split()]  # type: ignore[union-attr]
    start = text.index("Tree=0\n")
    blocks, offset = [], start
    for size in sizes:
        blocks.append(text[offset : offset + size])
        offset += size
    return text[:start], blocks, text[offset:]


def _with_trees(header: str, blocks: list[str], trailer: str) -> str:
    """Reassemble with tree_sizes rewritten, as a careful hand edit would: LightGBM then finds every tree."""
    sizes = " ".join(str(len(b)) for b in blocks)
    return (
        re.sub(r"^tree_sizes=.*$", f"tree_sizes={sizes}", header, count=1, flags=re.MULTILINE)
        + "".join(blocks)
        + trailer
    )


def edit_tree(index: int, key: str, change: Callable[[list[str]], list[str]]) -> Callable[[str], str]:
    """An edit of one array (``key``) of tree ``index``; ``change`` maps its values to new ones."""

    def edit(text: str) -> str:
        header, blocks, trailer = _trees(text)
        lines = blocks[index].split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{key}="))
        values = lines[at].partition("=")[2].split(" ")
        lines[at] = f"{key}=" + " ".join(change(values))
        blocks[index] = "\n".join(lines)
        return _with_trees(header, blocks, trailer)

    return edit


def drop_tree_line(index: int, key: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        header, blocks, trailer = _trees(text)
        blocks[index] = "\n".join(
            line for line in blocks[index].split("\n") if not line.startswith(f"{key}=")
        )
        return _with_trees(header, blocks, trailer)

    return edit


def _put(position: int, value: str) -> Callable[[list[str]], list[str]]:
    return lambda values: [value if i == position else v for i, v in enumerate(values)]


def damaged_copy(
    tmp_path: Path,
    edit: Callable[[str], str] | None = None,
    card_edit: Callable[[dict[str, Any]], Any] | None = None,
) -> Path:
    """A copy of the shipped model folder with ``model.txt`` edited and its card's hash updated."""
    folder = tmp_path / "model"
    shutil.copytree(DEFAULT, folder)
    data = (edit(TEXT) if edit else TEXT).encode("latin-1")
    (folder / "model.txt").write_bytes(data)
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    card["model_sha256"] = hashlib.sha256(data).hexdigest()
    if card_edit is not None:
        card_edit(card)
    (folder / "card.json").write_text(json.dumps(card), encoding="utf-8")
    return folder


def _run(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _CHILD, str(folder)], capture_output=True, text=True, timeout=120, check=False
    )


# -- finding 7: damaged model files, in a subprocess ---------------------------------------------------

CRASHING = {
    # Cut in the middle of a tree: LightGBM looks for trees past the end of the text.
    "truncated": lambda text: text[: len(text) // 2],
    # One tree size off by three bytes: LightGBM lands mid-line and aborts on its worker thread.
    "tree_sizes": lambda text: text.replace("tree_sizes=886 ", "tree_sizes=889 ", 1),
    # A split on feature 3000 of 53: an out-of-bounds read at prediction.
    "split_feature": edit_tree(0, "split_feature", _put(0, "3000")),
    # num_leaves says 9, the arrays hold 7 leaves: LightGBM reads past each array.
    "num_leaves": edit_tree(2, "num_leaves", lambda values: ["9"]),
    # A removed line: the tree lacks its right children.
    "removed_line": drop_tree_line(1, "right_child"),
    # A child index beyond the tree.
    "child_out_of_range": edit_tree(0, "left_child", _put(1, "40")),
    # Nodes pointing at each other: prediction never ends.
    "cycle": edit_tree(0, "left_child", _put(1, "1")),
    # A categorical decision type in a tree that has no categories.
    "decision_type": edit_tree(0, "decision_type", _put(0, "1")),
}


@pytest.mark.parametrize("name", sorted(CRASHING))
def test_a_damaged_model_file_gives_a_model_error_not_a_crash(tmp_path: Path, name: str) -> None:
    result = _run(damaged_copy(tmp_path, CRASHING[name]))
    assert result.returncode == 1, (result.returncode, result.stderr[-500:])
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert "the model file is damaged" in lines[0] and "Retrain with 'toxicity train' or restore" in lines[0]


def test_the_shipped_model_and_an_unchanged_copy_load_in_a_subprocess(tmp_path: Path) -> None:
    result = _run(damaged_copy(tmp_path))
    assert (result.returncode, result.stdout.strip()) == (0, "loaded"), result.stderr[-500:]


# -- finding 7: more damage, checked in-process (the check runs before LightGBM sees anything) ----------

REFUSED = {
    "nan_threshold": (edit_tree(3, "threshold", _put(0, "nan")), "tree 3 threshold"),
    "text_leaf_value": (edit_tree(4, "leaf_value", _put(2, "abc")), "tree 4 leaf_value"),
    "infinite_leaf_value": (edit_tree(4, "leaf_value", _put(2, "inf")), "tree 4 leaf_value"),
    "short_array": (edit_tree(5, "leaf_count", lambda v: v[:-1]), "values in leaf_count"),
    "negative_feature": (edit_tree(0, "split_feature", _put(0, "-1")), "feature that does not exist"),
    "linear_tree": (edit_tree(0, "is_linear", lambda v: ["1"]), "categorical or linear"),
    "unknown_tree_line": (edit_tree(0, "shrinkage", lambda v: ["1\ncat_threshold=1"]), "unexpected line"),
    "max_feature_idx": (
        lambda t: t.replace("max_feature_idx=52", "max_feature_idx=5", 1),
        "max_feature_idx 5",
    ),
    "feature_names": (
        lambda t: t.replace("feature_names=label_length", "feature_names=label_size", 1),
        "feature names differ",
    ),
    "objective": (
        lambda t: t.replace("objective=binary sigmoid:1", "objective=multiclass num_class:3", 1),
        "is not binary",
    ),
    "num_class": (lambda t: t.replace("num_class=1", "num_class=3", 1), "not a binary model"),
    "fewer_trees": (
        lambda t: _with_trees(_trees(t)[0], _trees(t)[1][:-1], _trees(t)[2]),
        "trees in tree_sizes but the card says",
    ),
    "header_line": (
        lambda t: t.replace("label_index=0\n", "label_index=0\nlinear_tree=1\n", 1),
        "header line",
    ),
    "parameter_without_colon": (
        lambda t: t.replace("[boosting: gbdt]", "[boosting gbdt]", 1),
        "parameter line",
    ),
    "parameter_quote": (lambda t: t.replace("[boosting: gbdt]", '[boosting: "gbdt]', 1), "parameter line"),
    "linear_tree_parameter": (lambda t: t.replace("[linear_tree: 0]", "[linear_tree: 1]", 1), "linear trees"),
    "pandas_categorical": (
        lambda t: t.replace("pandas_categorical:[]", "pandas_categorical:[[1", 1),
        "pandas_categorical",
    ),
    "line_after_trees": (
        lambda t: t.replace("end of trees\n", "end of trees\nTree=99\n", 1),
        "after the trees",
    ),
    "nul_byte": (lambda t: t.replace("num_leaves=7", "num_leaves=7\0", 1), "NUL"),
    "carriage_returns": (lambda t: t.replace("\n", "\r\n"), "carriage-return"),
    "not_ascii": (lambda t: t.replace("Tree=0", "Tr\xe9e=0", 1), "not ASCII"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_damage_is_named_in_the_model_error(tmp_path: Path, name: str) -> None:
    edit, expected = REFUSED[name]
    with pytest.raises(ModelError) as info:
        load_model(damaged_copy(tmp_path, edit))
    message = str(info.value)
    assert "the model file is damaged" in message and expected in message, message
    assert message.endswith("Retrain with 'toxicity train' or restore the folder from a backup.")


def test_an_oversized_model_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch) -> None:
    folder = damaged_copy(tmp_path)
    monkeypatch.setattr(store, "MAX_MODEL_BYTES", 10_000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"read {self}"))
    with pytest.raises(ModelError, match="larger than 0 MB.*Retrain"):
        load_model(folder)


def test_a_saved_model_with_one_leaf_trees_round_trips(tmp_path: Path) -> None:
    """What save_model writes passes the check, including trees that could not split (one leaf)."""
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.normal(size=300), "b": rng.normal(size=300)})
    y = (X["a"] > 0).astype(int)
    model = RiskModel(n_estimators=20, min_child_samples=200).fit(
        X[:200], y[:200], X_valid=X[200:], y_valid=y[200:]
    )
    text = model.booster_.model_to_string(num_iteration=model.best_iteration_)
    assert "num_leaves=1\n" in text
    folder = save_model(
        model, tmp_path / "m", ModelCard(name="stumps", thresholds={"medium": 40, "high": 70})
    )
    loaded = load_model(folder)
    np.testing.assert_allclose(loaded.estimator.predict_proba(X), model.predict_proba(X))


# -- finding 8: malformed model cards name the field -------------------------------------------------------


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(card: dict[str, Any]) -> None:
        if value is _DELETE:
            del card[key]
        else:
            card[key] = value

    return edit


_DELETE = object()

CARDS = {
    "thresholds_as_text": (_set("thresholds", {"medium": "74", "high": "93"}), "'thresholds.medium'"),
    "thresholds_missing_band": (
        _set("thresholds", {"medium": 74}),
        "'thresholds.high' of the model card is missing",
    ),
    "thresholds_nan": (_set("thresholds", {"medium": math.nan, "high": 93}), "'thresholds.medium'"),
    "thresholds_a_list": (_set("thresholds", [74, 93]), "'thresholds'"),
    "thresholds_unknown_band": (_set("thresholds", {"medium": 74, "high": 93, "hihg": 99}), "unknown bands"),
    "calibration_lengths": (lambda c: c["calibration_y"].pop(), "calibration_y has"),
    "calibration_nan": (lambda c: c["calibration_x"].__setitem__(3, math.nan), "'calibration_x'"),
    "calibration_text": (lambda c: c["calibration_y"].__setitem__(0, "0.1"), "'calibration_y'"),
    "calibration_unordered": (lambda c: c["calibration_x"].reverse(), "increasing order"),
    "calibration_above_one": (lambda c: c["calibration_y"].__setitem__(-1, 7.0), "'calibration_y'"),
    "calibration_empty": (_set("calibration_x", []), "'calibration_x'"),
    "missing_thresholds": (_set("thresholds", _DELETE), "'thresholds' of the model card is missing"),
    "missing_feature_names": (_set("feature_names", _DELETE), "'feature_names' of the model card is missing"),
    "missing_calibration": (_set("calibration_y", _DELETE), "'calibration_y' of the model card is missing"),
    "missing_best_iteration": (
        _set("best_iteration", _DELETE),
        "'best_iteration' of the model card is missing",
    ),
    "feature_names_a_text": (_set("feature_names", "label_length"), "'feature_names'"),
    "feature_names_twice": (lambda c: c["feature_names"].__setitem__(1, c["feature_names"][0]), "twice"),
    "feature_name_with_space": (
        lambda c: c["feature_names"].__setitem__(0, "label length"),
        "'feature_names'",
    ),
    "best_iteration_text": (_set("best_iteration", "33"), "'best_iteration'"),
    "best_iteration_bool": (_set("best_iteration", True), "'best_iteration'"),
    "metrics_a_list": (_set("metrics", []), "'metrics'"),
    "training_data_a_list": (_set("training_data", ["rows"]), "'training_data'"),
    "per_source_rows": (lambda c: c["metrics"]["per_source"][0].pop("side"), "'metrics.per_source[0]'"),
    "simulated_numbers": (_set("simulated", [1, 2]), "'simulated'"),
    "name_empty": (_set("name", ""), "'name'"),
    "sha_not_hex": (_set("model_sha256", 42), "'model_sha256'"),
}


@pytest.mark.parametrize("name", sorted(CARDS))
def test_a_malformed_card_gives_a_model_error_naming_the_field(tmp_path: Path, name: str) -> None:
    card_edit, expected = CARDS[name]
    folder = damaged_copy(tmp_path, card_edit=card_edit)
    with pytest.raises(ModelError) as info:
        load_model(folder)
    message = str(info.value)
    assert message.startswith(f"{folder / 'card.json'}: ") and expected in message, message
    assert "Retrain with 'toxicity train'" in message


@pytest.mark.parametrize("top", ["[1, 2]", '"card"', "null"])
def test_a_card_that_is_not_an_object(tmp_path: Path, top: str) -> None:
    folder = damaged_copy(tmp_path)
    (folder / "card.json").write_text(top, encoding="utf-8")
    with pytest.raises(ModelError, match="not a JSON object"):
        load_model(folder)


# -- finding 9: band thresholds are checked at load time ---------------------------------------------------


@pytest.mark.parametrize(
    "thresholds, expected",
    [
        ({"medium": 90, "high": 10}, "medium at or below high (found medium 90, high 10)"),
        ({"medium": 0.3, "high": 0.6}, "look like probabilities"),
        ({"medium": 74, "high": 150}, "risk scale 0-100"),
        ({"medium": -5, "high": 93}, "risk scale 0-100"),
    ],
)
def test_card_thresholds_must_be_ordered_risks(tmp_path: Path, thresholds: dict, expected: str) -> None:
    folder = damaged_copy(tmp_path, card_edit=_set("thresholds", thresholds))
    with pytest.raises(ModelError, match="field 'thresholds' of the model card") as info:
        load_model(folder)
    assert expected in str(info.value)


def test_equal_thresholds_are_accepted(tmp_path: Path) -> None:
    # choose_thresholds lifts high to medium when the clean rows allow no gap between them.
    folder = damaged_copy(tmp_path, card_edit=_set("thresholds", {"medium": 60, "high": 60}))
    assert load_model(folder).card.thresholds == {"medium": 60.0, "high": 60.0}
