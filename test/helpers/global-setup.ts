import { applyMigrations } from '../../src/adapters/prisma/migrate.js';
import { templateDatabaseName, testServerUrl, withAdminClient } from './database.js';

/**
 * Builds (once per migration set) a migrated template database through the
 * same migration path `npm start` uses; each test file then copies it, which
 * takes a fraction of a second.
 */
export default async function setup(): Promise<void> {
  const template = templateDatabaseName();
  const exists = await withAdminClient(async (client) => {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    return result.rowCount === 1;
  });
  if (exists) return;
  const building = `${template}_building_${process.pid}`;
  const quiet = { info() {}, error(obj: object, msg?: string) { console.error(msg, obj); } };
  await applyMigrations({ databaseUrl: `${testServerUrl}/${building}`, log: quiet });
  // Rename only when complete, so an interrupted build is never used as a template.
  await withAdminClient(async (client) => {
    await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [building]);
    await client.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
  });
}
