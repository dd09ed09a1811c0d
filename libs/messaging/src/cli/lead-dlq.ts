#!/usr/bin/env node
// `node libs/messaging/dist/cli/lead-dlq.js list|replay …` (after `npm run build`); see DEAD_LETTER_CLI_USAGE.
import { runDeadLetterCli } from './dead-letter-cli.js';

process.exitCode = await runDeadLetterCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
