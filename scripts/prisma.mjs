#!/usr/bin/env node
// Runs the Prisma CLI (`node scripts/prisma.mjs migrate deploy`, ...) so that it works
// offline. Prisma downloads its native schema engine from its own host, which fails
// on machines without internet. When no native engine is available, the CLI is
// pointed at scripts/schema-engine-wasm.mjs, which does the same job with the
// WebAssembly build of the engine from npm. Where a native engine exists (or the
// user chose one), nothing is changed.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const shim = fileURLToPath(new URL('./schema-engine-wasm.mjs', import.meta.url));

// Where the CLI looks for `schema-engine-<binary target>` when no env var is set.
async function nativeEngineExists() {
  const enginesDir = path.dirname(require.resolve('@prisma/engines/package.json'));
  const prismaDir = path.dirname(require.resolve('prisma/package.json'));
  let target;
  try {
    const fromEngines = createRequire(path.join(enginesDir, 'package.json'));
    target = await fromEngines('@prisma/get-platform').getBinaryTargetForCurrentPlatform();
  } catch {
    return false; // cannot tell: assume none, the shim works everywhere
  }
  const file = `schema-engine-${target}${target === 'windows' ? '.exe' : ''}`;
  const dirs = [enginesDir, prismaDir, path.dirname(prismaDir), path.join(prismaDir, 'runtime')];
  return dirs.some((dir) => existsSync(path.join(dir, file)));
}

const env = {
  ...process.env,
  // Nothing here may try to reach the internet: no telemetry/update check.
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};
const userChoseEngine = Boolean(env.PRISMA_SCHEMA_ENGINE_BINARY || env.PRISMA_MIGRATION_ENGINE_BINARY);
if (!userChoseEngine && !(await nativeEngineExists())) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = shim;
}

const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit', env });
// Ctrl-C reaches the CLI from the terminal already; a plain kill is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0));
});
