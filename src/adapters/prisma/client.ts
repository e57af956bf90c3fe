import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.js';

export type Database = InstanceType<typeof PrismaClient>;

// The pg pool under each Prisma client: the webhook's hot path (one INSERT per
// update) talks to it directly, skipping the ORM's per-query overhead.
const pools = new WeakMap<Database, pg.Pool>();

/** One Prisma client per process, built by the composition root and passed down. */
export function createDatabase(databaseUrl: string, options: { poolSize?: number } = {}): Database {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  pools.set(db, pool);
  const disconnect = db.$disconnect.bind(db);
  // The pool is ours, so closing the client closes it too.
  Object.defineProperty(db, '$disconnect', {
    value: async () => {
      await disconnect();
      if (!pool.ended) await pool.end();
    },
  });
  return db;
}

/** The pg pool behind a client made by createDatabase. */
export function poolOf(db: Database): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('this database client was not made by createDatabase');
  return pool;
}

/** A cheap query with a time limit, used by /readyz. */
export async function pingDatabase(db: Database, timeoutMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a Prisma error is a unique-constraint violation, and on which fields. */
export function uniqueViolation(error: unknown): string[] | null {
  if (typeof error !== 'object' || error === null) return null;
  const candidate = error as { code?: string; meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } };
  if (candidate.code !== 'P2002') return null;
  const target = candidate.meta?.target;
  if (Array.isArray(target)) return target.map(String);
  if (typeof target === 'string') return [target];
  const fields = candidate.meta?.driverAdapterError?.cause?.constraint?.fields;
  return Array.isArray(fields) ? fields.map((f) => f.replace(/"/g, '')) : [];
}
