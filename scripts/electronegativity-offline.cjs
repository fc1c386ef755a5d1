// Stands in for `got` inside Electronegativity (see electronegativity.cjs): no request leaves the machine.
'use strict';
module.exports = () => Promise.reject(new Error('offline: Electronegativity fetches nothing here'));
module.exports.default = module.exports;
