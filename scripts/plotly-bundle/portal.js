'use strict';
// The portal's charts (reports/charts/): plotly.js's src/core.js with scatter and bar
// traces, axes, legend, hover, shapes (threshold lines) and annotations (their labels).
// Left out: the mode bar (charts.js turns it off), box and lasso selection (the axes are
// fixed), image export, the schema and template APIs, other traces and components; the
// global style rules (the pages link plotly.css, as the Content-Security-Policy refuses
// the inline <style> plotly would inject) and the Promise polyfill (every browser has it).
exports.version = require('plotly.js/src/version').version;
var Registry = require('plotly.js/src/registry');
var register = (exports.register = Registry.register);
var plotApi = require('plotly.js/src/plot_api/plot_api');
Object.keys(plotApi).forEach(function (name) {
    if (name.charAt(0) !== '_') exports[name] = plotApi[name];
    register({ moduleType: 'apiMethod', name: name, fn: plotApi[name] });
});
register(require('plotly.js/src/traces/scatter'));
register([
    require('plotly.js/src/components/annotations'),
    require('plotly.js/src/components/shapes'),
    require('plotly.js/src/components/colorscale'),
    require('plotly.js/src/components/legend'), // after shapes: its defaults read them
    require('plotly.js/src/components/fx'), // after legend: unified hover reads it
    require('plotly.js/src/components/modebar'), // layout defaults only (stubs/)
]);
register([require('plotly.js/src/locale-en'), require('plotly.js/src/locale-en-us')]);
register(require('plotly.js/src/traces/bar'));
exports.Plots = { resize: require('plotly.js/src/plots/plots').resize };
