import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, type Database } from '../../src/adapters/prisma/client.js';

export const testServerUrl = process.env.TEST_DATABASE_SERVER ?? 'postgresql://postgres@127.0.0.1:5432';
const migrationsDir = join(import.meta.dirname, '../../prisma/migrations');

/** The template's name changes whenever a migration changes, so a stale one is never reused. */
export function templateDatabaseName(): string {
  const hash = createHash('sha256');
  for (const entry of readdirSync(migrationsDir).sort()) {
    if (entry.endsWith('.toml')) continue;
    hash.update(entry);
    hash.update(readFileSync(join(migrationsDir, entry, 'migration.sql')));
  }
  return `warta_tpl_${hash.digest('hex').slice(0, 12)}`;
}

export async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${testServerUrl}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  db: Database;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file, copied from the template that global setup built. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `warta_test_${randomBytes(5).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabaseName()}"`));
  const url = `${testServerUrl}/${name}`;
  const db = createDatabase(url, { poolSize: 4 });
  return {
    name,
    url,
    db,
    async drop() {
      await db.$disconnect();
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
