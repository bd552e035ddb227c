"""PNG plots of an audit for slides, drawn from the summary with matplotlib (optional extra ``report``).

The HTML report does not need matplotlib; these files are a convenience for decks. matplotlib is
imported only here and only when a plot is drawn, with the Agg backend (no display needed).
"""

from __future__ import annotations

import datetime as _dt
import importlib.util
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from toxicity.files import atomic_file
from toxicity.verdict.scale import BAND_COLOURS, BANDS, HIGH, LOW, MEDIUM

#: The pip line that adds matplotlib.
INSTALL_HINT = "pip install 'toxicity[report]'"
#: File names written by :func:`write_plots`, in order.
PLOT_FILES = (
    "risk.png",
    "anchor_classes.png",
    "top_anchors.png",
    "timeline.png",
    "tlds.png",
    "topic_distance.png",
)
_ACCENT = "#2f5d8a"
_DPI = 150


def missing_matplotlib() -> str | None:
    """None when matplotlib can be imported, otherwise a one-line note saying how to add it."""
    if importlib.util.find_spec("matplotlib") is not None:
        return None
    return f"PNG plots skipped: matplotlib is not installed. Add it with: {INSTALL_HINT}"


def write_plots(summary: Mapping[str, Any], folder: str | os.PathLike[str]) -> list[Path]:
    """Draw the report's charts as PNG files (1,500 px wide) into ``folder``; return their paths.

    Each file is replaced in one step once drawn (:func:`toxicity.files.atomic_file`).

    Raises
    ------
    ModuleNotFoundError
        When matplotlib is missing (check :func:`missing_matplotlib` first).
    """
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    site = summary.get("site") or "the audited site"
    drawers = (_risk, _anchor_classes, _top_anchors, _timeline, _tlds, _topic_distance)
    paths = []
    with plt.rc_context(_STYLE):  # type: ignore[arg-type]  # the stubs want literal keys
        for name, draw in zip(PLOT_FILES, drawers):
            fig, ax = plt.subplots(figsize=(10, 5.2))
            try:
                draw(ax, summary)
                fig.text(0.01, 0.01, f"Backlink audit of {site} · toxicity", fontsize=8, color="#6b7685")
                fig.tight_layout(rect=(0, 0.03, 1, 1))
                path = out / name
                # Through a temporary file: an interrupted run leaves the old plot, not half a PNG.
                with atomic_file(path) as fh:
                    fig.savefig(fh, format="png", dpi=_DPI)
                paths.append(path)
            finally:
                plt.close(fig)
    return paths


_STYLE: dict[str, Any] = {
    # Anchors and topics are hostile text: "$...$" must not be read as mathtext.
    "text.parse_math": False,
    "font.size": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#9aa5b1",
    "axes.titleweight": "bold",
    "axes.titlesize": 14,
    "axes.titlelocation": "left",
    "axes.grid": True,
    "grid.color": "#e3e7ec",
    "axes.axisbelow": True,
    "xtick.color": "#39424e",
    "ytick.color": "#39424e",
}


def _stacked(ax: Any, x: Sequence[float], counts: Mapping[str, Sequence[int]], width: float) -> None:
    bottom = [0] * len(x)
    for band in BANDS:
        values = counts.get(band, [0] * len(x))
        ax.bar(
            x,
            values,
            width=width,
            bottom=bottom,
            color=BAND_COLOURS[band],
            label=f"{band} risk",
            align="edge",
        )
        bottom = [b + v for b, v in zip(bottom, values)]
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], frameon=False)
    ax.grid(axis="x", visible=False)


def _risk(ax: Any, s: Mapping[str, Any]) -> None:
    r = s["risk"]
    w = r["bin_width"]
    _stacked(ax, [i * w for i in range(len(r["counts"][LOW]))], r["counts"], w * 0.9)
    for band in (MEDIUM, HIGH):
        t = s["thresholds"].get(band)
        if t is not None:
            ax.axvline(t, color="#39424e", linestyle="--", linewidth=1)
            ax.annotate(
                f"{band} ≥ {t:.0f}",
                (t, 1),
                xycoords=("data", "axes fraction"),
                xytext=(4, -12),
                textcoords="offset points",
                fontsize=9,
            )
    ax.set_xlim(0, 100)
    ax.set(title="Links per risk score", xlabel="risk score (0-100)", ylabel="links")


