#!/usr/bin/env node
// `node libs/event-store/dist/cli/lead-audit.js verify|checkpoint …` (after `npm run build`); see AUDIT_CLI_USAGE.
import { runAuditCli } from './audit-cli.js';

process.exitCode = await runAuditCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: (text) => process.stderr.write(text),
  tty: process.stderr.isTTY === true,
});
