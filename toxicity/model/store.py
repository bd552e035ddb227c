"""Model folders: a LightGBM text model plus a JSON model card. No pickle.

A model folder holds

``model.txt``
    LightGBM's own text format (trees only; it cannot run code when read).
``card.json``
    The model card: format version, package versions, feature names, calibration, band thresholds,
    metrics, training-data hash, what in the training data is simulated, and the SHA-256 of
    ``model.txt``.

:func:`load_model` treats the folder as untrusted input: it checks the card's format version, the
hash of the model file and the feature names before building anything, and raises
:class:`~toxicity.errors.ModelError` with the fix when something does not match.
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import asdict, dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np

from toxicity import __version__
from toxicity.errors import ModelError
from toxicity.files import atomic_file
from toxicity.model.estimator import RiskModel

#: Bumped whenever the card or folder layout changes incompatibly.
FORMAT_VERSION = 1
MODEL_FILE = "model.txt"
CARD_FILE = "card.json"


@dataclass
class ModelCard:
    """What a model is, how it was trained and how well it did. Serialised as ``card.json``."""

    name: str
    thresholds: dict[str, float]
    # Filled from the fitted model by save_model, so a card can never disagree with its model.
    feature_names: list[str] = field(default_factory=list)
    calibration_x: list[float] = field(default_factory=list)
    calibration_y: list[float] = field(default_factory=list)
    best_iteration: int = 0
    metrics: dict[str, Any] = field(default_factory=dict)
    training_data: dict[str, Any] = field(default_factory=dict)
    simulated: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    format_version: int = FORMAT_VERSION
    toxicity_version: str = __version__
    packages: dict[str, str] = field(default_factory=dict)
    model_sha256: str = ""
    created: str = ""


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("lightgbm", "scikit-learn", "pandas", "numpy"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "absent"
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _atomic_write(path: Path, text: str) -> None:
    with atomic_file(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


@dataclass
class LoadedModel:
    """A model read back from a folder: the estimator and its card."""

    estimator: RiskModel
    card: ModelCard
    path: Path


def save_model(model: RiskModel, folder: str | Path, card: ModelCard) -> Path:
    """Write ``model`` and ``card`` into ``folder`` (created if needed); return the folder path.

    The card's feature names, calibration, best iteration, hash, package versions and creation
    date are filled from the fitted model here, so a card can never disagree with its model.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    model_path = folder / MODEL_FILE
    _atomic_write(model_path, model.booster_.model_to_string(num_iteration=model.best_iteration_))
    card.feature_names = [str(c) for c in model.feature_names_in_]
    card.calibration_x = [float(v) for v in model.calibration_x_]
    card.calibration_y = [float(v) for v in model.calibration_y_]
    card.best_iteration = int(model.best_iteration_)
    card.model_sha256 = _sha256(model_path)
    card.packages = _versions()
    card.format_version = FORMAT_VERSION
    card.toxicity_version = __version__
    if not card.created:
        import datetime as _dt

        card.created = _dt.date.today().isoformat()
    _atomic_write(folder / CARD_FILE, json.dumps(asdict(card), indent=2, sort_keys=False) + "\n")
    return folder


def default_model_path() -> Path:
    """The folder of the model shipped inside the package."""
    return Path(str(resources.files("toxicity.model") / "default"))


def load_model(folder: str | Path | None = None, *, expected_features: list[str] | None = None) -> LoadedModel:
    """Read a model folder (the shipped default when ``folder`` is None) after checking it.

    Parameters
    ----------
    folder : path, optional
        A folder written by :func:`save_model` or ``toxicity train``.
    expected_features : list of str, optional
        The feature names this version of the package builds; a model that needs a feature not
        among them is refused (retrain it with ``toxicity train``). A model may use a subset.
    """
    import lightgbm as lgb

    path = default_model_path() if folder is None else Path(folder)
    card_path, model_path = path / CARD_FILE, path / MODEL_FILE
    if not card_path.is_file() or not model_path.is_file():
        raise ModelError(
            f"{path}: not a model folder (it needs {CARD_FILE} and {MODEL_FILE}). "
            "Give a folder written by 'toxicity train', or leave out --model to use the shipped model."
        )
    try:
        raw = json.loads(card_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{card_path}: the model card is not valid JSON ({exc}). Retrain with 'toxicity train'.") from None
    if not isinstance(raw, dict) or raw.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{card_path}: model card format {raw.get('format_version') if isinstance(raw, dict) else '?'} "
            f"is not the format this version reads ({FORMAT_VERSION}). Retrain with 'toxicity train'."
        )
    known = set(ModelCard.__dataclass_fields__)
    try:
        card = ModelCard(**{k: v for k, v in raw.items() if k in known})
    except TypeError as exc:
        raise ModelError(f"{card_path}: the model card lacks fields ({exc}). Retrain with 'toxicity train'.") from None
    digest = _sha256(model_path)
    if digest != card.model_sha256:
        raise ModelError(
            f"{model_path}: the model file does not match the hash in its card (it was changed or "
            "corrupted after training). Retrain with 'toxicity train' or restore the folder."
        )
    # A model may use a subset of the features this version builds (training leaves out shortcut
    # features); it is refused only when it needs a feature this version no longer builds.
    unknown = [f for f in card.feature_names if expected_features is not None and f not in expected_features]
    if unknown:
        raise ModelError(
            f"{path}: the model was trained on features this version does not build "
            f"({', '.join(unknown[:5])}{'...' if len(unknown) > 5 else ''}). Retrain it with 'toxicity train'."
        )
    booster = lgb.Booster(model_str=model_path.read_text(encoding="utf-8"))
    if list(booster.feature_name()) != list(card.feature_names):
        raise ModelError(f"{path}: the model file and its card list different features. Retrain with 'toxicity train'.")
    est = RiskModel()
    est.booster_ = booster
    est.best_iteration_ = card.best_iteration
    est.feature_names_in_ = np.asarray(card.feature_names, dtype=object)
    est.calibration_x_ = np.asarray(card.calibration_x, dtype=float)
    est.calibration_y_ = np.asarray(card.calibration_y, dtype=float)
    return LoadedModel(estimator=est, card=card, path=path)