def _hbars(
    ax: Any, labels: list[str], values: list[float], texts: list[str], colours: Sequence[str] | str
) -> None:
    y = list(range(len(labels)))[::-1]
    ax.barh(y, values, color=colours, height=0.6)
    ax.set_yticks(y, labels)
    for yi, v, t in zip(y, values, texts):
        ax.annotate(t, (v, yi), xytext=(4, 0), textcoords="offset points", va="center", fontsize=9)
    ax.grid(axis="y", visible=False)


def _anchor_classes(ax: Any, s: Mapping[str, Any]) -> None:
    rows = s["anchor_classes"]["classes"]
    y = list(range(len(rows)))[::-1]
    for yi, r in zip(y, rows):
        ax.barh(
            yi,
            r["natural_high"] - r["natural_low"],
            left=r["natural_low"],
            height=0.8,
            color="#dfe6ee",
            edgecolor="#b8c4d2",
            linestyle="--",
            label="natural range (rule of thumb)" if yi == y[0] else None,
        )
    colours = [BAND_COLOURS[HIGH] if r["status"] == "above" else _ACCENT for r in rows]
    _hbars(
        ax,
        [r["label"] for r in rows],
        [r["share"] or 0 for r in rows],
        [f"{(r['share'] or 0):.0%}" for r in rows],
        colours,
    )
    ax.xaxis.set_major_formatter(_percent())
    ax.legend(frameon=False, loc="lower right")
    ax.set(title="Anchor classes against a natural profile", xlabel="share of links with an anchor")


def _top_anchors(ax: Any, s: Mapping[str, Any]) -> None:
    rows = s["top_anchors"]["rows"]
    labels = [(r["anchor"][:37] + "…" if len(r["anchor"]) > 38 else r["anchor"]) or "(empty)" for r in rows]
    _hbars(
        ax,
        labels,
        [r["domain_share"] for r in rows],
        [f"{r['domain_share']:.0%} · {r['domains']:,} domains" for r in rows],
        _ACCENT,
    )
    ax.xaxis.set_major_formatter(_percent())
    ax.set(title="Most used anchors", xlabel="share of referring domains using the anchor")


def _timeline(ax: Any, s: Mapping[str, Any]) -> None:
    t = s["timeline"]
    ax.set(title=f"Links first seen per {t['unit'] or 'period'}", ylabel="links")
    if not t["periods"]:
        ax.text(0.5, 0.5, "no first-seen dates in the export", ha="center", transform=ax.transAxes)
        return
    import matplotlib.dates as mdates

    x = [_dt.date.fromisoformat(p) for p in t["periods"]]
    width = 6 if t["unit"] == "week" else 27
    _stacked(ax, mdates.date2num(x), t["counts"], width)
    totals = [sum(t["counts"][b][i] for b in BANDS) for i in range(len(x))]
    for i in t["bursts"]:
        ax.annotate(
            "burst",
            (mdates.date2num(x[i]) + width / 2, totals[i]),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color=BAND_COLOURS[HIGH],
        )
    ax.xaxis_date()
    ax.set_xlabel(f"{t['unit']} first seen; {t['rule']}", fontsize=9)


def _tlds(ax: Any, s: Mapping[str, Any]) -> None:
    rows = s["tlds"]["rows"]
    _hbars(
        ax,
        ["." + r["tld"] if not r["tld"].startswith("(") else r["tld"] for r in rows],
        [r["links"] for r in rows],
        [f"{r['links']:,} links · {r['domains']:,} domains" for r in rows],
        _ACCENT,
    )
    # One colour: a TLD's shipped abuse rate says nothing about these links, so it is no alarm here.
    ax.set(title="Links per top-level domain", xlabel="links")


def _topic_distance(ax: Any, s: Mapping[str, Any]) -> None:
    td = s["topic_distance"]
    bins = td["bins"]
    _stacked(ax, [i / bins for i in range(bins)], td["counts"], 0.9 / bins)
    ax.set_xlim(0, 1)
    topic = s.get("topic")
    ax.set(
        title="Links by topical distance" + (f" from “{topic}”" if topic else ""),
        xlabel="topical distance (0 = on topic, 1 = unrelated)",
        ylabel="links",
    )


def _percent() -> Any:
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(1.0, decimals=0)
