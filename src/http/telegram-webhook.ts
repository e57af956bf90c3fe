import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Router } from 'express';

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

/**
 * POST /telegram/webhook: checks the secret, stores the update, answers 200.
 * A 200 means the update is in the database; a failed store answers 500 so
 * Telegram delivers it again. The real work happens in a job.
 */
export function telegramWebhookRouter(deps: { secret: string; ingest: IngestUpdate }): Router {
  const router = Router();
  const expected = digest(deps.secret);
  router.post(
    '/telegram/webhook',
    (req, res, next) => {
      if (!secretsMatch(req.get('x-telegram-bot-api-secret-token'), expected)) {
        res.status(401).json({ error: { code: 'UNAUTHORIZED', message: 'missing or wrong secret token' } });
        return;
      }
      next();
    },
    async (req, res) => {
      // Read as text: the update is stored exactly as Telegram sent it, parsed once to check it.
      const text = await readBody(req);
      if (text === null) {
        res.status(413).json({ error: { code: 'TOO_LARGE', message: 'update over 1 MB' } });
        return;
      }
      let update: { update_id?: unknown } | undefined;
      try {
        update = JSON.parse(text) as { update_id?: unknown };
      } catch {
        update = undefined;
      }
      if (!update || typeof update !== 'object' || !Number.isSafeInteger(update.update_id)) {
        res.status(400).json({ error: { code: 'VALIDATION', message: 'body is not a Telegram update' } });
        return;
      }
      await deps.ingest(String(update.update_id), update, text);
      // A fixed answer, written directly: no serialising, no ETag on the hot path.
      res.writeHead(200, { 'content-type': 'application/json' }).end(okBody);
    },
  );
  return router;
}
