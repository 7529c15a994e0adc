'use strict';
// The mode bar without the bar: the portal draws every chart with displayModeBar: false
// (static/js/charts.js). plot_api still reads layout.modebar.orientation to size the
// bar's empty container, so that one attribute keeps plotly's default. (The real
// attributes list every button, and so pull in their icons and actions.)
var Lib = require('plotly.js/src/lib');
var Template = require('plotly.js/src/plot_api/plot_template');

var attributes = {
    editType: 'modebar',
    orientation: { valType: 'enumerated', values: ['v', 'h'], dflt: 'h', editType: 'modebar' },
};

module.exports = {
    moduleType: 'component',
    name: 'modebar',
    layoutAttributes: attributes,
    supplyLayoutDefaults: function (layoutIn, layoutOut) {
        var containerOut = Template.newContainer(layoutOut, 'modebar');
        Lib.coerce(layoutIn.modebar || {}, containerOut, attributes, 'orientation');
    },
    manage: function () {},
};
