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


def run_probe(report, html, probe_script, tmp_path, *extra):
    """Open the report with a probe script in headless Chromium; return the probe's JSON."""
    probe = report / "probe.html"
    probe.write_text(
        html.replace("<head>", "<head>" + ERRORS, 1).replace(
            "</body>", probe_script + "</body>", 1
        ),
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
        "--window-size=1200,900",
        *extra,
        "--dump-dom",
        probe.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    match = re.search(r'<pre id="mirbone-probe">(.*?)</pre>', done.stdout, re.DOTALL)
    assert match, f"no probe output (exit {done.returncode}): {done.stderr[-2000:]}"
    return json.loads(
        match.group(1)
        .replace("&quot;", '"')
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
    )


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
    found = run_probe(report, html, PROBE, tmp_path)
    assert found["errors"] == []
    assert len(found["images"]) == n_images
    for image in found["images"]:
        assert image["complete"], image
        assert image["width"] > 0, image
    assert found["sorted"] is not None
    assert found["sorted"]["state"] == "ascending"
    assert found["sorted"]["ascending"]


# Runs after load: the network's nodes, where they are drawn, painted canvas pixels, the
# direction filter, and every resource the page fetched.
NETWORK_PROBE = """<script>window.addEventListener('load', function () { setTimeout(function () {
  var cy = window.mirboneNetwork, out = {errors: window.__errors, drawn: false};
  out.resources = performance.getEntriesByType('resource').map(function (e) { return e.name; });
  if (cy) {
    var box = document.getElementById('mirbone-network-view').getBoundingClientRect();
    out.drawn = true;
    out.ids = cy.nodes().map(function (n) { return n.id(); });
    out.inside = cy.nodes().filter(function (n) {
      var b = n.renderedBoundingBox();
      return b.w > 0 && b.h > 0 && b.x1 >= -1 && b.y1 >= -1 && b.x2 <= box.width + 1 &&
        b.y2 <= box.height + 1;
    }).length;
    var painted = 0;
    Array.prototype.forEach.call(document.querySelectorAll('#mirbone-network-view canvas'),
      function (c) {
        var context = c.getContext('2d');
        if (!context || !c.width || !c.height) { return; }
        var pixels = context.getImageData(0, 0, c.width, c.height).data;
        for (var i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { painted++; } }
      });
    out.painted = painted;
    var up = document.querySelector("input[name='network-direction'][value='up']");
    if (up) { up.click(); }
    out.shown = cy.nodes("[kind = 'mirna']").filter(function (n) {
      return n.style('display') !== 'none'; }).map(function (n) { return n.data('direction'); });
    out.status = document.getElementById('network-status').textContent;
  }
  var pre = document.createElement('pre');
  pre.id = 'mirbone-probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}, 300); });</script>"""


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_network_draws_its_nodes_offline(report, tmp_path):
    html = (report / "report.html").read_text(encoding="utf-8")
    embedded = re.search(
        r'<script type="application/json" id="mirbone-network">(.*?)</script>', html, re.DOTALL
    )
    assert embedded, "the report embeds no network"
    network = json.loads(embedded.group(1))
    expected = {node["data"]["id"] for node in network["elements"]["nodes"]}
    assert any(i.startswith("gene:") for i in expected)
    found = run_probe(report, html, NETWORK_PROBE, tmp_path, "--virtual-time-budget=5000")
    assert found["errors"] == []
    assert found["drawn"], "cytoscape.js did not start"
    assert set(found["ids"]) == expected
    assert found["inside"] == len(expected)  # every node inside the drawing area
    assert found["painted"] > 100 * len(expected)  # the canvas holds the drawing
    assert found["shown"] and set(found["shown"]) == {"down"}  # 'up' unticked: only down left
    assert not [r for r in found["resources"] if not r.startswith("data:")]
