import { describe, expect, it } from 'vitest';
import { decodeCallback, encodeCallback } from '../../src/domain/callback-data.js';
import { generateInviteCode, inviteCodeAlphabet, isWellFormedInviteCode, normaliseInviteCode } from '../../src/domain/invite-code.js';
import { normalisePhone } from '../../src/domain/phone.js';
import { slugify } from '../../src/domain/slug.js';
import { createLogger, scrubText } from '../../src/logging/logger.js';

describe('callback data', () => {
  it('round-trips every action under 64 bytes', () => {
    const actions = [
      { kind: 'bundle.submit', bundleId: 123456789 },
      { kind: 'bundle.cancel', bundleId: 1 },
      { kind: 'draft.approve', draftId: 999999999, version: 12 },
      { kind: 'draft.reject-reason', draftId: 5, version: 2, reason: 'duplicate' },
      { kind: 'publication.retry', publicationId: 77 },
    ] as const;
    for (const action of actions) {
      const data = encodeCallback(action);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeCallback(data)).toEqual(action);
    }
  });

  it('rejects tampered or foreign data', () => {
    for (const data of ['', 'v2|da|1|1', 'v1|zz|1', 'v1|da|x|1', 'v1|dx|1|1|99', 'approve 1']) expect(decodeCallback(data)).toBeNull();
  });
});

describe('invite codes', () => {
  it('are six unambiguous characters', () => {
    for (let i = 0; i < 200; i += 1) {
      const code = generateInviteCode();
      expect(isWellFormedInviteCode(code)).toBe(true);
      expect(code).not.toMatch(/[01OIL]/);
    }
    expect(inviteCodeAlphabet).not.toMatch(/[01OIL]/);
    expect(normaliseInviteCode(' ab-c2 34 ')).toBe('ABC234');
  });
});

describe('phone numbers', () => {
  it('normalise 08…, 62… and +62… to E.164', () => {
    expect(normalisePhone('0812-3456-7890')).toBe('+6281234567890');
    expect(normalisePhone('+62 812 3456 7890')).toBe('+6281234567890');
    expect(normalisePhone('6281234567890')).toBe('+6281234567890');
    expect(normalisePhone('12345')).toBeNull();
    expect(normalisePhone('0212345678')).toBeNull(); // a landline cannot use WhatsApp here
    expect(normalisePhone('nomor saya')).toBeNull();
  });
});

describe('slugs', () => {
  it('are lower-case ASCII', () => {
    expect(slugify('Bupati & Wakil: Tinjau "Posyandu" di Taliwang!')).toBe('bupati-dan-wakil-tinjau-posyandu-di-taliwang');
    expect(slugify('???')).toBe('berita');
  });
});

describe('logging', () => {
  it('never prints tokens or phone numbers', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } as never });
    log.info({ token: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijk', phone: '+6281234567890', nested: { apiKey: 'sk-secret' } }, 'sending to 081234567890');
    log.warn({ url: 'https://api.telegram.org/bot123456789:AAFakeTokenForWartaTests0123456789x/getMe' }, 'failed');
    const output = lines.join('\n');
    expect(output).not.toContain('ABCDEFGHIJ');
    expect(output).not.toContain('81234567890');
    expect(output).not.toContain('sk-secret');
    expect(output).not.toContain('AAFakeToken');
    expect(scrubText('call 0812345678901 now')).toBe('call [phone] now');
  });
});
