'use strict';
// Selections' layout attributes and defaults, without selecting: the portal's axes are
// fixed (fixedrange) and no chart offers box or lasso selection.
function none() {}
module.exports = {
    moduleType: 'component',
    name: 'selections',
    layoutAttributes: require('plotly.js/src/components/selections/attributes'),
    supplyLayoutDefaults: require('plotly.js/src/components/selections/defaults'),
    supplyDrawNewSelectionDefaults: require('plotly.js/src/components/selections/draw_newselection/defaults'),
    includeBasePlot: require('plotly.js/src/plots/cartesian/include_components')('selections'),
    draw: none,
    drawOne: none,
    reselect: none,
    prepSelect: none,
    clearOutline: none,
    clearSelectionsCache: none,
    selectOnClick: none,
};
