"""The feature matrix under construction: one preallocated float row per catalogued feature.

Families write each column straight into its row, and the result frame wraps the matrix without a
copy, so a million links never hold a second copy of the features (fresh memory is expensive: each
new page costs a fault).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from toxicity.errors import UnknownFeatureError


class FeatureColumns:
    """Float columns of ``n_rows`` rows, written by name, readable as one DataFrame.

    Parameters
    ----------
    names : the column names, in output order
    n_rows : number of rows

    Examples
    --------
    >>> out = FeatureColumns(["a", "b"], 3)
    >>> out["a"] = [1, 2, 3]
    >>> out.gather("b", np.array([0.5, 0.25]), np.array([1, -1, 0]))
    >>> out.frame(pd.RangeIndex(3)).to_dict("list")
    {'a': [1.0, 2.0, 3.0], 'b': [0.25, nan, 0.5]}
    """

    def __init__(self, names: Sequence[str], n_rows: int) -> None:
        self._position = {name: i for i, name in enumerate(names)}
        self._values = np.empty((len(names), n_rows))
        self._written: set[str] = set()

    def row(self, name: str) -> np.ndarray:
        """The writable row of ``name`` (counted as written)."""
        if name not in self._position:
            raise UnknownFeatureError(
                f"{name!r} is not a catalogued feature: add it to toxicity.features.catalogue"
            )
        self._written.add(name)
        return self._values[self._position[name]]

    def __setitem__(self, name: str, values: np.ndarray | Sequence[float] | float) -> None:
        self.row(name)[:] = values

    def gather(self, name: str, per_unique: np.ndarray, codes: np.ndarray, fill: float = np.nan) -> None:
        """Write ``per_unique[codes]`` into ``name``; rows with code -1 get ``fill``."""
        np.take(np.append(np.asarray(per_unique, dtype=float), fill), codes, out=self.row(name))

    def missing(self) -> list[str]:
        """Names not written yet, in output order."""
        return [name for name in self._position if name not in self._written]

    def frame(self, index: pd.Index) -> pd.DataFrame:
        """The columns as a DataFrame over ``index`` (shares the memory of the matrix)."""
        return pd.DataFrame(self._values.T, index=index, columns=list(self._position), copy=False)
