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
IMG = "\"><img src=x onerror=\"document.title='pwned';document.documentElement.setAttribute('data-pwned','1')\">"


def _chromium(args: list[str], tmp_path: Path, name: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{name}"
    cmd = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--virtual-time-budget=3000", *args,
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
    run = _chromium(["--hide-scrollbars", "--window-size=1280,2000", f"--screenshot={shot}", url], tmp_path, "shot")
    assert run.returncode == 0, run.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 60_000, "the screenshot is nearly empty"
