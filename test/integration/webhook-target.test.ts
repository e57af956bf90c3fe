// The signed webhook target against a real HTTP receiver on loopback, which
// checks every delivery the way the README tells integrators to.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createWebhookTarget,
  verifyWartaSignature,
  wartaSignature,
  type WartaWebhookPayload,
} from '../../src/adapters/publish/webhook-target.js';
import type { PublishableItem } from '../../src/pipeline/ports/publishing.js';
import { rejection } from '../helpers/assertions.js';

const SECRET = 'webhook-secret-for-tests';

interface Delivery {
  headers: IncomingHttpHeaders;
  rawBody: string;
  verified: boolean;
  payload: WartaWebhookPayload;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sampleItem(): PublishableItem {
  return {
    bundleId: 41,
    slug: 'posyandu-balita-di-taliwang',
    url: 'https://warta.example.go.id/news/posyandu-balita-di-taliwang',
    agency: { id: 3, name: 'Dinas Kesehatan', slug: 'dinas-kesehatan' },
    contributorName: 'Siti Aminah',
    publishedAt: new Date('2024-11-12T03:30:00.000Z'),
    item: {
      title: 'Posyandu Balita & Lansia Digelar di Taliwang',
      datelinePlace: 'TALIWANG',
      eventDate: '2024-11-12',
      lead: 'Dinas Kesehatan menggelar posyandu balita di Taliwang, Selasa (12/11/2024).',
      body: ['Sebanyak 48 balita ditimbang.', '"Kami rutin setiap bulan," kata Kepala Dinas.'],
      quotes: [{ speaker: 'dr. H. Abdul Malik', speakerTitle: 'Kepala Dinas Kesehatan', text: 'Kami rutin setiap bulan.' }],
      photoCaptions: [{ photoIndex: 1, caption: 'Petugas menimbang balita.' }],
      tags: ['kesehatan', 'posyandu'],
      agency: 'Dinas Kesehatan',
      questions: [],
    },
    photos: [
      {
        path: '/nonexistent/a.jpg',
        url: 'https://warta.example.go.id/media/aaaa.jpg',
        mime: 'image/jpeg',
        width: 1280,
        height: 960,
        sizeBytes: 120_000,
        caption: 'Petugas menimbang balita.',
      },
    ],
  };
}


describe('webhook publish target', () => {
  let server: Server;
  let url: string;
  const deliveries: Delivery[] = [];
  /** Statuses the receiver answers with, in order; 200 once they run out. */
  let answers: number[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const verified = verifyWartaSignature(
          rawBody,
          { timestamp: header(req.headers, 'x-warta-timestamp'), signature: header(req.headers, 'x-warta-signature') },
          SECRET,
        );
        deliveries.push({ headers: req.headers, rawBody, verified, payload: JSON.parse(rawBody) as WartaWebhookPayload });
        res.statusCode = answers.shift() ?? 200;
        res.end(verified ? 'ok' : 'bad signature');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/warta`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    deliveries.length = 0;
    answers = [];
  });

  it('delivers a signed news.published payload that the receiver can verify', async () => {
    const target = createWebhookTarget({ url, secret: SECRET });
    const before = Math.floor(Date.now() / 1000);
    const result = await target.publish(sampleItem(), { externalId: null });

    expect(target.name).toBe('webhook');
    expect(result).toEqual({ externalId: 'posyandu-balita-di-taliwang:published', url: null });
    expect(deliveries).toHaveLength(1);
    const delivery = deliveries[0]!;
    expect(delivery.verified).toBe(true);
    expect(delivery.headers['content-type']).toMatch(/^application\/json/);
    expect(delivery.headers['x-warta-event']).toBe('news.published');
    expect(delivery.headers['x-warta-delivery']).toBe('posyandu-balita-di-taliwang:published');
    const timestamp = Number(delivery.headers['x-warta-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(delivery.headers['x-warta-signature']).toBe(wartaSignature(String(timestamp), delivery.rawBody, SECRET));

    expect(delivery.payload).toEqual({
      event: 'news.published',
      deliveryId: 'posyandu-balita-di-taliwang:published',
      item: {
        slug: 'posyandu-balita-di-taliwang',
        url: 'https://warta.example.go.id/news/posyandu-balita-di-taliwang',
        title: 'Posyandu Balita & Lansia Digelar di Taliwang',
        datelinePlace: 'TALIWANG',
        eventDate: '2024-11-12',
        lead: 'Dinas Kesehatan menggelar posyandu balita di Taliwang, Selasa (12/11/2024).',
        body: ['Sebanyak 48 balita ditimbang.', '"Kami rutin setiap bulan," kata Kepala Dinas.'],
        quotes: [{ speaker: 'dr. H. Abdul Malik', speakerTitle: 'Kepala Dinas Kesehatan', text: 'Kami rutin setiap bulan.' }],
        tags: ['kesehatan', 'posyandu'],
        agency: { name: 'Dinas Kesehatan', slug: 'dinas-kesehatan' },
        publishedAt: '2024-11-12T03:30:00.000Z',
        photos: [
          {
            url: 'https://warta.example.go.id/media/aaaa.jpg',
            caption: 'Petugas menimbang balita.',
            mime: 'image/jpeg',
            width: 1280,
            height: 960,
          },
        ],
      },
    });
    // Nothing on disk or about the contributor leaves Warta.
    expect(delivery.rawBody).not.toContain('/nonexistent/');
    expect(delivery.rawBody).not.toContain('Siti Aminah');
  });

  it('fails verification for a tampered body, a wrong secret, a stale timestamp or a malformed signature', async () => {
    const target = createWebhookTarget({ url, secret: SECRET });
    await target.publish(sampleItem(), { externalId: null });
    const { rawBody, headers } = deliveries[0]!;
    const signed = { timestamp: header(headers, 'x-warta-timestamp'), signature: header(headers, 'x-warta-signature') };
    const sentAt = new Date(Number(signed.timestamp) * 1000);

    expect(verifyWartaSignature(rawBody, signed, SECRET, { now: sentAt })).toBe(true);
    expect(verifyWartaSignature(rawBody.replace('48 balita', '84 balita'), signed, SECRET)).toBe(false);
    expect(verifyWartaSignature(rawBody, signed, 'another-secret')).toBe(false);
    // Replayed after the tolerance (300 s by default), or from the future.
    expect(verifyWartaSignature(rawBody, signed, SECRET, { now: new Date(sentAt.getTime() + 301_000) })).toBe(false);
    expect(verifyWartaSignature(rawBody, signed, SECRET, { now: new Date(sentAt.getTime() - 301_000) })).toBe(false);
    expect(verifyWartaSignature(rawBody, signed, SECRET, { now: new Date(sentAt.getTime() + 3_000_000), toleranceSeconds: 3600 })).toBe(true);
    // The signature covers the timestamp: moving it invalidates the signature.
    expect(verifyWartaSignature(rawBody, { ...signed, timestamp: String(Number(signed.timestamp) + 1) }, SECRET)).toBe(false);
    expect(verifyWartaSignature(rawBody, { ...signed, signature: signed.signature!.replace('sha256=', '') }, SECRET)).toBe(false);
    expect(verifyWartaSignature(rawBody, { ...signed, signature: 'sha256=abc' }, SECRET)).toBe(false);
    expect(verifyWartaSignature(rawBody, { timestamp: undefined, signature: undefined }, SECRET)).toBe(false);
  });

  it('signs with the injected clock', async () => {
    const target = createWebhookTarget({ url, secret: SECRET, now: () => new Date('2030-01-01T00:00:00Z') });
    await target.publish(sampleItem(), { externalId: null });
    const { rawBody, headers } = deliveries[0]!;
    expect(headers['x-warta-timestamp']).toBe('1893456000');
    const signed = { timestamp: '1893456000', signature: header(headers, 'x-warta-signature') };
    expect(verifyWartaSignature(rawBody, signed, SECRET, { now: new Date('2030-01-01T00:04:00Z') })).toBe(true);
  });

  it('a 500 is worth retrying; the retry carries the same delivery id and succeeds', async () => {
    const target = createWebhookTarget({ url, secret: SECRET });
    answers = [500];
    const error = await rejection(target.publish(sampleItem(), { externalId: null }));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).not.toContain(SECRET);

    const result = await target.publish(sampleItem(), { externalId: null });
    expect(result.externalId).toBe('posyandu-balita-di-taliwang:published');
    expect(deliveries.map((d) => d.headers['x-warta-delivery'])).toEqual([
      'posyandu-balita-di-taliwang:published',
      'posyandu-balita-di-taliwang:published',
    ]);
    expect(deliveries.every((d) => d.verified)).toBe(true);
  });

  it('429 and an unreachable receiver are UNAVAILABLE; 400 is VALIDATION', async () => {
    const target = createWebhookTarget({ url, secret: SECRET });
    answers = [429];
    expect((await rejection(target.publish(sampleItem(), { externalId: null }))).code).toBe('UNAVAILABLE');
    answers = [400];
    expect((await rejection(target.publish(sampleItem(), { externalId: null }))).code).toBe('VALIDATION');
    answers = [410];
    expect((await rejection(target.withdraw(sampleItem(), 'x'))).code).toBe('VALIDATION');

    // A port nothing listens on: take one, then close it.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = createWebhookTarget({ url: `http://127.0.0.1:${port}/`, secret: SECRET });
    expect((await rejection(unreachable.publish(sampleItem(), { externalId: null }))).code).toBe('UNAVAILABLE');
  });

  it('a receiver that does not answer in time is UNAVAILABLE', async () => {
    const slow = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const target = createWebhookTarget({ url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`, secret: SECRET, timeoutMs: 200 });
      const error = await rejection(target.publish(sampleItem(), { externalId: null }));
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.message).toContain('timed out');
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it('withdraw sends a signed news.withdrawn delivery', async () => {
    const target = createWebhookTarget({ url, secret: SECRET });
    await target.withdraw(sampleItem(), 'posyandu-balita-di-taliwang:published');
    expect(deliveries).toHaveLength(1);
    const delivery = deliveries[0]!;
    expect(delivery.verified).toBe(true);
    expect(delivery.headers['x-warta-event']).toBe('news.withdrawn');
    expect(delivery.headers['x-warta-delivery']).toBe('posyandu-balita-di-taliwang:withdrawn');
    expect(delivery.payload.event).toBe('news.withdrawn');
    expect(delivery.payload.deliveryId).toBe('posyandu-balita-di-taliwang:withdrawn');
    expect(delivery.payload.item.slug).toBe('posyandu-balita-di-taliwang');
  });
});
