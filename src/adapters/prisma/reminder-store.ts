import { Prisma } from './generated/client.js';
import type { NudgeRecipient } from '../../domain/reminder-ladder.js';
import type { QuietAgency, ReminderStore } from '../../pipeline/ports/reminders.js';
import type { Database } from './client.js';

/**
 * The quiet-agency query: every agency (created by `at`) whose latest
 * submission up to `at` — or its creation, when it never submitted — lies at
 * least `quiet_days` whole local days before `at`'s date, with the highest
 * ladder step recorded for that quiet spell.
 *
 * One statement. Per agency it reads the latest submission from the
 * bundles(agency_id, submitted_at) index (a backward index-only probe, never a
 * scan of bundles) and the latest nudge from the reminders(agency_id,
 * quiet_since, step) unique index. Timestamps are stored as UTC without a zone.
 */
export function quietAgenciesSql(query: { at: Date; timeZone: string; agencyId?: number }): Prisma.Sql {
  const at = query.at.toISOString();
  const onlyAgency = query.agencyId === undefined ? Prisma.empty : Prisma.sql`AND a.id = ${query.agencyId}`;
  return Prisma.sql`
    WITH p AS (
      SELECT (${at}::timestamptz AT TIME ZONE 'UTC') AS at_utc,
             (${at}::timestamptz AT TIME ZONE ${query.timeZone})::date AS today,
             ${query.timeZone}::text AS tz
    )
    SELECT a.id AS "agencyId",
           a.name,
           a.quiet_days AS "quietDays",
           a.contact_name AS "contactName",
           a.contact_telegram_id AS "contactTelegramId",
           a.contact_phone AS "contactPhone",
           latest.submitted_at AS "lastSubmissionAt",
           spell.quiet_since AS "quietSince",
           rem.step AS "lastStep",
           rem.sent_at AS "lastStepAt"
    FROM p
    JOIN agencies a ON a.created_at <= p.at_utc ${onlyAgency}
    CROSS JOIN LATERAL (
      SELECT max(b.submitted_at) AS submitted_at
      FROM bundles b
      WHERE b.agency_id = a.id AND b.submitted_at <= p.at_utc
    ) latest
    CROSS JOIN LATERAL (SELECT COALESCE(latest.submitted_at, a.created_at) AS quiet_since) spell
    LEFT JOIN LATERAL (
      SELECT r.step, r.sent_at
      FROM reminders r
      WHERE r.agency_id = a.id AND r.quiet_since = spell.quiet_since
      ORDER BY r.step DESC
      LIMIT 1
    ) rem ON true
    WHERE p.today - ((spell.quiet_since AT TIME ZONE 'UTC') AT TIME ZONE p.tz)::date >= a.quiet_days
    ORDER BY a.name, a.id`;
}

export function createReminderStore(db: Database): ReminderStore {
  return {
    findQuietAgencies: (query) => db.$queryRaw<QuietAgency[]>(quietAgenciesSql(query)),

    async contributorsOf(agencyIds) {
      if (agencyIds.length === 0) return [];
      const rows = await db.contributor.findMany({
        where: { agencyId: { in: agencyIds } },
        select: {
          id: true,
          agencyId: true,
          name: true,
          status: true,
          identities: { select: { channel: true, chatId: true }, orderBy: { id: 'asc' } },
        },
        orderBy: [{ agencyId: 'asc' }, { name: 'asc' }, { id: 'asc' }],
      });
      return rows.map(({ id, ...rest }) => ({ contributorId: id, ...rest }));
    },

    async claimNudge({ agencyId, quietSince, step, at, recipients }) {
      // ON CONFLICT DO NOTHING on (agency_id, quiet_since, step): the loser of a race gets no row back.
      const created = await db.reminder.createManyAndReturn({
        data: [{ agencyId, quietSince, step, sentAt: at, recipients: recipients as unknown as Prisma.InputJsonValue }],
        skipDuplicates: true,
        select: { id: true },
      });
      return created[0]?.id ?? null;
    },

    async recordOutcome(reminderId, recipients: NudgeRecipient[]) {
      await db.reminder.update({ where: { id: reminderId }, data: { recipients: recipients as unknown as Prisma.InputJsonValue } });
    },

    async markContributorUnreachable(contributorId) {
      await db.contributor.updateMany({ where: { id: contributorId, status: 'active' }, data: { status: 'unreachable' } });
    },
  };
}
