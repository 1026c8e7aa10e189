const serviceWebpackConfig = require('../../tools/build/service-webpack.cjs');

module.exports = serviceWebpackConfig(__dirname, 'linear-algebra', [
  // WASM SIMD kernels, loaded by the worker from beside itself
  { input: 'libs/math/linalg/src/wasm', glob: 'kernels.wasm', output: 'workers' },
]);
