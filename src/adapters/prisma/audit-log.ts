import type { AuditLog } from '../../pipeline/ports/admin-stores.js';
import type { Database } from './client.js';

export function createAuditLog(db: Database): AuditLog {
  return {
    async record(entry) {
      await db.auditLog.create({
        data: {
          actorType: entry.actorType,
          actorId: entry.actorId ?? null,
          action: entry.action,
          entityType: entry.entityType,
          entityId: entry.entityId ?? null,
          data: (entry.data ?? {}) as object,
        },
      });
    },
  };
}
