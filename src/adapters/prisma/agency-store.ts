import type { AgencyStore } from '../../pipeline/ports/admin-stores.js';
import { uniqueViolation, type Database } from './client.js';

export function createAgencyStore(db: Database): AgencyStore {
  return {
    async create(agency) {
      try {
        return { agency: await db.agency.create({ data: agency }) };
      } catch (error) {
        const fields = uniqueViolation(error);
        if (!fields) throw error;
        if (fields.some((f) => f.includes('invite'))) return { conflict: 'inviteCode' };
        if (fields.some((f) => f.includes('slug'))) return { conflict: 'slug' };
        return { conflict: 'name' };
      }
    },
    async list() {
      const agencies = await db.agency.findMany({
        orderBy: { name: 'asc' },
        include: { _count: { select: { contributors: true } } },
      });
      const latest = await db.bundle.groupBy({
        by: ['agencyId'],
        _max: { submittedAt: true },
        where: { submittedAt: { not: null } },
      });
      const lastByAgency = new Map(latest.map((row) => [row.agencyId, row._max.submittedAt]));
      return agencies.map(({ _count, ...agency }) => ({
        ...agency,
        contributorCount: _count.contributors,
        lastSubmissionAt: lastByAgency.get(agency.id) ?? null,
      }));
    },
    findByInviteCode: (inviteCode) => db.agency.findUnique({ where: { inviteCode } }),
    findByName: (name) => db.agency.findFirst({ where: { name: { equals: name, mode: 'insensitive' } } }),
    findById: (id) => db.agency.findUnique({ where: { id } }),
  };
}
