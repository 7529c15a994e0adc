/* Draws every chart of a dashboard page.
 *
 * Each chart is a <div class="chart" data-figure="ID"> next to a
 * <script type="application/json" id="ID"> written by Django's json_script: the plotly
 * figure built once in reports/charts.py. Plotly (the self-hosted basic bundle) draws
 * it. The page already shows the chart's title as a caption and its numbers in a
 * table, so the title inside the figure is dropped here (the PDF briefing keeps it).
 */
(function () {
  "use strict";

  var CONFIG = {
    responsive: true,
    displayModeBar: false,
    displaylogo: false,
    scrollZoom: false,
    doubleClick: false
  };

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    if (!source) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    var layout = figure.layout || {};
    var margin = layout.margin || {};
    layout.title = { text: "" };
    // Without the title the top margin only has to hold a legend placed above the plot.
    layout.margin = Object.assign({}, margin, { t: Math.max(12, (margin.t || 48) - 34) });
    if (layout.height) {
      layout.height = Math.max(160, layout.height - 34);
    }
    window.Plotly.newPlot(element, figure.data || [], layout, CONFIG).then(function () {
      element.classList.add("chart-drawn");
    });
  }

  function drawAll() {
    if (!window.Plotly) {
      // The bundle did not load (blocked or offline): the tables beside the charts
      // still carry every number; say so instead of leaving empty boxes.
      document.querySelectorAll(".chart[data-figure]").forEach(function (element) {
        element.classList.add("chart-missing");
      });
      return;
    }
    document.querySelectorAll(".chart[data-figure]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
