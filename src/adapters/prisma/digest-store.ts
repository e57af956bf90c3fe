import type { DigestStore } from '../../pipeline/ports/reminders.js';
import type { Database } from './client.js';

export function createDigestStore(db: Database): DigestStore {
  return {
    // Counts per agency through correlated subqueries on the (agency_id, submitted_at)
    // index; a rejection counts in the week the editor rejected it.
    agencyWeek: ({ from, to }) => {
      const start = from.toISOString();
      const end = to.toISOString();
      return db.$queryRaw`
        WITH p AS (
          SELECT (${start}::timestamptz AT TIME ZONE 'UTC') AS from_utc, (${end}::timestamptz AT TIME ZONE 'UTC') AS to_utc
        )
        SELECT a.id AS "agencyId",
               a.name,
               (SELECT count(*)::int FROM bundles b
                 WHERE b.agency_id = a.id AND b.submitted_at >= p.from_utc AND b.submitted_at < p.to_utc) AS submissions,
               (SELECT count(*)::int FROM bundles b
                 WHERE b.agency_id = a.id AND b.published_at >= p.from_utc AND b.published_at < p.to_utc) AS published,
               (SELECT count(DISTINCT d.bundle_id)::int FROM decisions d JOIN bundles b ON b.id = d.bundle_id
                 WHERE b.agency_id = a.id AND d.action = 'reject' AND d.created_at >= p.from_utc AND d.created_at < p.to_utc) AS rejected
        FROM p JOIN agencies a ON a.created_at < p.to_utc
        ORDER BY a.name, a.id`;
    },

    topContributors: ({ from, to }, limit) => {
      const start = from.toISOString();
      const end = to.toISOString();
      return db.$queryRaw`
        WITH p AS (
          SELECT (${start}::timestamptz AT TIME ZONE 'UTC') AS from_utc, (${end}::timestamptz AT TIME ZONE 'UTC') AS to_utc
        )
        SELECT c.id AS "contributorId",
               c.name,
               a.name AS "agencyName",
               count(*)::int AS submissions,
               (count(*) FILTER (WHERE b.published_at IS NOT NULL))::int AS published
        FROM p
        JOIN bundles b ON b.submitted_at >= p.from_utc AND b.submitted_at < p.to_utc
        JOIN contributors c ON c.id = b.contributor_id
        JOIN agencies a ON a.id = c.agency_id
        GROUP BY c.id, c.name, a.name
        ORDER BY submissions DESC, published DESC, c.name, c.id
        LIMIT ${limit}`;
    },
  };
}
