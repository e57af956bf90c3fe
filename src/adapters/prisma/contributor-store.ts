import type { ContributorStore } from '../../pipeline/ports/admin-stores.js';
import { uniqueViolation, type Database } from './client.js';

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
    async importContributor(input) {
      const existing = async () => {
        const byPhone = await db.contributor.findUnique({ where: { phone: input.phone }, select: { name: true } });
        if (byPhone) return byPhone;
        const identity = await db.contributorIdentity.findUnique({
          where: { channel_externalId: { channel: 'whatsapp', externalId: input.whatsappId } },
          select: { contributor: { select: { name: true } } },
        });
        return identity?.contributor ?? null;
      };
      const found = await existing();
      if (found) return { outcome: 'duplicate', existingName: found.name };
      try {
        const created = await db.contributor.create({
          data: {
            agencyId: input.agencyId,
            name: input.name,
            phone: input.phone,
            identities: { create: { channel: 'whatsapp', externalId: input.whatsappId, chatId: input.whatsappId } },
          },
          select: { id: true },
        });
        return { outcome: 'created', id: created.id };
      } catch (error) {
        // Registered by someone else (DAFTAR on WhatsApp) between the check and now.
        if (!uniqueViolation(error)) throw error;
        return { outcome: 'duplicate', existingName: (await existing())?.name ?? null };
      }
    },
  };
}
