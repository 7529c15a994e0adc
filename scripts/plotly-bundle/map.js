'use strict';
// The future map page: the portal's bundle plus choropleth on plotly's own geo
// subplot, which draws a custom GeoJSON (the communes' polygons) as SVG: no map tiles,
// nothing fetched from outside. Unused until the map page exists.
var Plotly = require('./portal');
Plotly.register(require('plotly.js/src/traces/choropleth'));
module.exports = Plotly;
