"""Draws every chart of the dashboards with two plotly.js bundles in Chromium and
compares the SVG they make: the portal's own bundle must draw what plotly-basic drew.

    git show 3407501:static/vendor/plotly/plotly-basic.min.js > /tmp/plotly-basic.min.js
    DATABASE_URL=postgres://…/db_with_demo python bench/plotly_svg.py --old /tmp/plotly-basic.min.js

The figures come from the dashboards of the database's demo (read as demo-committee,
every page's ``json_script`` figures); each is drawn 900 px wide, without charts.js's
phone adjustments, and the SVG compared with plotly's random ids (the figure's, the
traces') taken out. Prints
one line per chart and the count of identical ones; exits 1 if any differs.
"""

import argparse
import html
import json
import os
import re
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontum_it.settings")
os.environ.setdefault("DEBUG", "true")

PAGES = [
    "/?period={q}",
    "/reports/districts/?period={q}",
    "/reports/communes/?period={q}",
    "/reports/ranking/?period={q}",
    "/reports/ranking/?level=commune&period={q}",
    "/units/S01/?period={q}",
]
FIGURE = re.compile(r'<script id="([^"]+)" type="application/json">(.*?)</script>', re.S)
DRAW = """
async ([data, layout]) => {
  const div = document.createElement('div');
  div.style.width = '900px';
  document.body.appendChild(div);
  await Plotly.newPlot(div, data, layout, {displayModeBar: false, responsive: false, staticPlot: false});
  let svg = [...div.querySelectorAll('svg.main-svg')].map(s => s.outerHTML).join('\\n');
  // plotly's random ids: the figure's and each trace's
  svg = svg.split(div._fullLayout._uid).join('UID');
  div._fullData.forEach((trace, i) => { svg = svg.split(trace.uid).join('TRACE' + i); });
  div.remove();
  return svg;
}
"""


def figures(quarters: list[str]) -> dict[str, dict]:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="demo-committee"))
    found = {}
    for quarter in quarters:
        for page in PAGES:
            url = page.format(q=quarter)
            body = client.get(url, HTTP_HOST="localhost").content.decode()
            for name, text in FIGURE.findall(body):
                figure = json.loads(html.unescape(text))
                if isinstance(figure, dict) and "data" in figure and "layout" in figure:
                    found[f"{url} #{name}"] = figure
    return found


def draw(bundle: Path, charts: dict[str, dict]) -> dict[str, str]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
        page = browser.new_page()
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(content=bundle.read_text())
        drawn = {name: page.evaluate(DRAW, [fig["data"], fig["layout"]]) for name, fig in charts.items()}
        browser.close()
    return drawn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", type=Path, required=True, help="the bundle the charts were drawn with before")
    parser.add_argument("--new", type=Path, default=BASE / "static/vendor/plotly/plotly-portal.min.js")
    parser.add_argument("--quarters", default="2016Q3,2025Q3", help="comma-separated quarters (with demo data)")
    args = parser.parse_args()
    charts = figures(args.quarters.split(","))
    old, new = draw(args.old, charts), draw(args.new, charts)
    same = 0
    for name in charts:
        equal = old[name] == new[name]
        same += equal
        print(f"{'same     ' if equal else 'DIFFERENT'} {len(new[name]):>7} B  {name}")
    print(f"{same}/{len(charts)} charts drawn identically ({args.old.name} vs {args.new.name})")
    return 0 if same == len(charts) and charts else 1


if __name__ == "__main__":
    sys.exit(main())
