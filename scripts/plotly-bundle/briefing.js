'use strict';
// The PDF briefing's charts, drawn by kaleido's Chromium on the server (never sent to a
// browser): the portal's bundle plus the image export kaleido calls (Plotly.toImage).
require('plotly.js/build/plotcss'); // kaleido's page links no plotly.css
var Plotly = require('./portal');
Plotly.toImage = require('plotly.js/src/plot_api/to_image');
Plotly.register({ moduleType: 'apiMethod', name: 'toImage', fn: Plotly.toImage });
module.exports = Plotly;
