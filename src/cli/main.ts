// Entry of the `warta` admin command (npm run cli -- …).
import { existsSync } from 'node:fs';
import { runCli } from './run-cli.js';

if (existsSync('.env')) process.loadEnvFile('.env');

const exitCode = await runCli(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
});
process.exitCode = exitCode;
