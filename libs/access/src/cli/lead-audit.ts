#!/usr/bin/env node
// The installed `lead-audit` (the root package's bin; `npx lead-audit --help` after `npm run build`): journey and
// access here, verify and checkpoint handed to the event store's CLI; see LEAD_AUDIT_USAGE.
import 'reflect-metadata';
import { runLeadAudit } from './participant-audit-cli.js';

process.exitCode = await runLeadAudit(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: (text) => process.stderr.write(text),
  tty: process.stderr.isTTY === true,
});
