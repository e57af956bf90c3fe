// Runs benchmarks: `npm run bench` runs every bench/*.ts (except this runner
// and the helpers below); `npm run bench -- quiet-agencies intake` runs those.
// Each bench runs in a child process of its own, one after the other, under a
// header; the exit code is non-zero if any of them failed.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const benchDir = import.meta.dirname;
/** Files here that are not benchmarks themselves. */
const notBenches = new Set(['run.ts', 'load.ts']);

function benchFiles(args: string[]): string[] {
  const available = readdirSync(benchDir)
    .filter((file) => file.endsWith('.ts') && !notBenches.has(file))
    .sort();
  if (args.length === 0) return available;
  return args.map((arg) => {
    const file = `${basename(arg).replace(/\.ts$/, '')}.ts`;
    if (!available.includes(file)) {
      throw new Error(`No benchmark "${arg}". Available: ${available.map((f) => f.replace(/\.ts$/, '')).join(', ')}`);
    }
    return file;
  });
}

function runOne(file: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, file)], { stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
}

let files: string[];
try {
  files = benchFiles(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const failed: string[] = [];
for (const file of files) {
  const name = file.replace(/\.ts$/, '');
  console.log(`\n=== bench: ${name} ${'='.repeat(Math.max(3, 60 - name.length))}`);
  const started = performance.now();
  const code = await runOne(file);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`=== ${name}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${seconds} s`);
  if (code !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
