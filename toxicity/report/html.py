"""The audit report: one self-contained HTML file that works offline, and the files around it.

:func:`render_report` turns a summary (:func:`toxicity.report.summary.summarise`) and the domain
table into one page: inline CSS, one small inline script (sorting and filtering the domain table)
and charts drawn here as inline SVG, so the page loads nothing from anywhere.

Everything in an export is written by whoever built the links, spammers included. So:

* every string that reaches the page goes through :func:`html.escape` (text and attributes);
  the domain table is rendered as HTML rows, so no export data ever sits inside a ``<script>``;
* URLs are shown as text, never as links: a click in a client meeting must not open a spam site;
* the page carries a Content-Security-Policy (:func:`content_security_policy`) that blocks every
  load (``default-src 'none'``) and allows exactly the one script and style sheet written here,
  by hash: an injected ``<script>`` or ``onerror=`` would not run even if escaping ever failed.

:func:`write_report` writes ``summary.json``, ``report.html`` and the PNG plots after
``toxicity score``; :func:`rebuild_report` redraws them from ``summary.json`` and ``domains.csv``.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import logging
import math
import os
import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, cast

import pandas as pd

from toxicity.domains import normalise_host
from toxicity.errors import InputFileError
from toxicity.files import atomic_file
from toxicity.verdict.scale import BAND_COLOURS, BANDS, DISAVOW, HIGH, LOW, MEDIUM, REVIEW, SUGGESTIONS

log = logging.getLogger(__name__)

#: The domain table lists at most this many domains (the riskiest); domains.csv has them all.
MAX_TABLE_ROWS = 5000
#: Band names as the page writes them in headings and legends.
BAND_LABELS = {b: b.capitalize() for b in BANDS}
ACCENT = "#2f5d8a"
MUTED = "#6b7685"
GRID = "#e3e7ec"
_TABLE_COLUMNS = (
    ("domain", "Domain", "text"),
    ("risk", "Risk", "num"),
    ("band", "Band", "text"),
    ("suggestion", "Suggestion", "text"),
    ("links", "Links", "num"),
    ("confidence", "Confidence", "num"),
    ("first_seen", "First seen", "text"),
    ("top_anchor", "Top anchor", "text"),
    ("reasons", "Reasons", "text"),
)
#: The drill-down under a domain lists at most this many of its links (the riskiest; links.csv has all) ...
DRILL_LINKS = 10
#: ... and the whole page at most this many, so a 1M-link audit stays a usable size: domains past the
#: budget (the least risky of the table) say "see links.csv" instead.
DRILL_BUDGET = 5_000
#: Characters of a linking URL, an anchor and the reasons of one link in the drill-down.
DRILL_CHARS = {"source_url": 120, "anchor": 60, "reasons": 160}
#: Columns of links.csv the drill-down reads (:func:`rebuild_report`).
DRILL_COLUMNS = ("source_url", "source_domain", "anchor", "risk", "band", "reasons")
#: Columns ``domains.csv`` must have for :func:`rebuild_report`.
REQUIRED_DOMAIN_COLUMNS = ("domain", "links", "risk", "band", "suggestion", "reasons")

_CSS = (
    """
:root{--ink:#1d2733;--muted:#6b7685;--line:#e3e7ec;--bg:#f4f6f8;--card:#fff;--accent:#2f5d8a;
"""
    + ";".join(f"--{b}:{BAND_COLOURS[b]}" for b in reversed(BANDS))
    + """}
