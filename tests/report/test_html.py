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
    BAND_COLOURS,
    BIDI_CONTROLS,
    CLIP_CHARS,
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
    for wanted in (
        "Links per risk score",
        "Anchor classes against a natural profile",
        "Most used anchors",
        "Links first seen per week",
        "Links per top-level domain",
        "Links by topical distance",
        "Referring domains by risk band",
    ):
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
def test_no_text_ever_becomes_markup(
    make_audit, card, domain: str, anchor: str, reason: str, site: str
) -> None:
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
    audit.domains.loc[1, "top_anchor"] = '=HYPERLINK("http://x")'
    files = write_report(audit, links, tmp_path, card=card, plots=False)
    assert files.html.is_file() and files.summary.is_file() and files.plots == []
    first = files.html.read_text(encoding="utf-8")
    write_csv(audit.domains, tmp_path / "domains.csv")
    write_csv(audit.links, tmp_path / "links.csv")  # the drill-down under each domain comes from it
    assert (
        read_domains(tmp_path / "domains.csv")["top_anchor"].tolist() == audit.domains["top_anchor"].tolist()
    )
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
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "matplotlib" else real(name, *a)
    )
    audit, links = make_audit()
    files = write_report(audit, links, tmp_path, card=card)
    assert files.html.is_file() and files.plots == []
    assert (
        files.plots_skipped == f"PNG plots skipped: matplotlib is not installed. Add it with: {INSTALL_HINT}"
    )
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
    "exports": [
        {
            "name": f"{SCRIPT_ANCHOR}.csv",
            "format": "gsc-links",
            "encoding": "utf-8",
            "rows_read": 4,
            "records": 2,
            "skipped": {"unparseable URL": 2},
        }
    ],
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
    result = CliRunner().invoke(
        cli, ["score", str(export), "--site", "crumbandcrust.com", "-o", str(out), "--no-plots", "-q"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:3] == [
        "Read 5 rows (gsc-links); 3 skipped; 0 exact duplicates removed.",
        "Skipped rows:    empty URL: 1",
        "                 unparseable URL: 2 (e.g. 'http://sp ace.example/')",
    ]
    reading = json.loads((out / "summary.json").read_text(encoding="utf-8"))["reading"]
    assert reading["exports"] == [
        {
            "name": str(export),
            "format": "gsc-links",
            "encoding": "utf-8",
            "rows_read": 5,
            "records": 2,
            "skipped": {"empty URL": 1, "unparseable URL": 2},
        },
    ]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Skipped rows: empty URL: 1; unparseable URL: 2 (e.g. &#x27;http://sp ace.example/&#x27;)." in page
    # toxicity report redraws the panel from summary.json alone
    (out / "report.html").unlink()
    assert CliRunner().invoke(cli, ["report", str(out), "--no-plots"]).exit_code == 0
    rebuilt = (out / "report.html").read_text(encoding="utf-8")
    assert rebuilt[rebuilt.index("<h2>Data read</h2>") :] == page[page.index("<h2>Data read</h2>") :]


def _burst_timeline(n: int = 10, bursts: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7)) -> dict:
    high = [12 if i in bursts else 0 for i in range(n)]
    return {
        "unit": "month",
        "periods": [f"2025-{i + 1:02d}-01" for i in range(n)],
        "counts": {"low": [2] * n, "medium": [0] * n, "high": high},
        "bursts": list(bursts),
        "median": 2.0,
        "rule": "A burst is ...",
        "undated": 0,
        "before": 0,
    }


def _section(page: str, marker: str) -> str:
    start = page.index(marker)
    return page[start : page.index("</section>", start)]


def test_verdict_on_top_says_what_to_disavow_and_the_patterns(make_audit, card) -> None:
    audit, links = make_audit()
    audit.domains["network"] = pd.array([3, 3, pd.NA], dtype="Int64")
    audit.domains["network_size"] = pd.array([2, 2, pd.NA], dtype="Int64")
    summary = summarise(audit, links, card=card)
    summary["timeline"] = _burst_timeline()
    page = render_report(summary, audit.domains)
    verdict = _section(page, 'id="verdict"')
    assert page.index('id="verdict"') < page.index('class="cards"')  # the client reads it first
    text = re.sub(r"<[^>]+>", "", verdict)
    assert "We suggest disavowing 1 of 3 referring domains (2 links)." in text
    assert "exact-match keyword anchor (1 domain)" in text
    assert "1 more domain needs a look by hand." in text
    assert "A link network of 2 domains (4 links), among them a.com, b.xyz." in text
    assert "Anchor over-optimisation: exact-match keyword anchors are 17% of anchors" in text
    assert "7 burst months of mostly high-risk new links: 84 of their 98 links are high risk" in text
    timeline = _section(page, "<h2>New links over time</h2>")
    assert "; and 2 more." in timeline and "the biggest: " in timeline


def test_verdict_of_a_clean_profile_says_nothing_was_found(make_audit, card) -> None:
    audit, links = make_audit()
    audit.domains["suggestion"] = "keep"
    audit.features["anchor_money_exact"] = 0.0
    audit.features["anchor_other"] = 1.0 - audit.features["anchor_brand"] - audit.features["anchor_generic"]
    text = re.sub(
        r"<[^>]+>",
        "",
        _section(render_report(summarise(audit, links, card=card), audit.domains), 'id="verdict"'),
    )
    assert "Nothing is suggested for disavow among 3 referring domains." in text
    assert "No link network, anchor over-optimisation or burst of new links was found." in text


def test_model_card_is_a_closed_appendix_in_plain_words(make_audit, card) -> None:
    page, _ = _hostile_page(make_audit, card)
    appendix = _section(page, 'class="panel appendix"')
    assert '<details id="model"><summary><h2>Appendix: about the model</h2>' in appendix
    assert "<details open" not in page
    assert "ranks the toxic one higher in about 71% of cases" in appendix
    assert "trained on 1,234 examples (2026-01-02)" in appendix
    assert page.index('class="panel appendix"') > page.index('id="domains"')


def test_charts_say_what_they_count_and_colour_only_judgements(make_audit, card) -> None:
    page, summary = _hostile_page(make_audit, card)
    top = page[page.index("<title>Most used anchors</title>") :]
    top = top[: top.index("</svg>")]
    row = next(r for r in summary["top_anchors"]["rows"] if r["anchor"] == "acme")
    assert row["domains"] == 3 and f">{round(row['domain_share'] * 100)}% · 3 domains</text>" in top
    assert " links</text>" not in top
    tlds = page[page.index("<title>Links per top-level domain</title>") :]
    tlds = tlds[: tlds.index("</svg>")]
    assert BAND_COLOURS["high"] not in tlds  # b.xyz's abuse rate of 40% is said, not painted
    assert "abuse 40%" in tlds


def test_an_export_without_anchors_says_so_in_one_line(make_audit, card) -> None:
    audit, links = make_audit()
    for c in [c for c in audit.features.columns if c.startswith("anchor_")]:
        audit.features[c] = 0.0
    audit.links["anchor"] = pd.array([None] * 6, dtype="string")
    page = render_report(summarise(audit, links, card=card), audit.domains)
    anchors = _section(page, "<h2>Anchor text</h2>")
    assert "This export carries no anchor texts" in anchors and "<svg" not in anchors


def test_threshold_label_near_the_right_edge_is_written_leftwards(make_audit, card) -> None:
    audit, links = make_audit()
    summary = summarise(audit, links, card=card)
    summary["thresholds"]["high"] = 93.0
    page = render_report(summary, audit.domains)
    assert re.search(
        r'<text x="[\d.]+" y="\d+" fill="#39424e" font-size="11" text-anchor="end">high ≥ 93</text>', page
    )
    assert re.search(r'<text x="[\d.]+" y="\d+" fill="#39424e" font-size="11">medium ≥ 40</text>', page)


def test_table_cells_sort_by_severity_break_domains_at_dots_and_clip_long_text(make_audit, card) -> None:
    audit, links = make_audit(domain_name="spam.links.example")
    audit.domains.loc[0, "top_anchor"] = "cheap pills " * 25
    page = render_report(summarise(audit, links, card=card), audit.domains)
    table = page[page.index('id="domains"') :]
    assert (
        '<td class="dom" data-v="spam.links.example" data-t="spam.links.example">'
        'spam.<wbr>links.<wbr>example<span class="eg">e.g. http://spam.links.example/p</span>'
    ) in table
    assert '<td data-v="3"><span class="pill high">high</span></td><td data-v="3">disavow</td>' in table
    assert (
        '<th data-type="num" data-name="band">' in table
        and '<th data-type="num" data-name="suggestion">' in table
    )
    clipped = re.search(
        r'<td class="anchor px" data-v="[^"]*" data-t="[^"]*"><details class="clip"><summary>'
        r"([^<]*)</summary>([^<]*)</details></td>",
        table,
    )
    assert (
        clipped and len(clipped.group(1)) == CLIP_CHARS["top_anchor"] and clipped.group(2).startswith("cheap")
    )
    assert "toxicity disavow review.csv --site acme.com -o disavow.txt" in page


@pytest.mark.parametrize("char", list(BIDI_CONTROLS))
def test_bidi_controls_from_the_export_are_shown_never_applied(make_audit, card, char: str) -> None:
    audit, links = make_audit(domain_name=f"{char}moc.live")
    audit.domains.loc[2, "reasons"] = f"reason {char}x"
    page = render_report(summarise(audit, links, card=card), audit.domains)
    assert char not in page
    assert f"\\u{ord(char):04x}moc.<wbr>live" in page and f"reason \\u{ord(char):04x}x" in page


def test_draft_disavow_hosts_exclude_the_site_popular_sites_and_non_hosts() -> None:
    from toxicity.report.html import _disavow_host

    assert _disavow_host("Spam.Example.", "acme.com") == "spam.example"
    assert _disavow_host("bücher.example", None) == "xn--bcher-kva.example"
    assert _disavow_host("faß.de", None) == "xn--fa-hia.de"  # UTS #46, not fass.de (someone else's domain)
    assert (
        _disavow_host("acme.com", "www.acme.com") == "" and _disavow_host("shop.acme.com", "acme.com") == ""
    )
    assert _disavow_host("google.com", None) == ""
    assert _disavow_host("a.example\ndomain:good.example", None) == ""
    assert _disavow_host("<img>", None) == ""


def _many_links(audit, n: int) -> pd.DataFrame:
    """``audit.links`` plus ``n`` more links of its first domain, of rising risk, with hostile anchors."""
    first = audit.domains.loc[0, "domain"]
    extra = pd.DataFrame(
        {
            "source_url": [f"http://{first}/x{i}?q=<b>" for i in range(n)],
            "source_domain": first,
            "target_url": "https://acme.com/",
            "anchor": pd.array([f"\u202eevil {i} <img src=x>" for i in range(n)], dtype="string"),
            "risk": [50 + i for i in range(n)],
            "band": "medium",
            "reasons": "one of 4 referring domains sharing commercial anchors (a link network)",
            "confidence": 50,
            "coverage": "url",
        }
    )
    return pd.concat([audit.links, extra], ignore_index=True)


def test_each_domain_opens_to_its_riskiest_links_as_text(make_audit, card) -> None:
    from toxicity.report.html import DRILL_LINKS

    audit, links = make_audit()
    scored = _many_links(audit, DRILL_LINKS + 5)
    audit.domains.loc[0, "links"] = len(scored[scored["source_domain"] == "a.com"])
    page = render_report(summarise(audit, links, card=card), audit.domains, links=scored)
    table = page[page.index('id="domains"') :]
    first = table[table.index('<td class="dom"') : table.index("</td>", table.index('<td class="dom"'))]
    assert '<span class="eg">e.g. http://a.com/p</span>' in first
    assert f"Show its riskiest {DRILL_LINKS} of 17 links" in first
    assert "and 7 more in links.csv" in first
    items = re.findall(r"<li>(.*?)</li>", first)
    assert len(items) == DRILL_LINKS
    # Riskiest first: the 90 of the fixture, then the extra links from the top down.
    assert [re.search(r'class="pill \w+">(\d+)', i).group(1) for i in items[:3]] == ["90", "80", "64"]
    assert "“\\u202eevil 14 &lt;img src=x&gt;”" in items[2]  # escaped, bidi override shown not applied
    assert "http://a.com/x14?q=&lt;b&gt;" in items[2] and "<a " not in table.split("</table>")[0]
    assert "a link network" in items[2]
    # The other domains list all their links, without a "more" line.
    assert "Show its 2 links" in table and table.count("more in links.csv") == 1
    assert "Under each domain: an example linking URL and its riskiest links (up to 10)" in page
    # The cell sorts and exports as the domain alone.
    assert first.startswith('<td class="dom" data-v="a.com" data-t="a.com">')


def test_drill_down_budget_keeps_the_page_small_and_says_so(make_audit, card, monkeypatch) -> None:
    import toxicity.report.html as report_html

    audit, links = make_audit()
    scored = _many_links(audit, 3)
    monkeypatch.setattr(report_html, "DRILL_BUDGET", 5)
    page = render_report(summarise(audit, links, card=card), audit.domains, links=scored)
    # a.com (5 links) fits, b.xyz (2) would pass the budget: it points to links.csv; c.org neither.
    assert page.count('<details class="drill">') == 1
    assert page.count("Its links: see links.csv") == 2
    assert "it lists at most 5 links, so 2 of the least risky domains point to links.csv instead" in page


def test_without_links_the_table_has_no_drill_down_but_keeps_the_example_url(make_audit, card) -> None:
    audit, links = make_audit()
    page = render_report(summarise(audit, links, card=card), audit.domains)
    assert '<details class="drill">' not in page and "Under each domain" not in page
    assert '<span class="eg">e.g. http://b.xyz/p</span>' in page


def test_rebuild_reads_the_drill_down_from_links_csv_and_survives_a_foreign_one(
    make_audit, card, tmp_path: Path
) -> None:
    from toxicity.report.html import read_links
    from toxicity.report.tables import write_csv

    audit, _links = make_audit()
    audit.links.loc[0, "anchor"] = '=HYPERLINK("http://x")'
    write_csv(audit.links, tmp_path / "links.csv")
    back = read_links(tmp_path / "links.csv")
    assert back["anchor"].tolist()[0] == '=HYPERLINK("http://x")' and back["risk"].tolist()[:2] == [90, 80]
    (tmp_path / "links.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert read_links(tmp_path / "links.csv") is None
    assert read_links(tmp_path / "missing.csv") is None


def test_link_networks_section_names_members_links_and_the_shared_trait(make_audit, card) -> None:
    audit, links = make_audit()
    d = pd.concat([audit.domains] * 4, ignore_index=True)
    d["domain"] = [f"n{i}.xyz" for i in range(len(d))]
    d["network"] = [1.0] * 8 + [2.0] * 2 + [None] * 2
    d["network_size"] = [8] * 8 + [2] * 2 + [None] * 2
    trait = "the same /24 subnet, first seen within three weeks"
    why = f"one of 8 referring domains sharing {trait} (a link network); x <b>"
    d["reasons"] = [why] * 7 + ["TLD abuse"] * 5
    d.loc[8, "reasons"] = "one of 2 referring domains sharing commercial anchors <i> (a link network)"
    page = render_report(summarise(audit, links, card=card), d)
    section = page[page.index('<section class="panel" id="networks">') :]
    section = section[: section.index("</section>")]
    # Placed in the analyst part: after the verdict, before the domain table.
    assert page.index('id="verdict"') < page.index('id="networks"') < page.index('id="domains"')
    items = re.findall(r"<li>(.*?)</li>", section)
    assert len(items) == 2
    assert items[0].startswith("<strong>8 domains, 16 links</strong>, sharing " + html.escape(trait))
    assert "(7 of 8 say so)" in items[0]
    assert "and 2 more" in items[0] and items[0].count(".xyz") == 6
    assert "sharing commercial anchors &lt;i&gt;" in items[1] and "<i>" not in section


def test_without_networks_the_section_says_none_was_found(make_audit, card) -> None:
    audit, links = make_audit()
    audit.domains["network"] = None
    page = render_report(summarise(audit, links, card=card), audit.domains)
    assert "No link network was found among the referring domains." in page
    without = audit.domains.drop(columns="network")
    assert 'id="networks"' not in render_report(summarise(audit, links, card=card), without)


def test_print_shows_a_compact_table_without_the_interactive_parts(make_audit, card) -> None:
    from toxicity.report.html import _CSS, PRINT_HIDDEN

    audit, links = make_audit()
    audit.domains.loc[0, "reasons"] = "first <reason>; second reason; " + "third " * 60
    page = render_report(summarise(audit, links, card=card), audit.domains, links=audit.links)
    printed = _CSS[_CSS.index("@media print{") :]
    for selector in (
        ".filters,.actions{display:none}",
        "td.px{display:none}",
        "details.drill,",
        "td.dom .eg,",
        "td.why{font-size:0}td.why .r1{font-size:8pt}",
        "th[data-name=confidence]",
        "th[data-name=first_seen]",
        "th[data-name=top_anchor]",
        "svg.chart",
        "h2,h3,.lead,.legend{break-after:avoid}",
    ):
        assert selector in printed, selector
    table = page[page.index('id="domains"') : page.index("</table>", page.index('id="domains"'))]
    rows = re.findall(r"<tr data-band=.*?</tr>", table)
    assert len(rows) == 3
    for row in rows:
        # Every cell of a column left off the printed table says so; the rest never do.
        assert row.count(' px"') == len(PRINT_HIDDEN)
    assert '<span class="r1">first &lt;reason&gt;</span>; second reason; third' in rows[0]
    assert '<span class="r1">TLD abuse</span></td>' in rows[1]
