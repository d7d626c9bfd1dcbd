"""Open a real report in headless Chromium: every image loads, no script error, sorting works.

Skipped when Chromium is not installed (Debian package ``chromium``; ``.ci/run`` installs it).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = next(
    (
        shutil.which(name)
        for name in ("chromium", "chromium-browser", "google-chrome")
        if shutil.which(name)
    ),
    None,
)

# Registered first, so it sees errors of the report's own script.
ERRORS = (
    "<script>window.__errors=[];window.addEventListener('error',function(e){"
    "window.__errors.push(String(e.message));});</script>"
)
# Runs after load: image sizes, a sort by a numeric column, then writes the findings.
PROBE = """<script>window.addEventListener('load', function () {
  var images = Array.prototype.map.call(document.images, function (img) {
    return {alt: img.alt, complete: img.complete, width: img.naturalWidth};
  });
  var sorted = null;
  var th = document.querySelector('th');
  var numeric = document.querySelector('td.num');
  if (numeric) {
    var table = numeric.closest('table');
    var header = table.tHead.rows[0].cells[numeric.cellIndex];
    header.click();
    var values = Array.prototype.map.call(table.tBodies[0].rows, function (row) {
      return parseFloat(row.cells[numeric.cellIndex].getAttribute('data-sort'));
    }).filter(function (v) { return !isNaN(v); });
    sorted = {column: header.textContent, state: header.getAttribute('aria-sort'),
              ascending: values.every(function (v, i) { return i === 0 || values[i - 1] <= v; })};
  }
  if (th) { th.click(); th.click(); }
  var out = document.createElement('pre');
  out.id = 'mirbone-probe';
  out.textContent = JSON.stringify({images: images, errors: window.__errors, sorted: sorted});
  document.body.appendChild(out);
});</script>"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from test_analysis import write_de_fixture

    from mirbone.analysis import analyze
    from mirbone.analysis._report import write_report

    folder = tmp_path_factory.mktemp("browser")
    table = write_de_fixture(folder)
    pairs = folder / "pairs.tsv"
    pairs.write_text(
        "mirna\tgene\nhsa-miR-214-3p\tATF4\nhsa-miR-214-3p\tPTEN\nhsa-miR-196a-5p\tHOXC8\n"
    )
    result = analyze(table, targets=pairs, permutations=200)
    try:
        return write_report(result, folder / "report")
    finally:
        result.close_figures()


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_report_opens_in_chromium(report, tmp_path):
    html = (report / "report.html").read_text(encoding="utf-8")
    n_images = html.count("<img ")
    assert n_images >= 3
    probe = report / "probe.html"
    probe.write_text(
        html.replace("<head>", "<head>" + ERRORS, 1).replace("</body>", PROBE + "</body>", 1),
        encoding="utf-8",
    )
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--dump-dom",
        probe.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    match = re.search(r'<pre id="mirbone-probe">(.*?)</pre>', done.stdout, re.DOTALL)
    assert match, f"no probe output (exit {done.returncode}): {done.stderr[-2000:]}"
    found = json.loads(
        match.group(1)
        .replace("&quot;", '"')
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
    )
    assert found["errors"] == []
    assert len(found["images"]) == n_images
    for image in found["images"]:
        assert image["complete"], image
        assert image["width"] > 0, image
    assert found["sorted"] is not None
    assert found["sorted"]["state"] == "ascending"
    assert found["sorted"]["ascending"]
