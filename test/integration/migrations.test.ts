import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, it, expect } from 'vitest';
import { applyMigrations, ensureDatabaseExists } from '../../src/adapters/prisma/migrate.js';

const serverUrl = process.env.TEST_DATABASE_SERVER ?? 'postgresql://postgres@127.0.0.1:5432';
const migrationCount = readdirSync(join(import.meta.dirname, '../../prisma/migrations'), { withFileTypes: true }).filter(
  (entry) => entry.isDirectory(),
).length;

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

function collectingLog() {
  const lines: { level: 'info' | 'error'; obj: object; msg?: string }[] = [];
  return {
    lines,
    info: (obj: object, msg?: string) => void lines.push({ level: 'info', obj, msg }),
    error: (obj: object, msg?: string) => void lines.push({ level: 'error', obj, msg }),
  };
}

describe('applyMigrations', () => {
  it('creates a missing database, migrates it, and is a no-op the second time', { timeout: 120_000 }, async () => {
    const name = `warta_test_mig_${randomBytes(5).toString('hex')}`;
    const url = `${serverUrl}/${name}`;
    try {
      const log = collectingLog();
      await applyMigrations({ databaseUrl: url, log });
      expect(log.lines.map((l) => l.msg)).toEqual(['database created', 'database migrations applied']);

      const tables = await query<{ table_name: string }>(
        url,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      const names = tables.map((t) => t.table_name);
      expect(names).toEqual(expect.arrayContaining(['agencies', 'bundles', 'contributors', 'drafts', '_prisma_migrations']));

      const applied = await query<{ migration_name: string; finished_at: Date }>(
        url,
        'SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name',
      );
      expect(applied).toHaveLength(migrationCount);
      expect(applied.every((m) => m.finished_at !== null)).toBe(true);

      // A row written between runs must survive the second run untouched.
      await query(url, "INSERT INTO agencies (name, slug, invite_code, updated_at) VALUES ('A', 'a', 'inv-a', now())");

      const again = collectingLog();
      await applyMigrations({ databaseUrl: url, log: again });
      expect(again.lines.map((l) => l.msg)).toEqual(['database migrations applied']);
      expect(await query(url, 'SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name')).toEqual(
        applied,
      );
      expect(await query(url, 'SELECT slug FROM agencies')).toEqual([{ slug: 'a' }]);
      expect(await ensureDatabaseExists(url)).toBe(false);
    } finally {
      await query(`${serverUrl}/postgres`, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });

  it('throws with the CLI output when a migration fails', { timeout: 60_000 }, async () => {
    const name = `warta_test_mig_${randomBytes(5).toString('hex')}`;
    const url = `${serverUrl}/${name}`;
    try {
      // A database that already has tables is refused (P3005) rather than migrated over.
      await ensureDatabaseExists(url);
      await query(url, 'CREATE TABLE agencies (id int)');
      const log = collectingLog();
      const failure = applyMigrations({ databaseUrl: url, log });
      await expect(failure).rejects.toThrow(/prisma migrate deploy failed for database warta_test_mig_\w+:\n[\s\S]*P3005/);
      expect(log.lines.map((l) => [l.level, l.msg])).toEqual([['error', 'database migration failed']]);
    } finally {
      await query(`${serverUrl}/postgres`, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});
