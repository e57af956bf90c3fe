import type { ChannelName } from '../domain/records.js';
import type { InboundUpdateStore } from './ports/intake-store.js';

/**
 * Stores a raw update as it arrived. Returns once it is safely in the
 * database: that is when the channel may be told "received". A failed store
 * throws, so the channel delivers it again. Nothing else happens here — the
 * dispatcher hands stored updates to the job queue, so neither Redis nor any
 * slow work stands between a webhook call and its answer.
 */
export async function ingestUpdate(
  deps: { updates: InboundUpdateStore; onStored?: () => void },
  channel: ChannelName,
  updateId: string,
  payload: unknown,
  json?: string,
): Promise<'new' | 'duplicate'> {
  const outcome = await deps.updates.record(channel, updateId, payload, json);
  if (outcome === 'new') deps.onStored?.();
  return outcome;
}
