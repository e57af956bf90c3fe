import type pg from 'pg';
import type { ChannelName } from '../../domain/records.js';

interface Waiting {
  channel: ChannelName;
  updateId: string;
  payload: string;
  resolve(outcome: 'new' | 'duplicate'): void;
  reject(error: unknown): void;
}

/**
 * Stores webhook updates with as few round trips as the load allows: while one
 * INSERT is on its way, the updates that arrive meanwhile wait and go together
 * in the next one (group commit, done in the application). Every caller still
 * learns only after its own row is committed, and a failed INSERT fails every
 * update in it, so the channel delivers them again.
 */
export function createBatchedUpdateInsert(pool: pg.Pool, options: { maxBatch?: number; maxInFlight?: number } = {}) {
  const maxBatch = options.maxBatch ?? 200;
  const maxInFlight = options.maxInFlight ?? 4;
  let waiting: Waiting[] = [];
  let inFlight = 0;

  async function flush(batch: Waiting[]): Promise<void> {
    inFlight += 1;
    // One row per (channel, update id): a second copy in the same batch is a duplicate.
    const unique = new Map<string, Waiting>();
    for (const item of batch) unique.set(`${item.channel}\u0000${item.updateId}`, unique.get(`${item.channel}\u0000${item.updateId}`) ?? item);
    const rows = [...unique.values()];
    try {
      const values: string[] = [];
      const params: string[] = [];
      rows.forEach((row, index) => {
        values.push(`($${index * 3 + 1}::"Channel", $${index * 3 + 2}, $${index * 3 + 3}::jsonb)`);
        params.push(row.channel, row.updateId, row.payload);
      });
      const result = await pool.query<{ channel: ChannelName; update_id: string }>(
        `INSERT INTO inbound_updates (channel, update_id, payload) VALUES ${values.join(', ')}
         ON CONFLICT (channel, update_id) DO NOTHING RETURNING channel, update_id`,
        params,
      );
      const inserted = new Set(result.rows.map((row) => `${row.channel}\u0000${row.update_id}`));
      for (const item of batch) {
        const key = `${item.channel}\u0000${item.updateId}`;
        const firstCopy = unique.get(key) === item;
        item.resolve(firstCopy && inserted.has(key) ? 'new' : 'duplicate');
      }
    } catch (error) {
      for (const item of batch) item.reject(error);
    } finally {
      inFlight -= 1;
      drain();
    }
  }

  function drain(): void {
    while (waiting.length > 0 && inFlight < maxInFlight) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(maxBatch);
      void flush(batch);
    }
  }

  return (channel: ChannelName, updateId: string, payloadJson: string): Promise<'new' | 'duplicate'> =>
    new Promise((resolve, reject) => {
      waiting.push({ channel, updateId, payload: payloadJson, resolve, reject });
      // Gather whatever arrives in this same turn of the event loop, then send.
      if (waiting.length === 1) setImmediate(drain);
    });
}
