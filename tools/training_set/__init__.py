"""The builder of ``training_data/`` behind ``tools/build_training_data.py``, one module per job.

``lists``
    Which public lists of ``../shared/data`` are used, how each is read, the unit a listed host names.
``labels``
    One owner per unit, conflicts set aside with a reason, derived columns and weights (:func:`labels.build`).
``sampling``
    The clean side: each clean list capped, drawn with TLD weights.
``measures``
    Counts, overlaps, TLD and platform mixes, single-feature shortcuts.
``datasheet``
    ``DATASHEET.md`` and ``LICENSE.md``.
``manifest``
    ``MANIFEST.json``.
``writing``
    The files, written reproducibly, and the summary printed after a build.

The package is imported with ``tools/`` on the import path, as it is when the script runs.
"""
