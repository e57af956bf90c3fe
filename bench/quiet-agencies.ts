// Quiet-agency query benchmark: the one SQL statement the daily reminder run
// and the weekly digest use to find agencies whose latest submission is older
// than their rhythm, on 10,000 agencies and 1,000,000 submitted bundles.
//
//   npm run bench -- quiet-agencies          (or: npx tsx bench/quiet-agencies.ts)
//
// Builds its own database (a copy of the migrated test template, dropped at
// the end), fills it with generate_series, runs ANALYZE, then times the query
// through the real store (Prisma, pg driver adapter) and prints EXPLAIN ANALYZE.
import pg from 'pg';
import { createReminderStore, quietAgenciesSql } from '../src/adapters/prisma/reminder-store.js';
import { createTestDatabase } from '../test/helpers/database.js';
import globalSetup from '../test/helpers/global-setup.js';

const AGENCIES = Number(process.env.BENCH_AGENCIES ?? 10_000);
const BUNDLES = Number(process.env.BENCH_BUNDLES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const timeZone = 'Asia/Makassar';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`  ${label.padEnd(44)} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function fill(client: pg.Client): Promise<void> {
  await client.query('SET synchronous_commit = off');
  // Agencies with rhythms of 7, 14 and 30 days, registered a year ago.
  await timed(`${AGENCIES.toLocaleString('en')} agencies, one contributor each`, async () => {
    await client.query(
      `INSERT INTO agencies (name, slug, invite_code, quiet_days, created_at, updated_at)
       SELECT 'Instansi ' || lpad(i::text, 5, '0'), 'instansi-' || i, 'B' || lpad(i::text, 7, '0'),
              (ARRAY[7, 7, 14, 30])[1 + i % 4], now() - interval '400 days', now()
       FROM generate_series(1, $1::int) AS i`,
      [AGENCIES],
    );
    await client.query(
      `INSERT INTO contributors (agency_id, name, created_at, updated_at)
       SELECT a.id, 'Kontributor ' || a.id, a.created_at, now() FROM agencies a ORDER BY a.id`,
    );
  });
  // Spread over the last year. Every tenth agency went quiet 40+ days ago;
  // the last 1% never submitted at all. Loading is faster with the secondary
  // indexes built afterwards; they are re-created from their own definitions,
  // so the schema ends up exactly as migrated.
  await timed(`${BUNDLES.toLocaleString('en')} submitted bundles`, async () => {
    const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'bundles' AND indexname <> 'bundles_pkey'`,
    );
    for (const index of indexes) await client.query(`DROP INDEX "${index.indexname}"`);
    await client.query(
      `WITH ids AS (SELECT min(id) AS first_agency FROM agencies),
            c AS (SELECT min(id) AS first_contributor FROM contributors)
       INSERT INTO bundles (contributor_id, agency_id, channel, chat_id, status, created_at, updated_at, last_activity_at, submitted_at, published_at)
       SELECT c.first_contributor + g.a, ids.first_agency + g.a, 'telegram', (7000000 + g.a)::text,
              (ARRAY['published', 'published', 'published', 'rejected', 'in_review']::"BundleStatus"[])[1 + g.i % 5],
              g.at, g.at, g.at, g.at,
              CASE WHEN g.i % 5 < 3 THEN g.at + interval '1 day' END
       FROM ids, c,
            LATERAL (
              SELECT i, a, now() - make_interval(secs => (CASE WHEN a % 10 = 0 THEN 40 + random() * 325 ELSE random() * 365 END) * 86400) AS at
              FROM (SELECT i, i % ($2::int * 99 / 100) AS a FROM generate_series(1, $1::int) AS i) s
            ) g`,
      [BUNDLES, AGENCIES],
    );
    for (const index of indexes) await client.query(index.indexdef);
  });
  // Half of the quiet agencies have had their first reminder for the current spell.
  await timed('reminders for the quiet spells', () =>
    client.query(
      `INSERT INTO reminders (agency_id, step, quiet_since, sent_at)
       SELECT agency_id, 1, max(submitted_at), now() - interval '3 days'
       FROM bundles WHERE agency_id % 20 = 0 GROUP BY agency_id`,
    ),
  );
  await timed('ANALYZE', () => client.query('ANALYZE agencies; ANALYZE bundles; ANALYZE reminders; ANALYZE contributors'));
}

async function main(): Promise<void> {
  const started = performance.now();
  await globalSetup(); // the migrated template database
  const database = await createTestDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    console.log(`Database ${database.name}:`);
    await fill(client);

    const store = createReminderStore(database.db);
    const at = new Date();
    const warm = await store.findQuietAgencies({ at, timeZone });
    const times: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const t0 = performance.now();
      await store.findQuietAgencies({ at, timeZone });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);

    const query = quietAgenciesSql({ at, timeZone });
    const explain = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.text}`, query.values as unknown[]);
    const plan = explain.rows.map((row) => row['QUERY PLAN']);
    const usesIndex = plan.some((line) => line.includes('bundles_agency_id_submitted_at_idx'));
    const scansBundles = plan.some((line) => /Seq Scan on bundles/.test(line));

    console.log(`\nQuiet-agency query, ${AGENCIES.toLocaleString('en')} agencies and ${BUNDLES.toLocaleString('en')} submissions (${warm.length} quiet):`);
    console.log(`  through the store, ${RUNS} runs: min ${ms(times[0]!)}, median ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}`);
    console.log(`  EXPLAIN ANALYZE top line: ${plan[0]!.trim()}`);
    console.log(`  ${plan.find((line) => line.startsWith('Execution Time'))?.trim() ?? ''}`);
    console.log(`  latest submission read from bundles_agency_id_submitted_at_idx: ${usesIndex ? 'yes' : 'NO'}; sequential scan of bundles: ${scansBundles ? 'YES' : 'no'}`);
    if (process.env.BENCH_VERBOSE) console.log(plan.join('\n'));
    console.log(`  bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
    if (!usesIndex || scansBundles || percentile(times, 50) > 1000) process.exitCode = 1;
  } finally {
    await client.end();
    await database.drop();
  }
}

await main();
