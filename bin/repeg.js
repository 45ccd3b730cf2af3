#!/usr/bin/env node
'use strict';
// The compiled CLI. `npm ci` builds it (the `prepare` script); after editing sources run `npm run build`.
let cli;
try {
  cli = require('../dist/cli/main.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('repeg: the CLI is not built; run `npm run build` (npm ci does it for you)\n');
    process.exit(1);
  }
  throw error;
}
cli.main(process.argv).then((code) => {
  process.exitCode = code;
});
