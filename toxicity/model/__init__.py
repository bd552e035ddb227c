"""The model stage: estimator, model folders, training, evaluation and explanations."""

from __future__ import annotations

from toxicity.model.estimator import RiskModel
from toxicity.model.store import (
    LoadedModel,
    ModelCard,
    default_model_path,
    load_model,
    resolve_model,
    save_model,
)

__all__ = [
    "LoadedModel",
    "ModelCard",
    "RiskModel",
    "default_model_path",
    "load_model",
    "resolve_model",
    "save_model",
]
