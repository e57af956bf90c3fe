import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logging/logger.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares secrets in constant time (hashing first makes the lengths equal). */
export function secretsMatch(given: string | undefined, expected: string | Buffer): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(given), typeof expected === 'string' ? digest(expected) : expected);
}

const okBody = '{"ok":true}';
const maxBodyBytes = 1024 * 1024;

/** The body as text, refusing more than `maxBodyBytes` (a small reader: this is the hot path). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxBodyBytes ? null : Buffer.concat(chunks, size).toString('utf8')));
    req.on('error', reject);
  });
}

export type IngestUpdate = (updateId: string, payload: unknown, json?: string) => Promise<'new' | 'duplicate'>;

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}

const errorBody = (code: string, message: string) => JSON.stringify({ error: { code, message } });

/**
 * POST /telegram/webhook: checks the secret, stores the update, answers 200.
 * A 200 means the update is in the database; a failed store answers 500 so
 * Telegram delivers it again. The real work happens in a job.
 *
 * A plain Node handler, served ahead of express: this is the busiest route,
 * and a few thousand updates a second should not pay for routing and
 * middleware they do not use.
 */
export function telegramWebhookHandler(deps: { secret: string; ingest: IngestUpdate; log: Logger }) {
  const expected = digest(deps.secret);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const given = req.headers['x-telegram-bot-api-secret-token'];
    if (!secretsMatch(typeof given === 'string' ? given : undefined, expected)) {
      req.resume();
      answer(res, 401, errorBody('UNAUTHORIZED', 'missing or wrong secret token'));
      return;
    }
    try {
      // Read as text: the update is stored exactly as Telegram sent it, parsed once to check it.
      const text = await readBody(req);
      if (text === null) {
        answer(res, 413, errorBody('TOO_LARGE', 'update over 1 MB'));
        return;
      }
      let update: { update_id?: unknown } | undefined;
      try {
        update = JSON.parse(text) as { update_id?: unknown };
      } catch {
        update = undefined;
      }
      if (!update || typeof update !== 'object' || !Number.isSafeInteger(update.update_id)) {
        answer(res, 400, errorBody('VALIDATION', 'body is not a Telegram update'));
        return;
      }
      await deps.ingest(String(update.update_id), update, text);
      answer(res, 200, okBody);
    } catch (error) {
      deps.log.error({ err: error, path: '/telegram/webhook' }, 'could not store a Telegram update; Telegram will send it again');
      if (!res.headersSent) answer(res, 500, errorBody('INTERNAL', 'Internal server error'));
    }
  };
}
