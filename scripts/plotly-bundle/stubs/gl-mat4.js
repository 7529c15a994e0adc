'use strict';
// The two 4×4 matrix functions plotly's 2D code uses (CSS transforms of the page).
module.exports = {invert: require('gl-mat4/invert'), multiply: require('gl-mat4/multiply')};
