import { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Logger } from '../../src/logging/logger.js';

export const allowedUpdates = ['message', 'callback_query', 'my_chat_member'] as const;

export interface LongPoller {
  stop(): Promise<void>;
}

/**
 * Long polling when no webhook secret is set. The offset only moves past an
 * update once it is stored, so a crash or a database outage loses nothing:
 * Telegram hands the same updates out again.
 */
export function startLongPolling(deps: {
  token: string;
  apiRoot: string;
  log: Logger;
  ingest: (updateId: string, payload: Update) => Promise<unknown>;
  pollTimeoutSeconds?: number;
}): LongPoller {
  const telegram = new Telegram(deps.token, { apiRoot: deps.apiRoot });
  const controller = new AbortController();
  let offset = 0;
  let failures = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      controller.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });

  const loop = (async () => {
    try {
      await telegram.deleteWebhook({ drop_pending_updates: false });
    } catch (error) {
      deps.log.warn({ err: describe(error) }, 'could not remove a webhook before polling');
    }
    while (!controller.signal.aborted) {
      try {
        const updates = (await telegram.callApi(
          'getUpdates',
          { offset, timeout: deps.pollTimeoutSeconds ?? 25, allowed_updates: [...allowedUpdates] },
          { signal: controller.signal as never },
        )) as Update[];
        for (const update of updates) {
          await deps.ingest(String(update.update_id), update);
          offset = update.update_id + 1;
        }
        failures = 0;
      } catch (error) {
        if (controller.signal.aborted) break;
        failures += 1;
        const waitMs = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
        deps.log.warn({ err: describe(error), waitMs }, 'telegram polling failed; retrying');
        await sleep(waitMs);
      }
    }
  })();

  return {
    async stop() {
      controller.abort();
      await loop;
    },
  };
}

// Telegraf errors can carry request URLs with the token: log only what is safe.
function describe(error: unknown) {
  const e = error as { code?: unknown; description?: unknown; name?: unknown; message?: unknown };
  return { name: e.name, code: e.code, description: e.description ?? String(e.message ?? '').slice(0, 200) };
}
