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
  // Below this width (a phone held upright) legends go under the plot in one block,
  // quarter labels stay horizontal and only a few are written, so nothing overlaps.
  var NARROW = 560;
  var MAX_CATEGORY_TICKS = 4;

  function thinCategoryTicks(axis, data) {
    // Plotly rotates category labels that collide, and a rotated label is clipped on a
    // phone; writing every n-th quarter keeps them flat and legible.
    var categories = [];
    data.forEach(function (trace) {
      (trace.x || []).forEach(function (value) {
        if (typeof value === "string" && categories.indexOf(value) === -1) {
          categories.push(value);
        }
      });
    });
    if (categories.length <= MAX_CATEGORY_TICKS) {
      return;
    }
    var step = Math.ceil(categories.length / MAX_CATEGORY_TICKS);
    var shown = categories.filter(function (_, index) {
      return (categories.length - 1 - index) % step === 0;  // always the latest quarter
    });
    axis.tickmode = "array";
    axis.tickvals = shown;
    axis.ticktext = shown;
  }

  function thinArrayTicks(axis) {
    // A time axis names its quarters itself (tickvals/ticktext): on a phone only a few
    // of the labels it writes are kept, the latest always.
    var named = [];
    axis.ticktext.forEach(function (text, index) {
      if (text) { named.push(index); }
    });
    if (named.length <= MAX_CATEGORY_TICKS) {
      return;
    }
    var step = Math.ceil(named.length / MAX_CATEGORY_TICKS);
    var keep = named.filter(function (_, i) { return (named.length - 1 - i) % step === 0; });
    axis.tickvals = keep.map(function (index) { return axis.tickvals[index]; });
    axis.ticktext = keep.map(function (index) { return axis.ticktext[index]; });
  }

  function fitPhone(layout, data) {
    var xaxis = layout.xaxis = Object.assign({}, layout.xaxis || {});
    var yaxis = layout.yaxis = Object.assign({}, layout.yaxis || {});
    xaxis.tickangle = 0;
    xaxis.ticklabelstandoff = 6;  // clear of the lowest value label at the corner
    if (xaxis.type === "category") {
      thinCategoryTicks(xaxis, data);
    } else if (xaxis.tickmode === "array" && xaxis.ticktext) {
      thinArrayTicks(xaxis);
    } else if (!xaxis.dtick) {
      xaxis.nticks = 5;
    }
    if (yaxis.type !== "category") {
      yaxis.nticks = 5;
    }
    // A legend that was above the plot leaves its top margin free.
    if ((layout.legend || {}).yanchor === "bottom") {
      layout.margin = Object.assign({}, layout.margin, { t: 12 });
    }
    layout.legend = Object.assign({}, layout.legend || {}, {
      orientation: "h", x: 0, xanchor: "left", y: -0.1, yanchor: "top"
    });
  }

  function legendClearsTicks(element) {
    // Plotly reserves room for the axis labels and for a legend under the plot
    // separately (the larger of the two, not both), so the legend can land on the
    // labels. Once drawn, the labels' depth is known: the bottom margin is made to hold
    // the labels and then the legend, pinned to the bottom of the figure.
    var full = element._fullLayout;
    var legend = element.querySelector(".legend");
    var labels = element.querySelectorAll(".xaxislayer-above text, .g-xtitle text");
    if (!full || !full._size || !legend || !labels.length) {
      return null;
    }
    var plotBottom = element.querySelector(".main-svg").getBoundingClientRect().top + full._size.t + full._size.h;
    var labelsBottom = 0;
    labels.forEach(function (label) {
      labelsBottom = Math.max(labelsBottom, label.getBoundingClientRect().bottom);
    });
    var legendHeight = legend.getBoundingClientRect().height;
    var depth = Math.max(0, labelsBottom - plotBottom);
    var bottom = Math.ceil(depth + legendHeight + 16);
    return {
      "legend.yref": "container",
      "legend.y": 0,
      "legend.yanchor": "bottom",
      "margin.b": bottom,
      height: full.height + Math.max(0, bottom - full._size.b)
    };
  }

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
    var narrow = element.clientWidth < NARROW;
    if (narrow) {
      fitPhone(layout, figure.data || []);
    }
    window.Plotly.newPlot(element, figure.data || [], layout, CONFIG)
      .then(function () {
        var update = narrow && legendClearsTicks(element);
        return update ? window.Plotly.relayout(element, update) : null;
      })
      .then(function () {
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
