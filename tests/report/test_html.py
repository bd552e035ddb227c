"""report.html: hostile export text stays text, the CSP allows only our script, files and the CLI."""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toxicity.cli import cli
from toxicity.report.html import (
    MAX_TABLE_ROWS,
    content_security_policy,
    read_domains,
    render_report,
    write_report,
)
from toxicity.report.plots import INSTALL_HINT, PLOT_FILES
from toxicity.report.summary import summarise

SCRIPT_ANCHOR = "<script>document.title='pwned'</script>"
IMG = '"><img src=x onerror=alert(1)>'


class _Elements(HTMLParser):
    """Collects start tags, their attributes and the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def _parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    return parser


def _hostile_page(make_audit, card) -> tuple[str, dict]:
    audit, links = make_audit(domain_name=IMG, site=IMG)
    summary = summarise(audit, links, card=card)
    return render_report(summary, audit.domains), summary


def test_export_text_is_shown_as_text_never_as_markup(make_audit, card) -> None:
    page, _ = _hostile_page(make_audit, card)
    assert SCRIPT_ANCHOR not in page and "<img" not in page
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    parsed = _parse(page)
    assert [t for t, _ in parsed.tags].count("script") == 1
    assert not [t for t, _ in parsed.tags if t in ("img", "iframe", "object", "embed", "a", "link", "base")]
    assert not [(t, a) for t, a in parsed.tags for name in a if name.startswith("on")]
    text = "".join(parsed.text)
    assert SCRIPT_ANCHOR in text and IMG in text  # readable as text on the page
    assert f"<title>Backlink audit: {IMG}</title>" not in page


def test_csp_blocks_remote_loads_and_pins_the_inline_script(make_audit, card) -> None:
    page, _ = _hostile_page(make_audit, card)
    parsed = _parse(page)
    metas = [a for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(metas) == 1
    policy = metas[0]["content"]
    assert policy == content_security_policy()
    assert "default-src 'none'" in policy and "http" not in policy and "unsafe" not in policy
    digest = base64.b64encode(hashlib.sha256(parsed.scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL).group(1)
    assert base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() in policy
    assert page.index("Content-Security-Policy") < page.index("<style>")


def test_page_has_every_chart_and_the_domain_table(make_audit, card) -> None:
    page, _ = _hostile_page(make_audit, card)
    titles = re.findall(r'<svg class="chart"[^>]*><title>([^<]*)</title>', page)
    for wanted in ("Links per risk score", "Anchor classes against a natural profile", "Most used anchors",
                   "Links first seen per week", "Links per top-level domain", "Links by topical distance",
                   "Referring domains by risk band"):
        assert wanted in titles
    assert page.count("<tr data-band=") == 3
    assert "test-model" in page and "Simulated anchor kind" in page
    assert "0.710" in page  # the ROC-AUC from the card


def test_domain_table_is_capped_with_a_note(make_audit, card) -> None:
    audit, links = make_audit()
    summary = summarise(audit, links, card=card)
    many = pd.concat([audit.domains] * 4, ignore_index=True)
    page = render_report(summary, many, max_rows=5)
    assert page.count("<tr data-band=") == 5
    assert "The table lists the 5 riskiest of 12 domains; domains.csv has them all." in page
    assert MAX_TABLE_ROWS >= 1000


_TEXT = st.text(alphabet=st.sampled_from(list("<>\"'&=/ ;:ascriptonerrorimg\u2028\x00é")), max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(domain=_TEXT, anchor=_TEXT, reason=_TEXT, site=_TEXT)
def test_no_text_ever_becomes_markup(make_audit, card, domain: str, anchor: str, reason: str, site: str) -> None:
    audit, links = make_audit(domain_name=domain or "x.com", site=site or None)
    audit.links["anchor"] = pd.array([anchor] * 6, dtype="string")
    audit.domains["reasons"] = reason
    audit.domains["top_anchor"] = anchor
    page = render_report(summarise(audit, links, card=card), audit.domains)
    parsed = _parse(page)
    assert [t for t, _ in parsed.tags].count("script") == 1
    assert not [(t, a) for t, a in parsed.tags for name in a if name.startswith("on")]
    assert parsed.scripts[0] in page and "</script>" not in parsed.scripts[0]


def test_write_report_then_rebuild_from_the_folder(make_audit, card, tmp_path: Path) -> None:
    from toxicity.report.tables import write_csv

    audit, links = make_audit()
    audit.domains.loc[1, "top_anchor"] = "=HYPERLINK(\"http://x\")"
    files = write_report(audit, links, tmp_path, card=card, plots=False)
    assert files.html.is_file() and files.summary.is_file() and files.plots == []
    first = files.html.read_text(encoding="utf-8")
    write_csv(audit.domains, tmp_path / "domains.csv")
    assert read_domains(tmp_path / "domains.csv")["top_anchor"].tolist() == audit.domains["top_anchor"].tolist()
    files.html.unlink()
    result = CliRunner().invoke(cli, ["report", str(tmp_path), "--no-plots"])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {tmp_path / 'report.html'}\n"
    assert files.html.read_text(encoding="utf-8") == first


def test_report_command_errors_name_the_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / 'summary.json'}: no such file; run 'toxicity score ... -o {tmp_path}' first "
        "(it writes summary.json)\n"
    )


def test_report_command_rejects_a_foreign_domains_table(make_audit, card, tmp_path: Path) -> None:
    audit, links = make_audit()
    write_report(audit, links, tmp_path, card=card, plots=False)
    (tmp_path / "domains.csv").write_text("site,score\nx.com,1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / 'domains.csv'}: lacks columns domain, links, risk, band, suggestion, reasons "
        "(found site, score); give the domains.csv that 'toxicity score' wrote\n"
    )


def test_without_matplotlib_the_html_is_written_and_the_pip_line_given(
    make_audit, card, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "matplotlib" else real(name, *a))
    audit, links = make_audit()
    files = write_report(audit, links, tmp_path, card=card)
    assert files.html.is_file() and files.plots == []
    assert files.plots_skipped == f"PNG plots skipped: matplotlib is not installed. Add it with: {INSTALL_HINT}"
    assert INSTALL_HINT == "pip install 'toxicity[report]'"


def test_png_plots_for_slides(make_audit, card, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="PNG plots need matplotlib (pip install 'toxicity[report]')")
    audit, links = make_audit(site="$x$ acme.com")  # mathtext must not parse export text
    files = write_report(audit, links, tmp_path, card=card)
    assert [p.name for p in files.plots] == list(PLOT_FILES)
    for path in files.plots:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000


# -- the "Data read" panel (issue 12) ---------------------------------------------------------------------

HOSTILE_READING = {
    "exports": [{"name": f"{SCRIPT_ANCHOR}.csv", "format": "gsc-links", "encoding": "utf-8", "rows_read": 4,
                 "records": 2, "skipped": {"unparseable URL": 2}}],
    "rows_read": 4,
    "records": 2,
    "duplicates_removed": 0,
    "skipped": {"unparseable URL": 2},
    "flagged": {"unusual host": 1},
    "examples": {"unparseable URL": IMG + "\u202e" + "x" * 200, "unusual host": "zh-.2hanx2.example"},
}


def test_data_read_panel_shows_exports_and_skipped_rows_as_text(make_audit, card) -> None:
    audit, links = make_audit()
    page = render_report(summarise(audit, links, card=card, reading=HOSTILE_READING), audit.domains)
    panel = page[page.index("<h2>Data read</h2>") :]
    assert "<td>gsc-links</td><td>utf-8</td>" in panel
    assert f"<td>{html.escape(SCRIPT_ANCHOR)}.csv</td>" in panel
    shown = html.escape(repr((IMG + "\u202e" + "x" * 200)[:80]))
    assert f"Skipped rows: unparseable URL: 2 (e.g. {shown}…)." in panel
    assert "\\u202e" in panel and "\u202e" not in panel  # a bidi override is shown escaped, never applied
    assert "Kept, but unusual: unusual host: 1 (e.g. &#x27;zh-.2hanx2.example&#x27;)." in panel
    parsed = _parse(page)
    assert [t for t, _ in parsed.tags].count("script") == 1
    assert not [t for t, _ in parsed.tags if t in ("img", "a")]


def test_no_data_read_panel_without_a_reading(make_audit, card) -> None:
    audit, links = make_audit()
    assert "Data read" not in render_report(summarise(audit, links, card=card), audit.domains)


def test_score_prints_and_reports_skipped_rows_with_reasons(tmp_path: Path) -> None:
    export = tmp_path / "gsc.csv"
    export.write_text(
        "Linking page,Last crawled\nhttps://a.example.com/x,2026-09-15\nhttp://sp ace.example/,2026-09-14\n"
        "::bad::,2026-09-13\nhttps://b.example.org/,2026-09-12\n,2026-09-01\n",
        encoding="utf-8",
    )
    out = tmp_path / "audit"
    result = CliRunner().invoke(cli, ["score", str(export), "--site", "crumbandcrust.com", "-o", str(out),
                                      "--no-plots", "-q"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:3] == [
        "Read 5 rows (gsc-links); 3 skipped; 0 exact duplicates removed.",
        "Skipped rows:    empty URL: 1",
        "                 unparseable URL: 2 (e.g. 'http://sp ace.example/')",
    ]
    reading = json.loads((out / "summary.json").read_text(encoding="utf-8"))["reading"]
    assert reading["exports"] == [
        {"name": str(export), "format": "gsc-links", "encoding": "utf-8", "rows_read": 5, "records": 2,
         "skipped": {"empty URL": 1, "unparseable URL": 2}},
    ]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Skipped rows: empty URL: 1; unparseable URL: 2 (e.g. &#x27;http://sp ace.example/&#x27;)." in page
    # toxicity report redraws the panel from summary.json alone
    (out / "report.html").unlink()
    assert CliRunner().invoke(cli, ["report", str(out), "--no-plots"]).exit_code == 0
    rebuilt = (out / "report.html").read_text(encoding="utf-8")
    assert rebuilt[rebuilt.index("<h2>Data read</h2>") :] == page[page.index("<h2>Data read</h2>") :]
