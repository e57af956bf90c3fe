import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import type { PublishableItem, PublishResult, PublishTarget } from '../../pipeline/ports/publishing.js';

export interface WebhookTargetOptions {
  /** PUBLISH_WEBHOOK_URL: the receiver's endpoint. */
  url: string;
  /** PUBLISH_WEBHOOK_SECRET: shared with the receiver, signs every delivery. */
  secret: string;
  /** Default 10 s. */
  timeoutMs?: number;
  now?: () => Date;
  fetch?: typeof fetch;
}

export type WartaWebhookEvent = 'news.published' | 'news.withdrawn';

/** The JSON body of every delivery. */
export interface WartaWebhookPayload {
  event: WartaWebhookEvent;
  deliveryId: string;
  item: {
    slug: string;
    url: string;
    title: string;
    datelinePlace: string;
    eventDate: string | null;
    lead: string;
    body: string[];
    quotes: Array<{ speaker: string; speakerTitle: string | null; text: string }>;
    tags: string[];
    agency: { name: string; slug: string };
    publishedAt: string;
    photos: Array<{ url: string; caption: string | null; mime: string; width: number | null; height: number | null }>;
  };
}

export const wartaHeaders = {
  event: 'X-Warta-Event',
  delivery: 'X-Warta-Delivery',
  timestamp: 'X-Warta-Timestamp',
  signature: 'X-Warta-Signature',
} as const;

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`: what X-Warta-Signature carries. */
export function wartaSignature(timestamp: string, rawBody: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/**
 * What a receiver should do with a delivery: recompute the signature over the
 * raw body (before any JSON parsing), compare in constant time, and refuse
 * timestamps further than `toleranceSeconds` (default 300) from now, so a
 * captured delivery cannot be replayed later.
 */
export function verifyWartaSignature(
  rawBody: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  secret: string,
  options: { toleranceSeconds?: number; now?: Date } = {},
): boolean {
  const { timestamp, signature } = headers;
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const given = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim())?.[1];
  if (!given) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/**
 * The delivery id is the same for every retry of one event of one item
 * (`<slug>:published`, `<slug>:withdrawn`), so receivers can drop repeats. It
 * is built from the slug alone: the item's publication time is not fixed until
 * the site target has published it, so it cannot be part of the id.
 */
export function webhookDeliveryId(item: Pick<PublishableItem, 'slug'>, event: WartaWebhookEvent): string {
  return `${item.slug}:${event === 'news.published' ? 'published' : 'withdrawn'}`;
}

export function webhookPayload(item: PublishableItem, event: WartaWebhookEvent): WartaWebhookPayload {
  const news = item.item;
  return {
    event,
    deliveryId: webhookDeliveryId(item, event),
    item: {
      slug: item.slug,
      url: item.url,
      title: news.title,
      datelinePlace: news.datelinePlace,
      eventDate: news.eventDate,
      lead: news.lead,
      body: news.body,
      quotes: news.quotes.map((quote) => ({ speaker: quote.speaker, speakerTitle: quote.speakerTitle, text: quote.text })),
      tags: news.tags,
      agency: { name: item.agency.name, slug: item.agency.slug },
      publishedAt: item.publishedAt.toISOString(),
      photos: item.photos.map((photo) => ({
        url: photo.url,
        caption: photo.caption,
        mime: photo.mime,
        width: photo.width,
        height: photo.height,
      })),
    },
  };
}

/**
 * A signed JSON webhook (PUBLISH_WEBHOOK_URL) for the office's own systems.
 * Any 2xx is success; 408, 429, 5xx and network failures are retried by the
 * job; other answers are a receiver or configuration problem that retrying
 * cannot fix.
 */
export function createWebhookTarget(options: WebhookTargetOptions): PublishTarget {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());

  async function deliver(item: PublishableItem, event: WartaWebhookEvent): Promise<string> {
    const payload = webhookPayload(item, event);
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(now().getTime() / 1000));
    const what = `webhook ${event} ${payload.deliveryId}`;
    let response: Response;
    try {
      response = await doFetch(options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Warta-Webhook/1',
          [wartaHeaders.event]: event,
          [wartaHeaders.delivery]: payload.deliveryId,
          [wartaHeaders.timestamp]: timestamp,
          [wartaHeaders.signature]: wartaSignature(timestamp, body, options.secret),
        },
        body,
        // Following a redirect would resend (or drop) the body to an address nobody configured.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined); // drain, so the connection can be reused
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : errorMessage(error);
      throw new AppError('UNAVAILABLE', `${what} failed: ${reason}`, { target: 'webhook' }, { cause: error });
    }

    const status = response.status;
    if (status >= 200 && status < 300) return payload.deliveryId;
    const details = { target: 'webhook', status, deliveryId: payload.deliveryId };
    if (status === 408 || status === 429 || status >= 500) {
      throw new AppError('UNAVAILABLE', `${what}: the receiver answered ${status}`, details);
    }
    throw new AppError('VALIDATION', `${what}: the receiver answered ${status}`, details);
  }

  return {
    name: 'webhook',
    async publish(item): Promise<PublishResult> {
      // Sent again even when `previous` is set: the delivery id lets the receiver drop the repeat.
      return { externalId: await deliver(item, 'news.published'), url: null };
    },
    async withdraw(item): Promise<void> {
      await deliver(item, 'news.withdrawn');
    },
  };
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? `${error.message} (${cause.code})` : error.message;
}
