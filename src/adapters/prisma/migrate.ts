// Brings a database up to the committed migrations (prisma/migrations), at start-up
// and in tests. The work is done by `prisma migrate deploy`, run through
// scripts/prisma.mjs so that it also works where Prisma's native engine is missing.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const prismaScript = fileURLToPath(new URL('../../../scripts/prisma.mjs', import.meta.url));

export interface MigrationLog {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!name) throw new Error('The database URL names no database');
  return name;
}

/** Creates the database named in the URL if it is missing; returns whether it did. */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const name = databaseName(databaseUrl);
  // The target may not exist yet, so talk to the server's maintenance database.
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount) return false;
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    return true;
  } catch (err) {
    // Someone else created it between our check and our CREATE.
    const code = (err as { code?: string }).code;
    if (code === '42P04' || code === '23505') return false;
    throw err;
  } finally {
    await client.end();
  }
}

function runPrisma(args: string[], databaseUrl: string): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [prismaScript, ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // One buffer for both streams keeps the CLI's messages in the order it wrote them.
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = (ok: boolean, extra = '') =>
      resolve({ ok, output: `${Buffer.concat(chunks).toString('utf8')}${extra}`.trim() });
    child.on('error', (err) => done(false, `\n${err.message}`));
    child.on('close', (code) => done(code === 0));
  });
}

/** Creates the database if needed and applies any migration it has not had yet. */
export async function applyMigrations(opts: { databaseUrl: string; log: MigrationLog }): Promise<void> {
  const { databaseUrl, log } = opts;
  const database = databaseName(databaseUrl); // logged instead of the URL, which may hold a password
  if (await ensureDatabaseExists(databaseUrl)) log.info({ database }, 'database created');

  const started = Date.now();
  const { ok, output } = await runPrisma(['migrate', 'deploy'], databaseUrl);
  if (!ok) {
    log.error({ database, output }, 'database migration failed');
    throw new Error(`prisma migrate deploy failed for database ${database}:\n${output}`);
  }
  log.info({ database, durationMs: Date.now() - started }, 'database migrations applied');
}