*{box-sizing:border-box}
html{background:var(--bg)}
body{margin:0;color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,
"Noto Sans",sans-serif;-webkit-font-smoothing:antialiased}
header.top{background:#1f2f44;color:#fff;padding:32px 0 72px}
.wrap{max-width:1120px;margin:0 auto;padding:0 24px}
header.top .eyebrow{text-transform:uppercase;letter-spacing:.12em;font-size:12px;color:#a9bbd0;margin:0 0 6px}
header.top h1{font-size:30px;line-height:1.2;margin:0 0 8px;font-weight:650;overflow-wrap:anywhere}
header.top p.meta{margin:0;color:#c9d5e3;font-size:14px}
main.wrap{margin-top:-48px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:16px;margin-bottom:24px}
.card{background:var(--card);border-radius:10px;\
box-shadow:0 1px 3px rgba(20,30,45,.08),0 1px 2px rgba(20,30,45,.06);
padding:18px 20px}
.card .label{font-size:12px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);margin:0}
.card .value{font-size:28px;font-weight:650;margin:4px 0 2px;font-variant-numeric:tabular-nums;\
line-height:1.15}
.card .sub{font-size:13px;color:var(--muted);margin:0}
.card.alert .value{color:var(--high)}
section.panel{background:var(--card);border-radius:10px;box-shadow:0 1px 3px rgba(20,30,45,.08);
padding:24px;margin-bottom:24px}
section.panel h2{font-size:19px;margin:0 0 4px;font-weight:650}
.verdict{border-top:4px solid var(--accent)}.verdict p.big{font-size:17px;margin:8px 0 12px;max-width:85ch}
.verdict h3{font-size:15px;margin:0 0 4px}.verdict ul{margin:0 0 8px;padding-left:20px}\
.verdict li{margin:4px 0}
section.panel p.lead{margin:0 0 16px;color:var(--muted);font-size:14px;max-width:80ch}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,440px),1fr));gap:24px}
.grid2>div{min-width:0}
.grid2>div>h3{font-size:15px;margin:0 0 2px}
.grid2>div>p.lead{margin-bottom:8px}
figure{margin:0}
svg.chart{display:block;width:100%;height:auto;font-size:12px;fill:var(--ink)}
figcaption,.note{font-size:13px;color:var(--muted);margin-top:8px}
.warning{border-left:4px solid var(--high);background:#fdf1ef;padding:12px 16px;border-radius:6px;\
margin-bottom:24px}
.legend{display:flex;flex-wrap:wrap;gap:16px;font-size:13px;color:var(--muted);margin:4px 0 8px;padding:0;\
list-style:none}
.legend svg{vertical-align:-2px;margin-right:6px}
.pill{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600;color:#fff;\
white-space:nowrap}
.pill.high{background:var(--high)}.pill.medium{background:var(--medium);color:#3a2a06}\
.pill.low{background:var(--low);color:#123020}
ol.riskiest{margin:0;padding:0;list-style:none;counter-reset:r}
ol.riskiest li{display:grid;grid-template-columns:2.2em minmax(180px,1fr) 4.5em 6em 2fr;gap:12px;\
align-items:baseline;
padding:10px 0;border-top:1px solid var(--line);counter-increment:r}
ol.riskiest li::before{content:counter(r);color:var(--muted);font-variant-numeric:tabular-nums}
ol.riskiest .dom{font-weight:600;overflow-wrap:break-word;min-width:0}
ol.riskiest .risk{font-size:20px;font-weight:650;font-variant-numeric:tabular-nums}
ol.riskiest .why{font-size:13px;color:#3c4756}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:0 0 12px}
.filters input,.filters select{font:inherit;font-size:14px;padding:6px 10px;border:1px solid #c9d1db;\
border-radius:6px;background:#fff}
.filters input{flex:1 1 240px;min-width:0;max-width:100%}
#f-count{color:var(--muted);font-size:13px}
.tablebox{max-height:680px;overflow:auto;border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:7px 8px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{position:sticky;top:0;background:#f8f9fb;z-index:1}
th button{all:unset;cursor:pointer;font-weight:600;white-space:nowrap}
th button:focus-visible{outline:2px solid var(--accent)}
th[aria-sort=ascending] button::after{content:" \\25B2";font-size:10px}
th[aria-sort=descending] button::after{content:" \\25BC";font-size:10px}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.dom{font-weight:600;overflow-wrap:break-word;min-width:130px}
td.dom .eg{display:block;font-weight:400;font-size:12px;color:var(--muted);overflow-wrap:anywhere}
details.drill{margin-top:4px;font-weight:400}details.drill summary{font-size:12px;color:var(--accent)}
details.drill[open]{min-width:min(440px,80vw)}
ol.drill{margin:4px 0 0;padding-left:18px;font-size:12px}ol.drill li{margin:0 0 6px}
ol.networks{margin:0;padding-left:22px}ol.networks li{margin:0 0 10px;overflow-wrap:anywhere}
ol.drill .u{display:block;overflow-wrap:anywhere;color:#3c4756}ol.drill .why{display:block;color:var(--muted)}
td.why{min-width:240px;color:#3c4756}
td.anchor{max-width:180px;overflow-wrap:anywhere}
td.date{white-space:nowrap}
tbody tr:hover{background:#f7f9fc}
dl.model{display:grid;grid-template-columns:minmax(0,max-content) minmax(0,1fr);gap:4px 16px;margin:0 0 12px}
dl.model dt{color:var(--muted)}dl.model dd{margin:0}
table.metrics{width:auto;min-width:50%}
.scrollx{overflow-x:auto;max-width:100%}
details{margin-top:10px}summary{cursor:pointer;font-weight:600}
.appendix>details{margin:0}.appendix>details>summary h2{display:inline;margin:0}
details li{margin:4px 0;font-size:13px}
footer{color:var(--muted);font-size:13px;padding:8px 0 40px}
.actions{margin-top:12px;display:flex;flex-wrap:wrap;gap:8px 12px;align-items:center}
.actions>details,.actions>p,.actions>pre{flex:1 1 100%;margin:0}
.actions button{font:inherit;font-size:14px;padding:6px 12px;border:1px solid var(--accent);border-radius:6px;
background:#fff;color:var(--accent);cursor:pointer}
.actions textarea{width:100%;font:12px/1.4 ui-monospace,monospace;margin-top:6px}
pre{overflow-x:auto;background:#f4f6f8;padding:8px 10px;border-radius:6px;font-size:13px}
details.clip{margin:0}details.clip summary{font-weight:400;list-style:none}
details.clip[open] summary{display:none}
@media (max-width:640px){body{font-size:14px}.wrap{padding:0 12px}header.top{padding:20px 0 60px}
header.top h1{font-size:23px}section.panel{padding:16px 14px;border-radius:8px}.card{padding:14px 16px}
.cards{grid-template-columns:repeat(auto-fit,minmax(min(100%,150px),1fr));gap:10px}\
.card .value{font-size:23px}
ol.riskiest li{grid-template-columns:1.6em minmax(0,1fr) auto;gap:4px 10px}
ol.riskiest .why{grid-column:2/4}ol.riskiest li>span:nth-of-type(3){grid-column:2/4}
.verdict p.big{font-size:15.5px}.tablebox{max-height:75vh}dl.model{grid-template-columns:minmax(0,1fr)}\
dl.model dd{margin-bottom:6px}}
@page{margin:14mm 12mm}
@media print{html,body{background:#fff;font-size:11pt}header.top{background:#fff;color:var(--ink);\
padding:0 0 8px}
header.top p.meta,header.top .eyebrow{color:var(--muted)}main.wrap{margin-top:0}.wrap{max-width:none;\
padding:0}
.card,section.panel{box-shadow:none;border:1px solid var(--line)}section.panel{padding:12px 14px;\
margin-bottom:12px}
.card,figure,svg.chart,.grid2>div,ol.riskiest li,tr,.verdict{break-inside:avoid}\
h2,h3,.lead,.legend{break-after:avoid}
.grid2{grid-template-columns:1fr 1fr;gap:14px}
.filters,.actions{display:none}.tablebox{max-height:none;overflow:visible;border:0}thead th{position:static}
td.why,td.dom{min-width:0}table{font-size:8pt}th,td{padding:3px 4px}#domains{table-layout:fixed}
th[data-name=domain]{width:30%}th[data-name=risk],th[data-name=links]{width:8%}th[data-name=band]{width:10%}
th[data-name=suggestion]{width:11%}th[data-name=reasons]{width:33%}td.dom{overflow-wrap:anywhere}
th[data-name=confidence],th[data-name=first_seen],th[data-name=top_anchor],td.px{display:none}
td.dom .eg,details.drill,.actions textarea{display:none}td.why{font-size:0}td.why .r1{font-size:8pt}
th button{white-space:normal}details.clip summary::after{content:none}.pill{padding:0 5px;font-size:7.5pt}
ol.networks li{break-inside:avoid}}
"""
)

# Sorting and filtering over the table's DOM rows; reads no data from anywhere else, writes only
# textContent and attributes (never HTML), and marks <html data-ready> so tests can see it ran.
_SCRIPT = """
(function () {
  "use strict";
  var table = document.getElementById("domains");
  if (!table) { document.documentElement.setAttribute("data-ready", "1"); return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = rows.map(function (r) { return r.textContent.toLowerCase(); });
  rows.forEach(function (r, i) { r.setAttribute("data-i", i); });
  var search = document.getElementById("f-text");
  var band = document.getElementById("f-band");
  var suggestion = document.getElementById("f-suggestion");
  var count = document.getElementById("f-count");
  var draft = document.getElementById("draft");
  var headers = table.tHead.rows[0].cells;
  function visible() { return rows.filter(function (r) { return !r.hidden; }); }
  function draftText() {
    var shown = visible(), lines = [], left = 0, barred = 0;
    shown.forEach(function (r) {
      if (r.getAttribute("data-suggestion") !== "disavow") { left += 1; return; }
      var host = r.getAttribute("data-dv");
      if (host) { lines.push("domain:" + host); } else { barred += 1; }
    });
    var filter = [search.value.trim() && "text '" + search.value.trim().replace(/[\\r\\n]+/g, " ") + "'",
      band.value && "band " + band.value, suggestion.value && "suggestion " + suggestion.value]
      .filter(Boolean).join(", ") || "none";
    return ["# DRAFT - review first. Not for upload: decide in review.csv, then run 'toxicity disavow'.",
      "# " + lines.length + " of " + shown.length + " filtered domains (filter: " + filter + ").",
      "# Left out: " + left + " not suggested for disavow; " + barred +
        " the audited site, popular sites or names that are not host names."].concat(lines).join("\\n") + \
"\\n";
  }
  function apply() {
    var q = search.value.trim().toLowerCase(), b = band.value, s = suggestion.value, shown = 0;
    rows.forEach(function (r) {
      var ok = (!b || r.getAttribute("data-band") === b) &&
        (!s || r.getAttribute("data-suggestion") === s) &&
        (!q || text[+r.getAttribute("data-i")].indexOf(q) !== -1);
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown.toLocaleString("en") + " of " + rows.length.toLocaleString("en") + \
" domains shown";
    draft.value = draftText();
  }
  // A cell a spreadsheet would run as a formula is written as text (a leading apostrophe).
  function csvField(v) {
    if (/^[=+\\-@\\t\\r]/.test(v)) { v = "'" + v; }
    return '"' + v.replace(/"/g, '""') + '"';
  }
  function csvText() {
    var out = [Array.prototype.map.call(headers, \
function (h) { return csvField(h.getAttribute("data-name")); })];
    visible().forEach(function (r) {
      out.push(Array.prototype.map.call(r.cells, function (c) {
        var t = c.getAttribute("data-t");
        return csvField(t === null ? c.textContent : t);
      }));
    });
    return out.map(function (l) { return l.join(","); }).join("\\r\\n") + "\\r\\n";
  }
  function download(name, type, content) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([content], { type: type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }
  Array.prototype.forEach.call(headers, function (th, col) {
    th.querySelector("button").addEventListener("click", function () {
      var numeric = th.getAttribute("data-type") === "num";
      var current = th.getAttribute("aria-sort");
      // Numbers and severities start largest first, text A-Z; a second click reverses.
      var dir = current ? (current === "descending" ? 1 : -1) : (numeric ? -1 : 1);
      Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      var keyed = rows.map(function (r) {
        var cell = r.cells[col], v = cell.getAttribute("data-v");
        if (v === null) { v = cell.textContent; }
        var k = numeric ? parseFloat(v) : v.toLowerCase();
        if (numeric && isNaN(k)) { k = -Infinity; }
        return { r: r, k: k, i: +r.getAttribute("data-i") };
      });
      keyed.sort(function (a, b) {
        if (a.k < b.k) { return -dir; }
        if (a.k > b.k) { return dir; }
        return a.i - b.i;
      });
      var frag = document.createDocumentFragment();
      keyed.forEach(function (x) { frag.appendChild(x.r); });
      body.appendChild(frag);
      rows = keyed.map(function (x) { return x.r; });
    });
  });
  search.addEventListener("input", apply);
  band.addEventListener("change", apply);
  suggestion.addEventListener("change", apply);
  document.getElementById("dl-csv").addEventListener("click", function () {
    download("domains-filtered.csv", "text/csv;charset=utf-8", "\\ufeff" + csvText());
  });
  document.getElementById("dl-draft").addEventListener("click", function () {
    download("disavow-DRAFT.txt", "text/plain;charset=utf-8", draftText());
  });
  apply();
  document.documentElement.setAttribute("data-ready", "1");
})();
"""


def _hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def content_security_policy() -> str:
    """The page's Content-Security-Policy: nothing loads, only this module's script and style run.

    ``default-src 'none'`` blocks every fetch (images, fonts, frames, connections); the script and
    the style sheet are allowed by their SHA-256 hash, so no other inline script, event handler
    attribute or style attribute can run; ``base-uri`` and ``form-action`` close the remaining doors.
    """
    return (
        f"default-src 'none'; script-src '{_hash(_SCRIPT)}'; style-src '{_hash(_CSS)}'; "
        "base-uri 'none'; form-action 'none'"
    )


# ----------------------------------------------------------------------------------------------
# Formatting


#: Bidirectional controls (embeddings, overrides, isolates, marks): an export could use them to make
#: "evil.example" read as "elpmaxe.live". Shown as their escape (``\\u202e``), never applied.
BIDI_CONTROLS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_VISIBLE = {ord(c): f"\\u{ord(c):04x}" for c in BIDI_CONTROLS}


def _e(value: Any) -> str:
    """Text for HTML (element content and quoted attributes alike), bidi controls made visible."""
    return escape(("" if value is None else str(value)).translate(_BIDI_VISIBLE), quote=True)


def _n(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{round(float(value)):,}"


def _pct(share: Any) -> str:
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    share = float(share)
    if 0 < share < 0.095:
        return f"{share:.1%}"
    return f"{share:.0%}"


def _clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _date_label(iso: str, unit: str) -> str:
    d = _dt.date.fromisoformat(iso[:10])
    return d.strftime("%b %Y") if unit == "month" else f"{d.day} {d.strftime('%b %Y')}"


def _nice_ticks(top: float, count: int = 4, *, integer: bool = False) -> list[float]:
    """Round tick values from 0 covering ``top`` (steps of 1, 2, 2.5 or 5 times a power of ten).

    With ``integer`` (counts of links) the step is a whole number.
    """
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if integer:
        step = max(1.0, float(math.ceil(step)))
    ticks = [0.0]
    while ticks[-1] < top - 1e-9:
        ticks.append(ticks[-1] + step)
    return ticks


def _tick_label(value: float, percent: bool) -> str:
    if percent:
        return f"{value:.0%}"
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 10_000:
        return f"{value / 1000:g}k"
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


# ----------------------------------------------------------------------------------------------
# Charts (inline SVG)


def _svg_open(width: int, height: int, title: str) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{_e(title)}</title>"
    )


def _swatch(colour: str) -> str:
    return (
        '<svg width="12" height="12" aria-hidden="true">'
        f'<rect width="12" height="12" rx="2" fill="{colour}"/></svg>'
    )


def _legend(items: Sequence[tuple[str, str]]) -> str:
    return (
        '<ul class="legend">' + "".join(f"<li>{_swatch(c)}{_e(label)}</li>" for c, label in items) + "</ul>"
    )


def _band_legend() -> str:
    return _legend([(BAND_COLOURS[b], f"{BAND_LABELS[b]} risk") for b in reversed(BANDS)])


def _columns_chart(
    series: Mapping[str, Sequence[int]],
    *,
    title: str,
    x_ticks: Sequence[tuple[float, str]],
    x_label: str,
    y_label: str,
    width: int = 1040,
    height: int = 300,
    marks: Sequence[int] = (),
    vlines: Sequence[tuple[float, str]] = (),
) -> str:
    """Stacked columns per band (low at the bottom); ``marks`` flags columns (bursts) with a triangle.

    ``x_ticks`` and ``vlines`` positions are in columns (0 = left edge of the first column).
    """
    n = max((len(v) for v in series.values()), default=0)
    left, right, top, bottom = 64, 16, 28, 52
    pw, ph = width - left - right, height - top - bottom
    totals = [sum(series[b][i] for b in BANDS if b in series) for i in range(n)]
    ticks = _nice_ticks(max(totals, default=0), integer=True)
    ymax = ticks[-1]
    colw = pw / max(n, 1)
    # Thin columns touch (a long timeline); wide ones (few periods) get air between them.
    gap = colw * 0.3 if colw > 24 else min(colw * 0.18, 3.0) if colw > 3 else 0.0
    out = [_svg_open(width, height, title)]
    for t in ticks:
        y = top + ph - ph * t / ymax
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        out.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">'
            f"{_tick_label(t, False)}</text>"
        )
    for i in marks:
        x = left + i * colw
        out.append(f'<rect x="{x:.1f}" y="{top}" width="{colw:.2f}" height="{ph}" fill="#fbe3df"/>')
    for i in range(n):
        y = top + ph
        x = left + i * colw + gap / 2
        for b in BANDS:
            v = series.get(b, [0] * n)[i]
            if v <= 0:
                continue
            h = ph * v / ymax
            y -= h
            out.append(
                f'<rect x="{x:.2f}" y="{y:.2f}" width="{max(colw - gap, 0.6):.2f}" height="{h:.2f}" '
                f'fill="{BAND_COLOURS[b]}"><title>{_n(v)} {b}-risk</title></rect>'
            )
    for i in marks:
        x = left + (i + 0.5) * colw
        y = top + ph - ph * totals[i] / ymax - 6
        out.append(
            f'<path d="M{x - 5:.1f},{y - 8:.1f}h10l-5,8z" fill="{BAND_COLOURS[HIGH]}">'
            "<title>burst</title></path>"
        )
    for pos, label in vlines:
        x = left + pos * colw
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 6}" y2="{top + ph}" '
            'stroke="#39424e" stroke-dasharray="4 3"/>'
        )
        # A label near the right edge is written leftwards from its line, so "high ≥ 93" is never cut.
        anchor = ' text-anchor="end"' if x > left + pw * 0.7 else ""
        tx = x - 4 if anchor else x + 4
        out.append(
            f'<text x="{tx:.1f}" y="{top - 10}" fill="#39424e" font-size="11"{anchor}>{_e(label)}</text>'
        )
    out.append(f'<line x1="{left}" x2="{left + pw}" y1="{top + ph}" y2="{top + ph}" stroke="#9aa5b1"/>')
    for pos, label in x_ticks:
        x = left + pos * colw
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top + ph}" y2="{top + ph + 4}" stroke="#9aa5b1"/>')
        out.append(
            f'<text x="{x:.1f}" y="{top + ph + 18}" text-anchor="middle" fill="{MUTED}">{_e(label)}</text>'
        )
    out.append(
        f'<text x="{left + pw / 2:.1f}" y="{height - 8}" text-anchor="middle" fill="{MUTED}">'
        f"{_e(x_label)}</text>"
    )
    out.append(
        f'<text transform="translate(14 {top + ph / 2:.1f}) rotate(-90)" text-anchor="middle" fill="{MUTED}">'
        f"{_e(y_label)}</text>"
    )
    out.append("</svg>")
    return "".join(out)


def _bars_chart(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str,
    percent: bool,
    x_label: str,
    width: int = 520,
    label_width: int = 170,
    value_width: int = 150,
    ranges: bool = False,
) -> str:
    """Horizontal bars: each row has ``label``, ``value``, ``text`` (right of the bar), ``colour``,
    optional ``hover`` (full label) and, with ``ranges``, ``low``/``high`` drawn as a shaded band."""
    row_h, top, bottom = 26, 8, 40
    height = top + bottom + row_h * max(len(rows), 1)
    left = label_width
    pw = width - left - value_width
    peak = max(
        [float(r["value"] or 0) for r in rows] + [float(r.get("high") or 0) for r in rows if ranges] + [0]
    )
    ticks = _nice_ticks(peak if peak > 0 else 1.0, 4, integer=not percent)
    xmax = ticks[-1]
    out = [_svg_open(width, height, title)]
    for t in ticks:
        x = left + pw * t / xmax
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + row_h * len(rows)}" stroke="{GRID}"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{top + row_h * len(rows) + 16}" text-anchor="middle" fill="{MUTED}">'
            f"{_tick_label(t, percent)}</text>"
        )
    max_chars = max(4, int((label_width - 12) / 6.3))  # about 6.3 px per character at 12 px
    for i, r in enumerate(rows):
        y = top + i * row_h
        hover = f"<title>{_e(r.get('hover', r['label']))}</title>"
        out.append(
            f'<text x="{left - 10}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end">'
            f"{_e(_clip(r['label'], max_chars))}{hover}</text>"
        )
        if ranges and r.get("high") is not None:
            x0 = left + pw * float(r["low"]) / xmax
            x1 = left + pw * float(r["high"]) / xmax
            out.append(
                f'<rect x="{x0:.1f}" y="{y + 3}" width="{max(x1 - x0, 1.5):.1f}" height="{row_h - 6}" '
                f'fill="#dfe6ee" stroke="#b8c4d2" stroke-dasharray="3 2"/>'
            )
        w = pw * float(r["value"] or 0) / xmax
        bar_h = row_h - 12 if ranges else row_h - 8
        out.append(
            f'<rect x="{left}" y="{y + (row_h - bar_h) / 2:.1f}" '
            f'width="{max(w, 0):.1f}" height="{bar_h}" rx="2" '
            f'fill="{r.get("colour", ACCENT)}">{hover}</rect>'
        )
        out.append(
            f'<text x="{left + w + 6:.1f}" y="{y + row_h / 2 + 4:.1f}" fill="#39424e">{_e(r["text"])}</text>'
        )
    out.append(
        f'<text x="{left + pw / 2:.1f}" y="{height - 6}" text-anchor="middle" fill="{MUTED}">'
        f"{_e(x_label)}</text>"
    )
    out.append("</svg>")
    return "".join(out)


def _band_bar(counts: Mapping[str, int], *, title: str, width: int = 1040) -> str:
    """One stacked bar of counts per band, with a legend of the counts below it."""
    total = sum(counts.values()) or 1
    out = [_svg_open(width, 28, title)]
    x = 0.0
    for b in reversed(BANDS):
        w = width * counts.get(b, 0) / total
        if w <= 0:
            continue
        out.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="28" fill="{BAND_COLOURS[b]}"/>')
        x += w
    out.append("</svg>")
    return "".join(out) + _legend(
        [
            (BAND_COLOURS[b], f"{BAND_LABELS[b]}: {_n(counts.get(b, 0))} ({_pct(counts.get(b, 0) / total)})")
            for b in reversed(BANDS)
        ]
    )


# ----------------------------------------------------------------------------------------------
# Sections


def _header(s: Mapping[str, Any]) -> str:
    site = s.get("site") or "the audited site"
    model = s.get("model") or {}
    meta = [f"Generated {_e(str(s.get('generated', ''))[:10])}", f"model {_e(model.get('name') or '?')}"]
    if s.get("topic"):
        meta.append(
            f"topic “{_e(s['topic'])}”" + (" (inferred)" if s.get("topic_source") == "inferred" else "")
        )
    h = s["headline"]
    if h.get("first_seen_from"):
        meta.append(f"links first seen {_e(h['first_seen_from'])} to {_e(h['first_seen_to'])}")
    return (
        '<header class="top"><div class="wrap"><p class="eyebrow">Backlink audit</p>'
        f'<h1>Backlink profile of {_e(site)}</h1><p class="meta">{" · ".join(meta)}</p></div></header>'
    )


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{_n(n)} {one if n == 1 else many or one + 's'}"


def _verdict_section(s: Mapping[str, Any], domains: pd.DataFrame) -> str:
    """The client's part: what to disavow and why, and the patterns found, with counts, in a few sentences."""
    from toxicity.report.summary import find_patterns

    p = find_patterns(s, domains)
    total = s["headline"]["domains"]
    dis, review = p[DISAVOW], p[REVIEW]["domains"]
    if dis["domains"]:
        first = (
            f"We suggest disavowing {_n(dis['domains'])} of {_plural(total, 'referring domain')} "
            f"({_plural(dis['links'], 'link')})"
        )
        why = "; ".join(f"{reason} ({_plural(n, 'domain')})" for reason, n in p["reasons"])
        first += f". The reasons given most often: {why}." if why else "."
    else:
        first = f"Nothing is suggested for disavow among {_plural(total, 'referring domain')}."
    if review:
        first += f" {_plural(review, 'more domain needs', 'more domains need')} a look by hand."
    found = []
    for net in p["networks"]:
        found.append(
            f"A link network of {_n(net['domains'])} domains ({_plural(net['links'], 'link')}), "
            f"among them {', '.join(net['members'][:4])}"
            + (f" and {_n(net['domains'] - 4)} more" if net["domains"] > 4 else "")
            + "."
        )
    for a in p["anchors"]:
        found.append(
            f"Anchor over-optimisation: {a['label'].lower()} anchors are {_pct(a['share'])} of anchors "
            f"(a natural profile has at most about {_pct(a['natural_high'])})."
        )
    b = p["bursts"]
    if b:
        mostly = b["links"] and b["high_links"] / b["links"] >= 0.5
        found.append(
            f"{_plural(b['periods'], 'burst ' + b['unit'])} of "
            + ("mostly high-risk " if mostly else "")
            + f"new links: {_n(b['high_links'])} of their {_n(b['links'])} links are high risk"
            + (", a pattern of negative SEO or a bought link campaign." if mostly else ".")
        )
    patterns = (
        "<ul>" + "".join(f"<li>{_e(f)}</li>" for f in found) + "</ul>"
        if found
        else "<p>No link network, anchor over-optimisation or burst of new links was found.</p>"
    )
    return (
        '<section class="panel verdict" id="verdict"><h2>Verdict</h2>'
        f'<p class="big">{_e(first)}</p><h3>Patterns found</h3>{patterns}'
        '<p class="note">These are suggestions: a person decides on every domain in the review sheet '
        "(review.csv) before anything goes into a disavow file.</p></section>"
    )


def _cards(s: Mapping[str, Any]) -> str:
    h = s["headline"]
    lb, db, sg = h["links_by_band"], h["domains_by_band"], h["suggestions"]
    links = h["links"] or 0
    cards = [
        ("Links scored", _n(links), f"from {_n(h['domains'])} referring domains", ""),
        (
            "Referring domains",
            _n(h["domains"]),
            f"{_n(db[HIGH])} high · {_n(db[MEDIUM])} medium · {_n(db[LOW])} low risk",
            "",
        ),
        (
            "Suggested disavows",
            _n(sg[DISAVOW]),
            f"domains; {_n(sg[REVIEW])} more to review by hand",
            " alert" if sg[DISAVOW] else "",
        ),
        (
            "High-risk links",
            _pct(lb[HIGH] / links) if links else "–",
            f"{_n(lb[HIGH])} links; {_n(lb[MEDIUM])} medium",
            " alert" if lb[HIGH] else "",
        ),
    ]
    cov = h.get("coverage") or []
    mean_cov = sum(c["share"] for c in cov) / len(cov) if cov else None
    cards.append(("Data coverage", _pct(mean_cov), "average share of links with each kind of data", ""))
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card{cls}"><p class="label">{_e(label)}</p><p class="value">{value}</p>'
            f'<p class="sub">{_e(sub)}</p></div>'
            for label, value, sub, cls in cards
        )
        + "</div>"
    )


def _overview(s: Mapping[str, Any]) -> str:
    h = s["headline"]
    warning = ""
    if h.get("host_only"):
        warning = (
            '<div class="warning"><strong>Weak evidence.</strong> This export carries only the linking URLs '
            "(as Search Console does), so every score rests on host names alone. "
            "Use a richer export (Ahrefs, "
            "Semrush, Majestic) or fetch the linking pages before acting on these scores.</div>"
        )
    cov = h.get("coverage") or []
    cov_rows = [
        {"label": c["label"], "value": c["share"], "text": _pct(c["share"]), "colour": ACCENT} for c in cov
    ]
    cov_chart = (
        _bars_chart(
            cov_rows,
            title="Share of links with each kind of data",
            percent=True,
            x_label="share of links",
            width=520,
            label_width=130,
            value_width=60,
        )
        if cov_rows
        else '<p class="note">No coverage information.</p>'
    )
    return (
        warning + '<section class="panel"><h2>Referring domains by risk band</h2>'
        f'<p class="lead">{_e((s.get("scale") or {}).get("meaning") or "")} '
        "A domain is banded at least as high as its riskiest live link and carries the evidence of all "
        f"its links. Bands start at risk {_n(s['thresholds'].get(MEDIUM))} (medium) and "
        f"{_n(s['thresholds'].get(HIGH))} (high). "
        "Popular sites and the audited site itself are never suggested for disavow.</p>"
        + _band_bar(h["domains_by_band"], title="Referring domains by risk band")
        + '<div class="grid2"><div>'
        "<h3>Risk distribution</h3>"
        '<p class="lead">Links per risk score (0 = no sign of spam, 100 = certain), in steps of '
        f"{_n(s['risk']['bin_width'])}.</p>"
        + _band_legend()
        + _risk_chart(s)
        + "</div><div><h3>Data behind the scores</h3>"
        '<p class="lead">The more kinds of data a link has, the more its score can be trusted. '
        "Unknown data is never taken as clean.</p>" + cov_chart + "</div></div></section>"
    )


def _risk_chart(s: Mapping[str, Any]) -> str:
    r = s["risk"]
    width = r["bin_width"]
    bins = len(r["counts"][LOW])
    th = s["thresholds"]
    vlines = [(float(th[b]) / width, f"{b} ≥ {_n(th[b])}") for b in (MEDIUM, HIGH) if th.get(b) is not None]
    return _columns_chart(
        r["counts"],
        title="Links per risk score",
        x_ticks=[(i, str(i * width)) for i in range(0, bins + 1, max(1, 20 // width))],
        x_label="risk score",
        y_label="links",
        width=520,
        height=280,
        vlines=vlines,
    )


def _anchor_section(s: Mapping[str, Any]) -> str:
    a = s["anchor_classes"]
    if not a["links_with_anchor"] and not s["top_anchors"]["rows"]:
        # Search Console and some other exports list linking URLs only: two empty charts would say nothing.
        return (
            '<section class="panel"><h2>Anchor text</h2><p class="lead">This export carries no anchor texts '
            "(Search Console and some tools list only the linking URLs), so there is no anchor profile to "
            "show.</p></section>"
        )
    rows = []
    for c in a["classes"]:
        colour = (
            BAND_COLOURS[HIGH] if c["status"] == "above" else "#b98a2f" if c["status"] == "below" else ACCENT
        )
        text = _pct(c["share"]) + {"above": " ▲ above range", "below": " ▼ below range"}.get(
            c["status"] or "", ""
        )
        rows.append(
            {
                "label": c["label"],
                "value": c["share"] or 0,
                "low": c["natural_low"],
                "high": c["natural_high"],
                "text": text,
                "colour": colour,
                "hover": f"{c['label']}: {_n(c['links'])} links; natural range {_pct(c['natural_low'])}"
                f"–{_pct(c['natural_high'])}",
            }
        )
    classes = (
        _bars_chart(
            rows,
            title="Anchor classes against a natural profile",
            percent=True,
            x_label="share of links with an anchor",
            ranges=True,
            label_width=160,
            value_width=130,
        )
        if a["links_with_anchor"]
        else '<p class="note">The export has no anchor texts.</p>'
    )
    t = s["top_anchors"]
    top_rows = [
        {
            "label": r["anchor"] or "(empty anchor)",
            "hover": r["anchor"] or "(empty anchor)",
            "value": r["domain_share"],
            "text": f"{_pct(r['domain_share'])} · {_plural(r['domains'], 'domain')}",
            "colour": ACCENT,
        }
        for r in t["rows"]
    ]
    top = (
        _bars_chart(
            top_rows,
            title="Most used anchors",
            percent=True,
            x_label="share of referring domains using the anchor",
            label_width=190,
            value_width=120,
        )
        if top_rows
        else '<p class="note">No anchors to rank.</p>'
    )
    site_note = (
        ""
        if s.get("site")
        else " Without --site the brand cannot be recognised, so brand anchors count as other."
    )
    return (
        '<section class="panel"><h2>Anchor text</h2>'
        '<p class="lead">Over-optimised anchors (many exact-match keywords) are a classic sign of '
        f"manipulative links.{_e(site_note)}</p>"
        '<div class="grid2"><div><h3>Anchor classes</h3>'
        + _legend([(ACCENT, "share of anchors"), ("#dfe6ee", "natural range (rule of thumb)")])
        + classes
        + f'<p class="note">{_e(a["reference"])}</p></div>'
        "<div><h3>Most used anchors</h3>"
        '<p class="lead">Share of referring domains (with an anchor) that use each exact anchor, '
        "and how many "
        "domains that is (one domain counts once, however many links it has).</p>"
        + top
        + "</div></div></section>"
    )


def _timeline_section(s: Mapping[str, Any]) -> str:
    t = s["timeline"]
    head = '<section class="panel"><h2>New links over time</h2>'
    if not t["periods"]:
        return head + '<p class="lead">The export carries no first-seen dates.</p></section>'
    unit, periods = t["unit"], t["periods"]
    n = len(periods)
    step = max(1, math.ceil(n / 10))
    if unit == "month" and step > 1:
        step = 12 * math.ceil(step / 12) if step > 6 else step
    ticks = [(i + 0.5, _date_label(periods[i], unit)) for i in range(0, n, step)]
    chart = _columns_chart(
        t["counts"],
        title=f"Links first seen per {unit}",
        x_ticks=ticks,
        x_label=f"{unit} first seen",
        y_label=f"links per {unit}",
        marks=t["bursts"],
    )
    totals = [sum(t["counts"][b][i] for b in BANDS) for i in range(n)]
    biggest = sorted(t["bursts"], key=lambda i: -totals[i])[:5]
    median = t["median"] or 0
    if biggest:
        listed = "; ".join(
            f"{unit} of {_date_label(periods[i], unit)}: {_n(totals[i])} links"
            + (f" ({totals[i] / median:.0f}× the median)" if median else "")
            for i in sorted(biggest)
        )
        more = len(t["bursts"]) - len(biggest)
        listed += f"; and {_n(more)} more" if more else ""
        label = "the biggest: " if more else ""
        bursts = (
            f"<strong>{len(t['bursts'])} burst{'s' if len(t['bursts']) != 1 else ''}</strong>, "
            f"{label}{_e(listed)}."
        )
    else:
        bursts = "No bursts."
    extra = []
    if t["undated"]:
        extra.append(f"{_n(t['undated'])} links have no first-seen date")
    if t["before"]:
        extra.append(
            f"{_n(t['before'])} links first seen before {_date_label(periods[0], unit)} are not drawn"
        )
    return (
        head + f'<p class="lead">Links by the {unit} they were first seen, coloured by risk. '
        "A sudden spike of new "
        "links, above all of risky ones, often marks a link scheme or a negative-SEO attack.</p>"
        + _legend(
            [*((BAND_COLOURS[b], f"{BAND_LABELS[b]} risk") for b in reversed(BANDS)), ("#fbe3df", "burst")]
        )
        + chart
        + f'<p class="note">{bursts} {_e(t["rule"])} Median: {_n(median)} links per {unit}.'
        + (f" {_e('; '.join(extra))}." if extra else "")
        + "</p></section>"
    )


def _sources_section(s: Mapping[str, Any]) -> str:
    tl = s["tlds"]
    rows = [
        {
            "label": "." + r["tld"] if not r["tld"].startswith("(") else r["tld"],
            "value": r["links"],
            "text": f"{_n(r['links'])} links · {_n(r['domains'])} dom."
            + (f" · abuse {_pct(r['abuse_rate'])}" if r.get("abuse_rate") is not None else ""),
            "colour": ACCENT,
        }
        for r in tl["rows"]
    ]
    tld_chart = (
        _bars_chart(
            rows,
            title="Links per top-level domain",
            percent=False,
            x_label="links",
            label_width=110,
            value_width=210,
        )
        if rows
        else '<p class="note">No referring domains.</p>'
    )
    other = tl.get("other")
    other_note = (
        f" {_n(other['tlds'])} other TLDs carry {_n(other['links'])} links "
        f"from {_n(other['domains'])} domains."
        if other
        else ""
    )
    td = s["topic_distance"]
    bins = td["bins"]
    topic = s.get("topic")
    topic_chart = _columns_chart(
        td["counts"],
        title="Links by topical distance",
        width=520,
        height=280,
        x_ticks=[(i, f"{i / bins:.1f}") for i in range(0, bins + 1, 2)],
        x_label="topical distance (0 = on topic, 1 = unrelated)",
        y_label="links",
    )
    no_data = f" {_n(td['no_data'])} links had no words to compare." if td["no_data"] else ""
    return (
        '<section class="panel"><h2>Where the links come from</h2><div class="grid2"><div>'
        "<h3>Top-level domains</h3>"
        '<p class="lead">Links per top-level domain of the linking site. “Abuse” is the share of listed '
        "domains of that TLD on public toxic-link lists (shipped with toxicity): "
        "a property of the TLD, not of "
        "these links, so the bars carry no colour.</p>"
        + tld_chart
        + f'<p class="note">{_e(other_note)}</p></div><div><h3>Topical distance</h3>'
        f'<p class="lead">How far each linking page’s words are from the site’s topic'
        + (f" (“{_e(topic)}”)" if topic else "")
        + ". Off-topic links are normal in small numbers; a profile dominated by them is not.</p>"
        + _band_legend()
        + topic_chart
        + f'<p class="note">Distance is 1 minus the cosine similarity of word counts.{_e(no_data)}</p>'
        + "</div></div></section>"
    )


def _riskiest_section(s: Mapping[str, Any]) -> str:
    top = s["riskiest_domains"][:10]
    if not top:
        return ""
    items = "".join(
        f'<li><span class="dom">{_e(d["domain"])}</span><span class="risk">{_n(d["risk"])}</span>'
        f'<span><span class="pill {_e(d["band"])}">{_e(d["suggestion"] or d["band"])}</span></span>'
        f'<span class="why">{_e(d["reasons"])} <span class="note">· {_n(d["links"])} links</span></span></li>'
        for d in top
    )
    return (
        '<section class="panel"><h2>Riskiest referring domains</h2>'
        '<p class="lead">The ten riskiest domains and why. Every suggestion needs a human decision in the '
        "review sheet before anything goes into a disavow file.</p>"
        f'<ol class="riskiest">{items}</ol></section>'
    )


#: Members a network lists by name in the "Link networks" section (the rest are counted).
NETWORK_MEMBERS = 6


def _networks_section(summary: Mapping[str, Any], domains: pd.DataFrame) -> str:
    """The link networks of the domain table (its ``network`` column): members, links, shared trait."""
    from toxicity.report.summary import find_patterns

    if "network" not in domains:
        return ""
    nets = find_patterns(summary, domains)["networks"]
    head = '<section class="panel" id="networks"><h2>Link networks</h2>'
    if not nets:
        return head + '<p class="lead">No link network was found among the referring domains.</p></section>'
    items = []
    for net in nets:
        shown = net["members"][:NETWORK_MEMBERS]
        more = net["domains"] - len(shown)
        traits = net.get("traits") or []
        shared = (
            "; ".join(
                trait + ("" if n == net["domains"] else f" ({_n(n)} of {_n(net['domains'])} say so)")
                for trait, n in traits
            )
            or "a footprint the scoring step found (see the domains' reasons)"
        )
        items.append(
            f"<li><strong>{_plural(net['domains'], 'domain')}, {_plural(net['links'], 'link')}</strong>, "
            f'sharing {_e(shared)}.<br><span class="note">Members, riskiest first: {_e(", ".join(shown))}'
            + (f" and {_n(more)} more" if more > 0 else "")
            + "</span></li>"
        )
    return (
        head + '<p class="lead">Groups of referring domains that share a footprint (anchors to the same '
        "page, or the same subnet, within weeks of each other). One owner behind many domains is the mark "
        "of a link scheme; filter the table below by a member to see each domain's links. domains.csv gives "
        "every member its network number.</p>"
        f'<ol class="networks">{"".join(items)}</ol></section>'
    )


#: Severity order of the band and suggestion columns: a table sorts them by this, not alphabetically.
SEVERITY = {
    "band": {b: rank for rank, b in enumerate(BANDS, start=1)},
    "suggestion": {s: rank for rank, s in enumerate(reversed(SUGGESTIONS), start=1)},
}
#: Columns the printed table leaves out (a compact table on paper; the file and the screen have them all).
PRINT_HIDDEN = ("confidence", "first_seen", "top_anchor")
#: Characters of an anchor / reasons cell shown before "more" (the full text opens on a click or tap).
CLIP_CHARS = {"top_anchor": 60, "reasons": 180}
_HOST = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+")


def _cell(column: str, value: Any, kind: str, extra: str = "") -> str:
    """One table cell. ``data-v`` is the sort key where the text is not, ``data-t`` the full text for the CSV.

    ``extra`` is HTML added under a domain (its example URL and drill-down), already escaped.
    """
    px = " px" if column in PRINT_HIDDEN else ""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return f'<td class="{"num" if kind == "num" else ""}{px}" data-v=""></td>'
    if kind == "num":
        return f'<td class="num{px}" data-v="{float(value):g}" data-t="{float(value):g}">{_n(value)}</td>'
    text = str(value)
    if column in SEVERITY:
        rank = SEVERITY[column].get(text, 0)
        shown = f'<span class="pill {_e(text)}">{_e(text)}</span>' if column == "band" else _e(text)
        return f'<td data-v="{rank}">{shown}</td>'
    if column == "domain":
        # Break a long host name only between its labels, never inside a word. The sort key and the CSV
        # field are the name alone: the drill-down under it is not part of the domain.
        return (
            f'<td class="dom" data-v="{_e(text.lower())}" data-t="{_e(text)}">'
            f"{_e(text).replace('.', '.<wbr>')}{extra}</td>"
        )
    css = {"reasons": "why", "top_anchor": "anchor", "first_seen": "date"}.get(column, "") + px
    limit = CLIP_CHARS.get(column)
    flat = " ".join(text.split())
    clipped = bool(limit) and len(flat) > (limit or 0)
    shown = flat[: (limit or 0) - 1] if clipped else text
    if column == "reasons":
        # The first reason in its own span: the printed table shows it alone (the rest is in domains.csv).
        first = shown.split(";", 1)[0]
        mark = "…" if clipped and first == shown else ""
        inner = f'<span class="r1">{_e(first)}{mark}</span>{_e(shown[len(first) :])}'
        inner += "…" if clipped and first != shown else ""
    else:
        inner = _e(shown) + ("…" if clipped else "")
    if clipped:
        return (
            f'<td class="{css}" data-v="{_e(flat.lower())}" data-t="{_e(text)}">'
            '<details class="clip"><summary>'
            f"{inner}</summary>{_e(text)}</details></td>"
        )
    return f'<td class="{css}">{inner}</td>'


def _disavow_host(domain: Any, site: str | None) -> str:
    """The domain as a disavow line may name it (ASCII), or "" when it must never be in a draft.

    Never the audited site (or its subdomains), never a popular site, never text that is not a host name
    (an export could hold a line break and smuggle a second line into the file).
    """
    from toxicity.lookups import popularity_rank

    # The same host reading as the rest of the tool (UTS #46): Python's "idna" codec would turn faß.de
    # into fass.de, someone else's domain.
    host = normalise_host(str(domain)) or ""
    if not _HOST.fullmatch(host):
        return ""
    if site:
        own = site.strip().lower().removeprefix("www.")
        if host == own or host.endswith("." + own) or own.endswith("." + host):
            return ""
    if not math.isnan(float(popularity_rank([host])[0])):
        return ""
    return host


def _drill_links(links: pd.DataFrame | None, shown: Sequence[str]) -> tuple[dict[str, pd.DataFrame], int]:
    """The riskiest :data:`DRILL_LINKS` links of each shown domain, within :data:`DRILL_BUDGET` in all.

    Domains are served in table order (riskiest first), so the budget runs out on the least risky.
    Returns the links per domain and how many shown domains had links but got none (budget spent).
    """
    if links is None or not len(links) or not shown or any(c not in links.columns for c in DRILL_COLUMNS):
        return {}, 0
    mine = links.loc[links["source_domain"].isin(set(shown)), list(DRILL_COLUMNS)]
    risk = pd.to_numeric(mine["risk"], errors="coerce")
    mine = mine.assign(risk=risk).sort_values("risk", ascending=False, kind="stable", na_position="last")
    heads = {
        str(d): g
        for d, g in mine.groupby("source_domain", sort=False)
        .head(DRILL_LINKS)
        .groupby("source_domain", sort=False)
    }
    out: dict[str, pd.DataFrame] = {}
    left, spent = DRILL_BUDGET, 0
    for domain in shown:
        group = heads.get(domain)
        if group is None:
            continue
        if len(group) > left:
            spent += 1
            continue
        out[domain] = group
        left -= len(group)
    return out, spent


def _drill(domain_links: pd.DataFrame | None, links: Any, example: Any, budget_spent: bool) -> str:
    """What sits under a domain in the table: one example linking URL (text) and its riskiest links."""
    if (
        (example is None or (not isinstance(example, str) and pd.isna(example)) or not str(example))
        and domain_links is not None
        and len(domain_links)
    ):
        example = domain_links["source_url"].iloc[0]
    out = ""
    if example is not None and (isinstance(example, str) or not pd.isna(example)) and str(example):
        out += f'<span class="eg">e.g. {_e(_clip(str(example), DRILL_CHARS["source_url"]))}</span>'
    try:
        total = int(float(links))
    except (TypeError, ValueError):
        total = 0
    if domain_links is None or not len(domain_links):
        if budget_spent:
            out += (
                '<span class="eg">Its links: see links.csv (the page lists links of the riskiest domains '
                "only).</span>"
            )
        return out
    items = []
    for row in domain_links.itertuples(index=False):
        band = str(row.band) if isinstance(row.band, str) else ""
        risk_value: Any = row.risk
        risk = "–" if pd.isna(risk_value) else _n(risk_value)
        anchor = (
            ""
            if row.anchor is None or (not isinstance(row.anchor, str) and pd.isna(cast(Any, row.anchor)))
            else str(row.anchor)
        )
        reasons = row.reasons if isinstance(row.reasons, str) else ""
        items.append(
            f'<li><span class="pill {_e(band if band in BAND_COLOURS else "")}">{risk} {_e(band)}</span> '
            f'<span class="a">“{_e(_clip(anchor, DRILL_CHARS["anchor"])) or "(no anchor)"}”</span> '
            f'<span class="u">{_e(_clip(str(row.source_url), DRILL_CHARS["source_url"]))}</span>'
            + (f'<span class="why">{_e(_clip(reasons, DRILL_CHARS["reasons"]))}</span>' if reasons else "")
            + "</li>"
        )
    more = max(total - len(items), 0)
    label = f"its riskiest {_n(len(items))} of {_n(total)} links" if more else f"its {_plural(total, 'link')}"
    return (
        out
        + f'<details class="drill"><summary>Show {label}</summary><ol class="drill">{"".join(items)}</ol>'
        + (f'<p class="note">and {_n(more)} more in links.csv</p>' if more else "")
        + "</details>"
    )


def _table_section(
    domains: pd.DataFrame, max_rows: int, site: str | None = None, links: pd.DataFrame | None = None
) -> str:
    total = len(domains)
    shown = domains.sort_values(["risk", "links"], ascending=False, kind="stable").head(max_rows)
    cols = [c for c in _TABLE_COLUMNS if c[0] in shown.columns]
    head = "".join(
        f'<th data-type="{"num" if name in SEVERITY else kind}"'
        + (' aria-sort="descending"' if name == "risk" else "")
        + f' data-name="{name}"><button type="button">{_e(label)}</button></th>'
        for name, label, kind in cols
    )
    values = {name: shown[name].tolist() for name, _, _ in cols}
    bands = shown["band"].astype(str).tolist() if "band" in shown else [""] * len(shown)
    sugg = shown["suggestion"].astype(str).tolist() if "suggestion" in shown else [""] * len(shown)
    names = [str(d) for d in shown["domain"].tolist()]
    hosts = [_disavow_host(d, site) for d in names]
    per_domain, spent = _drill_links(links, names)
    has_links = set(links["source_domain"].astype(str)) if spent and links is not None else set()
    examples = shown["example_url"].tolist() if "example_url" in shown else [None] * len(shown)
    counts = shown["links"].tolist() if "links" in shown else [0] * len(shown)
    extras = [
        _drill(per_domain.get(d), counts[i], examples[i], d in has_links and d not in per_domain)
        for i, d in enumerate(names)
    ]
    body = "".join(
        f'<tr data-band="{_e(bands[i])}" data-suggestion="{_e(sugg[i])}" data-dv="{_e(hosts[i])}">'
        + "".join(
            _cell(name, values[name][i], kind, extras[i] if name == "domain" else "")
            for name, _, kind in cols
        )
        + "</tr>"
        for i in range(len(shown))
    )
    cut = (
        f" The table lists the {_n(len(shown))} riskiest of {_n(total)} domains; domains.csv has them all."
        if total > len(shown)
        else ""
    )
    if per_domain:
        cut += (
            f" Under each domain: an example linking URL and its riskiest links (up to {DRILL_LINKS}); "
            "links.csv has every link."
            + (
                f" To keep the page small, it lists at most {_n(DRILL_BUDGET)} links, so {_n(spent)} of the "
                "least risky domains point to links.csv instead."
                if spent
                else ""
            )
        )
    options = lambda values: "".join(f'<option value="{v}">{v}</option>' for v in values)
    command = (
        "toxicity disavow review.csv" + (f" --site {shlex.quote(site)}" if site else "") + " -o disavow.txt"
    )
    return (
        '<section class="panel"><h2>All referring domains</h2>'
        '<p class="lead">Click a column title to sort (band and suggestion by severity, numbers largest '
        "first); type to filter by domain, anchor or reason. URLs are "
        f"shown as text on purpose: nothing here opens a linking site.{_e(cut)}</p>"
        '<div class="filters"><input id="f-text" type="search" '
        'placeholder="Filter domains, anchors, reasons" '
        'aria-label="Filter">'
        '<select id="f-band" aria-label="Band"><option value="">All bands</option>'
        f"{options(reversed(BANDS))}</select>"
        f'<select id="f-suggestion" aria-label="Suggestion"><option value="">All suggestions</option>'
        f'{options(SUGGESTIONS)}</select><span id="f-count" aria-live="polite"></span></div>'
        f'<div class="tablebox"><table id="domains"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
        '<div class="actions"><button type="button" id="dl-csv">Download the filtered table (CSV)</button>'
        '<button type="button" id="dl-draft">Download a draft disavow list</button>'
        "<details><summary>Draft disavow list of the filtered domains suggested for disavow</summary>"
        '<textarea id="draft" readonly rows="8" aria-label="Draft disavow list"></textarea></details>'
        '<p class="note">The draft never names the audited site or a popular site and is marked “DRAFT - '
        "review first”: it is for checking, not for uploading. The disavow file to upload comes from your "
        "decisions: fill the decision column of review.csv, then run in the folder of this report:</p>"
        f"<pre><code>{_e(command)}</code></pre></div>"
        "</section>"
    )


_METRIC_WORDS = {"roc_auc": "ROC-AUC", "pr_auc": "PR-AUC", "fpr": "FPR", "url_only": "URL only"}


def _metric_label(name: str) -> str:
    """``cross_source / url_only / roc_auc`` -> ``cross source / URL only / ROC-AUC``."""
    parts = []
    for part in name.split(" / "):
        for key, word in _METRIC_WORDS.items():
            part = part.replace(key, word)
        parts.append(part.replace("_", " "))
    return " / ".join(parts)


def _metric_value(name: str, value: float) -> str:
    return f"{value:.1%}" if "fpr" in name or "precision" in name or "recall" in name else f"{value:.3f}"


def _model_section(s: Mapping[str, Any]) -> str:
    """The model card as a closed appendix: plain words first, the measured figures for the analyst inside."""
    m = s.get("model") or {}
    th = m.get("thresholds") or {}
    facts = [
        ("Model", m.get("name") or "?"),
        ("Trained", m.get("created") or "unknown"),
        ("Package version", m.get("toxicity_version") or "unknown"),
        ("Features", _n(m.get("features")) if m.get("features") else "unknown"),
        ("Training rows", _n(m.get("training_rows")) if m.get("training_rows") else "unknown"),
        (
            "Evaluation thresholds (model's own probability)",
            f"medium ≥ {_n(th.get(MEDIUM))}, high ≥ {_n(th.get(HIGH))}" if th else "unknown",
        ),
    ]
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts)
    metrics = m.get("metrics") or []
    table = (
        '<div class="scrollx"><table class="metrics"><thead><tr><th>Measure</th><th>Value</th></tr></thead>'
        "<tbody>"
        + "".join(
            f"<tr><td>{_e(_metric_label(x['name']))}</td>"
            f'<td class="num">{_e(_metric_value(x["name"], x["value"]))}</td></tr>'
            for x in metrics
            if x.get("value") is not None
        )
        + "</tbody></table></div>"
        if metrics
        else '<p class="note">The model card lists no headline metrics.</p>'
    )
    simulated = m.get("simulated") or []
    notes = m.get("notes") or []
    auc = next(
        (x["value"] for x in metrics if x["name"].endswith("roc_auc") and x.get("value") is not None), None
    )
    plain = [
        f"The scores come from the model “{m.get('name') or '?'}”"
        + (f", trained on {_n(m.get('training_rows'))} examples" if m.get("training_rows") else "")
        + (f" ({m.get('created')})" if m.get("created") else "")
        + "."
    ]
    if auc is not None:
        plain.append(
            f"Shown a toxic and a clean domain it had not seen in training, it ranks the toxic one higher in "
            f"about {_pct(auc)} of cases (50% would be guessing)."
        )
    if simulated:
        plain.append(
            f"Part of what it learnt from is simulated ({_plural(len(simulated), 'kind')} of data, "
            "listed below), "
            "because real exports rarely come with verified labels. "
            "Treat the scores as a well-informed first "
            "sort for a person to check, not as proof."
        )
    sim = (
        f"<details><summary>What is simulated in its training data ({len(simulated)})</summary><ul>"
        + "".join(f"<li>{_e(x)}</li>" for x in simulated)
        + "</ul></details>"
        if simulated
        else '<p class="note">Nothing in its training data is simulated.</p>'
    )
    note = (
        "<details><summary>Notes from the model card</summary><ul>"
        + "".join(f"<li>{_e(x)}</li>" for x in notes)
        + "</ul></details>"
        if notes
        else ""
    )
    return (
        '<section class="panel appendix"><details id="model">'
        "<summary><h2>Appendix: about the model</h2></summary>"
        f'<p class="lead">{_e(" ".join(plain))}</p>'
        "<details><summary>Measured figures</summary>"
        '<p class="note">On held-out data. ROC-AUC: 1 is perfect, '
        "0.5 is chance; FPR: share of clean sites wrongly flagged.</p>"
        f'<dl class="model">{dl}</dl>{table}</details>{sim}{note}</details></section>'
    )


#: Characters of an example value the "Data read" panel shows (quoted with repr: it is text from the export).
EXAMPLE_CHARS = 80


def _example(value: Any) -> str:
    text = str(value)
    return repr(text[:EXAMPLE_CHARS]) + ("…" if len(text) > EXAMPLE_CHARS else "")


def _reasons(counts: Mapping[str, Any], examples: Mapping[str, Any]) -> str:
    """``unparseable URL: 3 (e.g. 'http://sp ace.example/')``, one per reason, joined; escaped."""
    return "; ".join(
        f"{reason}: {_n(count)}" + (f" (e.g. {_example(examples[reason])})" if reason in examples else "")
        for reason, count in sorted(counts.items())
    )


def _reading_section(s: Mapping[str, Any]) -> str:
    """The "Data read" panel: each export with its format and rows, and what was skipped and why."""
    r = s.get("reading")
    if not r:
        return ""
    rows = "".join(
        f"<tr><td>{_e(e['name'])}</td><td>{_e(e['format'])}</td><td>{_e(e['encoding'])}</td>"
        f'<td class="num">{_n(e["rows_read"])}</td><td class="num">{_n(e["records"])}</td>'
        f'<td class="num">{_n(sum(e["skipped"].values()))}</td></tr>'
        for e in r["exports"]
    )
    skipped = sum(r["skipped"].values())
    notes = [
        f"{_n(r['rows_read'])} rows read, {_n(r['records'])} link records scored."
        + (f" {_n(r['duplicates_removed'])} exact duplicates removed." if r["duplicates_removed"] else ""),
        f"Skipped rows: {_reasons(r['skipped'], r['examples'])}." if skipped else "No row was skipped.",
    ]
    if r["flagged"]:
        notes.append(f"Kept, but unusual: {_reasons(r['flagged'], r['examples'])}.")
    return (
        '<section class="panel"><h2>Data read</h2>'
        '<p class="lead">The exports this audit read, and the rows that could not become link records. '
        "Examples are quoted as the export wrote them.</p>"
        '<div class="scrollx"><table class="metrics"><thead><tr>'
        "<th>Export</th><th>Format</th><th>Encoding</th>"
        f"<th>Rows read</th><th>Records</th><th>Skipped</th></tr></thead><tbody>{rows}</tbody></table></div>"
        + "".join(f'<p class="note">{_e(n)}</p>' for n in notes)
        + "</section>"
    )


def render_report(
    summary: Mapping[str, Any],
    domains: pd.DataFrame,
    *,
    max_rows: int = MAX_TABLE_ROWS,
    links: pd.DataFrame | None = None,
) -> str:
    """One self-contained HTML page for an audit.

    Parameters
    ----------
    summary : from :func:`toxicity.report.summary.summarise` (or read back with ``read_summary``)
    domains : the domain table (``Audit.domains`` or ``domains.csv``)
    max_rows : the domain table lists at most this many domains, the riskiest (a note says so)
    links : the scored links (``Audit.links`` or ``links.csv``); when given, each domain of the table opens
        to its riskiest :data:`DRILL_LINKS` links (at most :data:`DRILL_BUDGET` in the page)

    Returns
    -------
    str
        The HTML document. Every string from the export is escaped; the page loads nothing.
    """
    site = summary.get("site") or "backlink profile"
    version = summary.get("toxicity_version") or ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(content_security_policy())}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>Backlink audit: {_e(site)}</title>"
        f"<style>{_CSS}</style></head><body>"
        + _header(summary)
        + '<main class="wrap">'
        + _verdict_section(summary, domains)
        + _cards(summary)
        + _overview(summary)
        + _anchor_section(summary)
        + _timeline_section(summary)
        + _sources_section(summary)
        + _riskiest_section(summary)
        + _networks_section(summary, domains)
        + _table_section(domains, max_rows, summary.get("site"), links)
        + _model_section(summary)
        + _reading_section(summary)
        + f"<footer>Made with toxicity {_e(version)}. Scores are suggestions: a person decides on every "
        "domain in the review sheet before anything is disavowed.</footer>"
        + f"</main><script>{_SCRIPT}</script></body></html>\n"
    )


# ----------------------------------------------------------------------------------------------
# Files


@dataclass
class ReportFiles:
    """What :func:`write_report` wrote. ``plots_skipped`` says why no PNG was drawn (or is None)."""

    summary: Path
    html: Path
    plots: list[Path] = field(default_factory=list)
    plots_skipped: str | None = None


def _write_text(path: Path, text: str) -> None:
    with atomic_file(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def _write_outputs(
    summary: Mapping[str, Any],
    domains: pd.DataFrame,
    outdir: Path,
    plots: bool,
    links: pd.DataFrame | None = None,
) -> ReportFiles:
    from toxicity.report.plots import missing_matplotlib, write_plots

    html_path = outdir / "report.html"
    _write_text(html_path, render_report(summary, domains, links=links))
    files = ReportFiles(summary=outdir / "summary.json", html=html_path)
    if plots:
        files.plots_skipped = missing_matplotlib()
        if files.plots_skipped is None:
            files.plots = write_plots(summary, outdir / "plots")
    return files


def write_report(
    audit: Any,
    links: pd.DataFrame,
    outdir: str | os.PathLike[str],
    *,
    card: Any = None,
    plots: bool = True,
    reading: Mapping[str, Any] | None = None,
) -> ReportFiles:
    """Write ``summary.json``, ``report.html`` and (with matplotlib) ``plots/*.png`` into ``outdir``.

    Parameters
    ----------
    audit : from :func:`toxicity.audit.score_links`
    links : the link records that were scored
    outdir : the audit's output folder (created if needed)
    card : the model card; read from ``audit.model_path`` when None
    plots : draw the PNG plots (skipped, with the reason in ``plots_skipped``, without matplotlib)
    reading : what was read (:meth:`toxicity.io.ReadResult.reading`), shown in the "Data read" panel
    """
    from toxicity.report.summary import summarise, write_summary

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    summary = summarise(audit, links, card=card, reading=reading)
    write_summary(summary, out / "summary.json")
    return _write_outputs(summary, audit.domains, out, plots, audit.links)


def rebuild_report(outdir: str | os.PathLike[str], *, plots: bool = True) -> ReportFiles:
    """Redraw ``report.html`` and the plots from ``outdir/summary.json`` and ``outdir/domains.csv``.

    ``outdir/links.csv``, when there, gives the per-domain drill-down; without it the table has none.
    """
    from toxicity.report.summary import read_summary

    out = Path(outdir)
    summary = read_summary(out / "summary.json")
    domains, links = read_domains(out / "domains.csv"), read_links(out / "links.csv")
    return _write_outputs(summary, domains, out, plots, links)


def read_links(path: str | os.PathLike[str]) -> pd.DataFrame | None:
    """The drill-down columns of ``links.csv`` (:data:`DRILL_COLUMNS`), or None when it is absent or foreign.

    The drill-down is an extra: a missing or unreadable links.csv leaves the report without it (logged),
    it does not stop the report being redrawn.
    """
    from toxicity.cells import restore_text

    path = Path(path)
    if not path.is_file():
        return None
    try:
        table = pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", usecols=lambda c: c in DRILL_COLUMNS
        )
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        log.warning("%s: not readable (%s); the report has no per-domain drill-down", path, exc)
        return None
    missing = [c for c in DRILL_COLUMNS if c not in table.columns]
    if missing:
        log.warning("%s lacks %s; the report has no per-domain drill-down", path, ", ".join(missing))
        return None
    for column in ("source_url", "source_domain", "anchor", "reasons"):
        table[column] = table[column].map(restore_text)
    table["risk"] = pd.to_numeric(table["risk"], errors="coerce")
    return table


def read_domains(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read ``domains.csv`` as written by ``toxicity score`` (apostrophes added against formulas removed)."""
    from toxicity.cells import restore_text

    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"{path}: no such file; run 'toxicity score ... -o {path.parent}' first")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputFileError(
            f"{path}: not a readable domains table ({exc}); rerun 'toxicity score'"
        ) from None
    missing = [c for c in REQUIRED_DOMAIN_COLUMNS if c not in table.columns]
    if missing:
        raise InputFileError(
            f"{path}: lacks columns {', '.join(missing)} (found {', '.join(list(table.columns)[:6])}); "
            "give the domains.csv that 'toxicity score' wrote"
        )
    for column in table.columns:
        if column in ("links", "risk", "confidence"):
            table[column] = pd.to_numeric(table[column], errors="coerce")
        else:
            table[column] = table[column].map(restore_text)
    return table
