import type { InboundMessage } from '../domain/inbound-message.js';
import type { ChannelName } from '../domain/records.js';
import type { JobHandler } from '../jobs/job-queue.js';
import type { processUpdateJob } from '../jobs/intake-jobs.js';
import type { InboundUpdateStore } from '../pipeline/ports/intake-store.js';
import type { ReceiveOutcome } from '../pipeline/receive-message.js';

export type UpdateParser = (payload: unknown) => InboundMessage | null;

export function processUpdateHandler(deps: {
  updates: InboundUpdateStore;
  parsers: Partial<Record<ChannelName, UpdateParser>>;
  receive: (message: InboundMessage) => Promise<ReceiveOutcome>;
}): JobHandler<typeof processUpdateJob> {
  return async ({ channel, updateId }, context) => {
    const stored = await deps.updates.get(channel, updateId);
    if (!stored || stored.status !== 'pending') return; // already handled: a redelivered job
    const parse = deps.parsers[channel];
    if (!parse) throw new Error(`no parser for channel ${channel}`);
    const message = parse(stored.payload);
    if (!message) {
      await deps.updates.markProcessed(channel, updateId);
      return;
    }
    const log = context.log.child({ channel, updateId, kind: message.kind });
    try {
      const outcome = await deps.receive(message);
      await deps.updates.markProcessed(channel, updateId, { forgetPayload: !outcome.fromRegistered });
    } catch (error) {
      if (context.finalAttempt) await deps.updates.markFailed(channel, updateId, error instanceof Error ? error.message : String(error));
      log.warn({ err: error }, 'processing an update failed');
      throw error;
    }
  };
}
