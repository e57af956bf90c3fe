import type { InboundUpdateStore } from '../../pipeline/ports/intake-store.js';
import { createBatchedUpdateInsert } from './batched-update-insert.js';
import { poolOf, type Database } from './client.js';

export function createInboundUpdateStore(db: Database): InboundUpdateStore {
  // The webhook's hot path: plain pg, batched under load. ON CONFLICT DO
  // NOTHING: a redelivery must not fail, and must not be stored twice.
  const insert = createBatchedUpdateInsert(poolOf(db));
  return {
    record: (channel, updateId, payload, json) => insert(channel, updateId, json ?? JSON.stringify(payload)),
    async get(channel, updateId) {
      const row = await db.inboundUpdate.findUnique({ where: { channel_updateId: { channel, updateId } } });
      return row ? { payload: row.payload, status: row.status } : null;
    },
    async markProcessed(channel, updateId, options = {}) {
      await db.inboundUpdate.update({
        where: { channel_updateId: { channel, updateId } },
        data: {
          status: 'processed',
          processedAt: new Date(),
          // Someone who is not registered leaves nothing behind but the id used for dedupe.
          ...(options.forgetPayload ? { payload: {} } : {}),
        },
      });
    },
    async markFailed(channel, updateId, error) {
      await db.inboundUpdate.update({
        where: { channel_updateId: { channel, updateId } },
        data: { status: 'failed', error: error.slice(0, 2000), processedAt: new Date() },
      });
    },
    async claimUnqueued(limit) {
      // SKIP LOCKED: two dispatchers (two worker processes) never claim the same update.
      const result = await poolOf(db).query<{ channel: 'telegram' | 'whatsapp'; update_id: string }>(
        `UPDATE inbound_updates SET queued_at = now()
         WHERE id IN (
           SELECT id FROM inbound_updates WHERE status = 'pending' AND queued_at IS NULL
           ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING channel, update_id`,
        [limit],
      );
      return result.rows.map((row) => ({ channel: row.channel, updateId: row.update_id }));
    },
    async releaseClaims(updates) {
      for (const { channel, updateId } of updates) {
        await db.inboundUpdate.updateMany({ where: { channel, updateId, status: 'pending' }, data: { queuedAt: null } });
      }
    },
    async listStalePending(olderThan, limit) {
      return db.inboundUpdate.findMany({
        where: { status: 'pending', queuedAt: { lt: olderThan } },
        select: { channel: true, updateId: true },
        orderBy: { receivedAt: 'asc' },
        take: limit,
      });
    },
  };
}
