#!/usr/bin/env node
// The `trace-explorer` command. Runs the TypeScript sources through tsx, so it works right
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../electron/cli/cli.ts');
process.exitCode = await main(process.argv.slice(2));
