import { timingSafeEqual, createHash } from 'node:crypto';
import express, { Router } from 'express';

/** Compares secrets in constant time (hashing first makes the lengths equal). */
export function secretsMatch(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export type IngestUpdate = (updateId: string, payload: unknown) => Promise<'new' | 'duplicate'>;

/**
 * POST /telegram/webhook: checks the secret, stores the update, answers 200.
 * A 200 means the update is in the database; a failed store answers 500 so
 * Telegram delivers it again. The real work happens in a job.
 */
export function telegramWebhookRouter(deps: { secret: string; ingest: IngestUpdate }): Router {
  const router = Router();
  router.post(
    '/telegram/webhook',
    (req, res, next) => {
      if (!secretsMatch(req.get('x-telegram-bot-api-secret-token'), deps.secret)) {
        res.status(401).json({ error: { code: 'UNAUTHORIZED', message: 'missing or wrong secret token' } });
        return;
      }
      next();
    },
    express.json({ limit: '1mb', type: () => true }),
    async (req, res) => {
      const update = req.body as { update_id?: unknown } | undefined;
      if (!update || typeof update !== 'object' || !Number.isSafeInteger(update.update_id)) {
        res.status(400).json({ error: { code: 'VALIDATION', message: 'body is not a Telegram update' } });
        return;
      }
      const outcome = await deps.ingest(String(update.update_id), update);
      req.log.debug({ updateId: update.update_id, outcome }, 'telegram update stored');
      res.status(200).json({ ok: true });
    },
  );
  return router;
}
