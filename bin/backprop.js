#!/usr/bin/env node
// The `backprop` command. The TypeScript sources are bundled by `npm run build` (run for you by
// `npm install`) into out/main/cli.js; this file only finds that bundle.
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'backprop: the app is not built yet; run `npm run build` in the project folder.\n',
  );
  process.exit(1);
}
await import(cli.href);
