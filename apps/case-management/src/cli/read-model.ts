#!/usr/bin/env node
import 'reflect-metadata';
import { runCaseManagementReadModelCli } from './read-model-cli.js';

// `lead-audit replay|diff case-summaries` runs this; it can be run on its own too.
process.exitCode = await runCaseManagementReadModelCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
