// Webpack config shared by the four services: Node target, tsc (keeps the decorator metadata Nest
// needs), node_modules left external, the Piscina worker built as a second entry beside main.js,
// and a package.json + lockfile with only the service's own dependencies for its image.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

module.exports = function serviceWebpackConfig(appDir, appName, extraAssets = []) {
  return {
    // commonjs2 so the worker entry's export is visible to Piscina
    output: { path: join(__dirname, '../../dist/apps', appName), clean: true, library: { type: 'commonjs2' } },
    devtool: 'source-map',
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        additionalEntryPoints: [{ entryName: 'workers/worker', entryPath: `apps/${appName}/src/workers/worker.ts` }],
        assets: extraAssets,
        optimization: false,
        outputHashing: 'none',
        sourceMap: true,
        generatePackageJson: true,
        externalDependencies: 'all',
      }),
    ],
  };
};
