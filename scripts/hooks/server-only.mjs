// Lets plain Node scripts (launcher, worker, benchmarks) import modules marked `import 'server-only'`.
// Inside Next the bundler enforces that marker; outside it there is no client bundle to protect.
import { registerHooks } from 'node:module';

const empty = new URL('../../node_modules/server-only/empty.js', import.meta.url).href;
registerHooks({
  resolve(specifier, context, next) {
    if (specifier === 'server-only') return { url: empty, format: 'commonjs', shortCircuit: true };
    return next(specifier, context);
  },
});
