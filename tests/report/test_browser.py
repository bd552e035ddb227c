"""report.html in a real browser: headless Chromium draws it, our script runs, the export's never does.

Needs Debian's ``chromium`` package (``apt-get install chromium``; ``.ci/run`` installs it). The
browser runs with a fresh profile, no network services and a hard timeout; the page is a local file
whose Content-Security-Policy blocks every load.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from toxicity.report.html import write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not found: install Debian's package with 'apt-get install chromium' "
    "(the report's browser test needs it)",
)

SCRIPT_ANCHOR = "<script>document.title='pwned'</script>"
IMG = (
    "\"><img src=x onerror=\"document.title='pwned';"
    "document.documentElement.setAttribute('data-pwned','1')\">"
)


def _chromium(args: list[str], tmp_path: Path, name: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{name}"
    cmd = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=3000",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def test_chromium_draws_the_report_and_runs_only_our_script(make_audit, card, tmp_path: Path) -> None:
    audit, links = make_audit(domain_name=IMG, site=IMG)
    files = write_report(audit, links, tmp_path / "audit", card=card, plots=False)
    url = files.html.resolve().as_uri()

    dom = _chromium(["--dump-dom", url], tmp_path, "dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert 'data-ready="1"' in html, "the report's own (hash-pinned) script did not run"
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("Backlink audit: "), f"a script from the export changed the title to {title!r}"
    assert 'data-pwned="1"' not in html, "an onerror handler from the export ran"
    assert "<img" not in html
    assert html.count('<svg class="chart"') >= 7
    assert html.count("<tr data-band=") == 3
    assert "3 of 3 domains shown" in html  # filled in by the table script
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in html  # shown as text

    shot = tmp_path / "report.png"
    run = _chromium(
        ["--hide-scrollbars", "--window-size=1280,2000", f"--screenshot={shot}", url], tmp_path, "shot"
    )
    assert run.returncode == 0, run.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 60_000, "the screenshot is nearly empty"


# The page measures itself inside an iframe of the exact width: headless Chromium will not make its own
# window narrower than 500 px. The iframe keeps the report's own CSP; the measuring script sits in the
# parent page, which reads the (same-origin, srcdoc) frame.
_MEASURE = """
var frame = document.getElementById("f");
frame.addEventListener("load", function () {
  var d = frame.contentDocument, w = frame.contentWindow, out = {};
  out.scrollWidth = d.documentElement.scrollWidth;
  out.innerWidth = w.innerWidth;
  out.ready = d.documentElement.getAttribute("data-ready");
  out.charts = [];
  d.querySelectorAll("svg.chart").forEach(function (svg) {
    var r = svg.getBoundingClientRect(), box = svg.parentElement.getBoundingClientRect();
    out.charts.push({title: svg.querySelector("title").textContent, left: r.left, right: r.right,
                     boxLeft: box.left, boxRight: box.right});
  });
  out.wide = [];
  d.querySelectorAll("body *").forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.right > w.innerWidth + 0.5 && !el.closest(".tablebox, .scrollx")) {
      out.wide.push(el.tagName + "." + el.getAttribute("class") + " " + Math.round(r.right));
    }
  });
  document.body.setAttribute("data-measure", JSON.stringify(out));
});
"""


def _measure(page: Path, width: int, tmp_path: Path) -> dict:
    import html
    import json
    import re

    doc = page.read_text(encoding="utf-8")
    harness = tmp_path / f"measure-{width}.html"
    harness.write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><iframe id="f" width="{width}" height="900" '
        f'style="border:0" srcdoc="{html.escape(doc, quote=True)}"></iframe>'
        f"<script>{_MEASURE}</script></body></html>",
        encoding="utf-8",
    )
    run = _chromium(["--window-size=1500,1000", "--dump-dom", harness.as_uri()], tmp_path, f"m{width}")
    assert run.returncode == 0, run.stderr[-2000:]
    found = re.search(r'data-measure="([^"]*)"', run.stdout)
    assert found, "the measuring script did not run"
    return json.loads(html.unescape(found.group(1)))


@pytest.mark.parametrize("width", [360, 390, 1440])
def test_the_page_fits_phones_and_wide_screens(make_audit, card, tmp_path: Path, width: int) -> None:
    long_domain = "a-very-long-subdomain-name-of-a-spam-network.example-linkfarm-hosting.xyz"
    audit, links = make_audit(domain_name=long_domain)
    audit.domains.loc[0, "top_anchor"] = "buy cheap sourdough starter online " * 9  # ~300 characters
    audit.domains.loc[0, "reasons"] = "; ".join(
        ["one of 19 referring domains sharing commercial anchors"] * 6
    )
    files = write_report(audit, links, tmp_path / "audit", card=card, plots=False)

    m = _measure(files.html, width, tmp_path)
    assert m["innerWidth"] == width
    assert m["ready"] == "1"
    assert m["scrollWidth"] <= m["innerWidth"], f"the page scrolls sideways; too wide: {m['wide'][:8]}"
    assert len(m["charts"]) >= 7
    for chart in m["charts"]:
        assert chart["left"] >= chart["boxLeft"] - 0.5 and chart["right"] <= chart["boxRight"] + 0.5, chart
        assert chart["right"] <= width, chart


_ACT = """
var frame = document.getElementById("f");
frame.addEventListener("load", function () {
  var d = frame.contentDocument, w = frame.contentWindow, out = {}, blobs = [];
  // Catch the downloads instead of saving them: the test reads what the page would have written.
  w.URL.createObjectURL = function (blob) { blobs.push(blob); return "about:blank"; };
  w.HTMLAnchorElement.prototype.click = function () {};
  out.draftAll = d.getElementById("draft").value;
  var band = d.querySelector("th[data-name=band] button"), \
risk = d.querySelector("th[data-name=risk] button");
  var domain = d.querySelector("th[data-name=domain] button");
  function order(attr) { return Array.prototype.map.call(d.getElementById("domains").tBodies[0].rows,
    function (r) { return r.getAttribute(attr); }); }
  band.click(); out.bandFirst = order("data-band");
  band.click(); out.bandSecond = order("data-band");
  domain.click(); out.domainFirst = order("data-dv");
  risk.click(); risk.click(); \
out.riskAfterTwo = d.querySelector("th[data-name=risk]").getAttribute("aria-sort");
  var s = d.getElementById("f-suggestion"); s.value = "review"; s.dispatchEvent(new Event("change"));
  out.draftReview = d.getElementById("draft").value;
  s.value = ""; s.dispatchEvent(new Event("change"));
  d.getElementById("dl-csv").click();
  d.getElementById("dl-draft").click();
  Promise.all(blobs.map(function (b) { return b.text(); })).then(function (texts) {
    out.files = texts;
    document.body.setAttribute("data-measure", JSON.stringify(out));
  });
});
"""


def _run_in_frame(page: Path, script: str, tmp_path: Path, width: int = 1200) -> dict:
    import html
    import json
    import re

    doc = page.read_text(encoding="utf-8")
    harness = tmp_path / f"harness-{width}.html"
    harness.write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><iframe id="f" width="{width}" height="900" '
        f'style="border:0" srcdoc="{html.escape(doc, quote=True)}"></iframe>'
        f"<script>{script}</script></body></html>",
        encoding="utf-8",
    )
    run = _chromium(["--window-size=1500,1000", "--dump-dom", harness.as_uri()], tmp_path, f"h{width}")
    assert run.returncode == 0, run.stderr[-2000:]
    found = re.search(r'data-measure="([^"]*)"', run.stdout)
    assert found, "the harness script did not finish"
    return json.loads(html.unescape(found.group(1)))


def test_sorting_downloads_and_the_draft_disavow_list(make_audit, card, tmp_path: Path) -> None:
    audit, links = make_audit(domain_name="=cmd|' /C calc'!A0", site="acme.com")
    audit.domains["domain"] = ["spam.example", "b.xyz", "google.com"]  # google.com: a popular site
    audit.domains["suggestion"] = ["disavow", "disavow", "disavow"]
    audit.domains.loc[1, "reasons"] = '=HYPERLINK("http://evil.example")'
    files = write_report(audit, links, tmp_path / "audit", card=card, plots=False)
    m = _run_in_frame(files.html, _ACT, tmp_path)

    assert m["bandFirst"] == ["high", "medium", "low"]  # by severity, most severe first
    assert m["bandSecond"] == ["low", "medium", "high"]
    assert m["domainFirst"] == ["b.xyz", "", "spam.example"]  # text A-Z on the first click
    assert m["riskAfterTwo"] == "ascending"
    draft = m["draftAll"].splitlines()
    assert draft[0].startswith("# DRAFT - review first")
    assert [line for line in draft if not line.startswith("#")] == ["domain:spam.example", "domain:b.xyz"]
    assert "google.com" not in m["draftAll"] and "acme.com" not in m["draftAll"]
    assert "1 the audited site, popular sites" in m["draftAll"]
    assert [line for line in m["draftReview"].splitlines() if not line.startswith("#")] == []

    csv_text, draft_file = m["files"]
    assert sorted(draft_file.splitlines()) == sorted(draft)  # the same list, in the table's current order
    lines = csv_text.lstrip("\ufeff").split("\r\n")
    assert lines[0].startswith('"domain","risk","band","suggestion","links"')
    assert len([line for line in lines if line]) == 4
    assert '"\'=HYPERLINK(""http://evil.example"")"' in csv_text  # a formula is written as text
