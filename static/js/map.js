/* The communes' map (reports/commune_map.html): charts.js draws it like any chart;
 * here a click (or tap) on a commune opens its unit page, whose address the figure
 * carries in each area's customdata (reports/charts/map.py).
 *
 * plotly's geo subplot fetches a world base map from cdn.plot.ly for any choropleth,
 * even with every base layer hidden; the portal draws no base layer (its own
 * boundaries are the map), so an empty one is handed over before charts.js draws:
 * nothing is fetched from elsewhere (the CSP would refuse it anyway). */
(function () {
  "use strict";

  var EMPTY = { type: "GeometryCollection", geometries: [] };
  var BASE_LAYERS = ["coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits"];
  if (window.PlotlyGeoAssets && window.PlotlyGeoAssets.topojson) {
    var objects = {};
    BASE_LAYERS.forEach(function (name) { objects[name] = EMPTY; });
    window.PlotlyGeoAssets.topojson.world_110m = { type: "Topology", objects: objects, arcs: [] };
  }

  function follow(event) {
    var point = event && event.points && event.points[0];
    var url = point && point.customdata && point.customdata[2];
    if (url) {
      window.location.assign(url);
    }
  }

  function attach() {
    document.querySelectorAll(".chart[data-map-links]").forEach(function (element) {
      if (typeof element.on === "function") {
        element.on("plotly_click", follow);
      }
    });
  }

  // After charts.js (the next deferred script) has started drawing: DOMContentLoaded
  // fires once every deferred script has run.
  document.addEventListener("DOMContentLoaded", attach);
})();
