#!/usr/bin/env node
import 'reflect-metadata';
import { runReadModelCli } from './read-model-cli.js';

// `lead-audit replay|diff <read-model>` runs this; it can be run on its own too.
process.exitCode = await runReadModelCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
