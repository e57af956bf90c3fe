import type { ContributorStore } from '../../pipeline/ports/admin-stores.js';
import type { Database } from './client.js';

export function createContributorStore(db: Database): ContributorStore {
  return {
    async list(options = {}) {
      const rows = await db.contributor.findMany({
        where: options.agencyId ? { agencyId: options.agencyId } : {},
        include: { agency: { select: { name: true } }, identities: true },
        orderBy: [{ agencyId: 'asc' }, { name: 'asc' }],
      });
      return rows.map(({ agency, identities, ...contributor }) => ({
        ...contributor,
        agencyName: agency.name,
        identities: identities.map(({ channel, externalId, chatId, username }) => ({ channel, externalId, chatId, username })),
      }));
    },
  };
}
