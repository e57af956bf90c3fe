// One contract, two channels: the same scenarios run against the Telegram
// adapter (webhook + fake Bot API) and the WhatsApp adapter (fake
// whatsapp-web.js client through the whatsapp role), inside one running
// Warta, and must leave the same bundles behind.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { isDeepStrictEqual } from 'node:util';
import { addAgency } from '../../src/pipeline/add-agency.js';
import { createAgencyStore } from '../../src/adapters/prisma/agency-store.js';
import { createAuditLog } from '../../src/adapters/prisma/audit-log.js';
import { commandUpdate, photoUpdate, textUpdate, voiceUpdate } from '../fakes/fake-telegram.js';
import type { WhatsAppMessageLike } from '../../bots/whatsapp/client-port.js';
import { updateIdOf } from '../../bots/whatsapp/payload.js';
import { eventually } from '../helpers/warta.js';
import { nextWhatsAppNumber, startTestWartaWithWhatsApp, type TestWartaWithWhatsApp } from '../helpers/whatsapp.js';

let t: TestWartaWithWhatsApp;
let inviteCode: string;
let images: Buffer[];
const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(80, 7)]);

interface Person {
  /** ContributorIdentity.externalId on this channel. */
  externalId: string;
  chatId: string;
}

/** A delivered message that can be delivered again. */
type Sent = { again(): Promise<void>; updateId: string };

interface ChannelDriver {
  channel: 'telegram' | 'whatsapp';
  newPerson(): Person;
  join(person: Person, code: string): Promise<void>;
  text(person: Person, text: string): Promise<Sent>;
  /** Several images in a row: a Telegram album, WhatsApp images one after another. */
  images(person: Person, files: Buffer[], caption: string): Promise<void>;
  voice(person: Person, file: Buffer): Promise<void>;
  /** A 30 MB photo, refused by its announced size. */
  oversizePhoto(person: Person): Promise<void>;
  submit(person: Person): Promise<void>;
  cancel(person: Person): Promise<void>;
  /** Every text the person was sent (edits of the acknowledgement included). */
  replies(person: Person): string[];
  /** Whether the latest acknowledgement offers to submit (a button, or the KIRIM keyword). */
  offersSubmit(person: Person): boolean;
}

function telegramDriver(): ChannelDriver {
  let nextUser = 80_000;
  const user = (person: Person) => Number(person.externalId);
  const deliver = async (update: unknown) => {
    expect((await t.deliver(update)).status).toBe(200);
  };
  const calls = (person: Person) =>
    [...t.telegram.callsOf('sendMessage'), ...t.telegram.callsOf('editMessageText')].filter((c) => String(c.params.chat_id) === person.chatId);
  return {
    channel: 'telegram',
    newPerson() {
      nextUser += 1;
      return { externalId: String(nextUser), chatId: String(nextUser) };
    },
    join: (person, code) => deliver(commandUpdate({ fromId: user(person), command: 'start', args: code })),
    async text(person, text) {
      const update = textUpdate({ fromId: user(person), text });
      await deliver(update);
      return { again: () => deliver(update), updateId: String(update.update_id) };
    },
    async images(person, files, caption) {
      const album = `album-${person.externalId}`;
      for (const [index, file] of files.entries()) {
        await deliver(photoUpdate({ fromId: user(person), file: t.telegram.addFile(file), mediaGroupId: album, ...(index === 0 ? { caption } : {}) }));
      }
    },
    voice: (person, file) => deliver(voiceUpdate({ fromId: user(person), file: t.telegram.addFile(file) })),
    oversizePhoto: (person) => deliver(photoUpdate({ fromId: user(person), fileSize: 30 * 1024 * 1024 })),
    submit: (person) => deliver(commandUpdate({ fromId: user(person), command: 'kirim' })),
    cancel: (person) => deliver(commandUpdate({ fromId: user(person), command: 'batal' })),
    replies: (person) => calls(person).map((c) => String(c.params.text ?? '')),
    offersSubmit: (person) => calls(person).some((c) => JSON.stringify(c.params.reply_markup ?? '').includes('Kirim ke redaksi')),
  };
}

function whatsappDriver(): ChannelDriver {
  const wa = () => t.wa;
  const deliver = (message: WhatsAppMessageLike) => {
    wa().receive(message);
    return Promise.resolve();
  };
  return {
    channel: 'whatsapp',
    newPerson() {
      const { wid } = nextWhatsAppNumber();
      return { externalId: wid, chatId: wid };
    },
    join: (person, code) => deliver(wa().text({ from: person.chatId, body: `DAFTAR ${code}` })),
    async text(person, text) {
      const message = wa().text({ from: person.chatId, body: text });
      await deliver(message);
      return { again: () => deliver(message), updateId: updateIdOf(message.id._serialized) };
    },
    async images(person, files, caption) {
      for (const [index, file] of files.entries()) {
        await deliver(wa().media({ from: person.chatId, type: 'image', content: file, mimetype: 'image/jpeg', ...(index === 0 ? { caption } : {}) }));
      }
    },
    voice: (person, file) => deliver(wa().media({ from: person.chatId, type: 'ptt', content: file, mimetype: 'audio/ogg; codecs=opus', duration: 3 })),
    oversizePhoto: (person) =>
      deliver(wa().media({ from: person.chatId, type: 'image', content: images[0]!, mimetype: 'image/jpeg', declaredSize: 30 * 1024 * 1024 })),
    submit: (person) => deliver(wa().text({ from: person.chatId, body: 'KIRIM' })),
    cancel: (person) => deliver(wa().text({ from: person.chatId, body: 'batal' })),
    replies: (person) => wa().textsTo(person.chatId),
    offersSubmit: (person) => wa().textsTo(person.chatId).some((text) => text.includes('Diterima') && text.includes('KIRIM')),
  };
}

// What a scenario leaves in the database, in channel-neutral terms.
interface BundleShape {
  registered: boolean;
  agency: string | null;
  bundles: Array<{ status: string; items: Array<{ kind: string; text: string | null; captioned: boolean; mime: string | null; mediaError: string | null }> }>;
}

async function shapeOf(channel: 'telegram' | 'whatsapp', person: Person): Promise<BundleShape> {
  const identity = await t.warta.db.contributorIdentity.findFirst({
    where: { channel, externalId: person.externalId },
    include: { contributor: { include: { agency: true } } },
  });
  if (!identity) return { registered: false, agency: null, bundles: [] };
  const bundles = await t.warta.db.bundle.findMany({
    where: { contributorId: identity.contributorId },
    orderBy: { id: 'asc' },
    include: { messages: { include: { mediaAsset: true } } },
  });
  return {
    registered: true,
    agency: identity.contributor.agency.name,
    bundles: bundles.map((bundle) => ({
      // Submitted bundles move on to drafting by themselves: all the same to intake.
      status: ['submitted', 'drafting', 'in_review'].includes(bundle.status) ? 'submitted' : bundle.status,
      items: bundle.messages
        .map((m) => ({ kind: m.kind, text: m.text, captioned: m.caption !== null, mime: m.mediaAsset?.mime ?? null, mediaError: m.mediaError }))
        // Album items are processed in parallel: their order is not part of the contract.
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    })),
  };
}

/** Waits until the shape is the expected one, then compares (so a failure shows the difference). */
async function expectShape(driver: ChannelDriver, person: Person, expected: BundleShape): Promise<void> {
  await eventually(async () => isDeepStrictEqual(await shapeOf(driver.channel, person), expected), 'the expected bundles', 15_000).catch(() => {});
  expect(await shapeOf(driver.channel, person)).toEqual(expected);
}

const replyContaining = (driver: ChannelDriver, person: Person, text: string) =>
  eventually(() => driver.replies(person).find((reply) => reply.includes(text)), `a reply containing "${text}"`, 15_000);

const agencyName = 'Dinas Komunikasi dan Informatika';
const note = 'Rapat koordinasi percepatan penurunan stunting di Aula Kantor Bupati.';
const photoItem = { kind: 'photo', text: null, mime: 'image/jpeg', mediaError: null };

beforeAll(async () => {
  t = await startTestWartaWithWhatsApp({ BUNDLE_IDLE_SECONDS: '600' });
  const agency = await addAgency({ agencies: createAgencyStore(t.warta.db), audit: createAuditLog(t.warta.db) }, { name: agencyName });
  inviteCode = agency.inviteCode;
  images = await Promise.all(
    ['#3366aa', '#aa6633', '#33aa66'].map((background) => sharp({ create: { width: 64, height: 48, channels: 3, background } }).jpeg().toBuffer()),
  );
});

afterAll(async () => {
  await t?.close();
});

beforeEach(() => {
  t.telegram.reset();
  t.wa.reset();
});

describe.each([telegramDriver(), whatsappDriver()])('the $channel adapter', (driver) => {
  async function joined(): Promise<Person> {
    const person = driver.newPerson();
    await driver.join(person, inviteCode);
    await replyContaining(driver, person, agencyName);
    return person;
  }

  it('join: registers the contributor with the invite code and greets them by agency', async () => {
    const person = await joined();
    await expectShape(driver, person, { registered: true, agency: agencyName, bundles: [] });
  });

  it('text: a note opens a bundle and is acknowledged with a way to submit', async () => {
    const person = await joined();
    await driver.text(person, note);
    await replyContaining(driver, person, '1 catatan');
    expect(driver.offersSubmit(person)).toBe(true);
    await expectShape(driver, person, {
      registered: true,
      agency: agencyName,
      bundles: [{ status: 'open', items: [{ kind: 'text', text: note, captioned: false, mime: null, mediaError: null }] }],
    });
  });

  it('several images: three images in a row make one bundle with three stored photos', async () => {
    const person = await joined();
    await driver.images(person, images, 'Vaksinasi anak di Puskesmas Taliwang');
    await replyContaining(driver, person, '3 foto');
    await expectShape(driver, person, {
      registered: true,
      agency: agencyName,
      bundles: [{ status: 'open', items: [{ ...photoItem, captioned: false }, { ...photoItem, captioned: false }, { ...photoItem, captioned: true }] }],
    });
  });

  it('voice note: stored as OGG audio and counted', async () => {
    const person = await joined();
    await driver.voice(person, ogg);
    await replyContaining(driver, person, '1 pesan suara');
    await expectShape(driver, person, {
      registered: true,
      agency: agencyName,
      bundles: [{ status: 'open', items: [{ kind: 'voice', text: null, captioned: false, mime: 'audio/ogg', mediaError: null }] }],
    });
  });

  it('submit: the bundle goes to the editors', async () => {
    const person = await joined();
    await driver.text(person, note);
    await replyContaining(driver, person, '1 catatan');
    await driver.submit(person);
    await replyContaining(driver, person, 'diteruskan ke redaksi');
    await expectShape(driver, person, {
      registered: true,
      agency: agencyName,
      bundles: [{ status: 'submitted', items: [{ kind: 'text', text: note, captioned: false, mime: null, mediaError: null }] }],
    });
  });

  it('cancel: the bundle is dropped', async () => {
    const person = await joined();
    await driver.text(person, note);
    await replyContaining(driver, person, '1 catatan');
    await driver.cancel(person);
    await replyContaining(driver, person, 'dibatalkan');
    await expectShape(driver, person, {
      registered: true,
      agency: agencyName,
      bundles: [{ status: 'cancelled', items: [{ kind: 'text', text: note, captioned: false, mime: null, mediaError: null }] }],
    });
  });

  it('duplicate message: the same message delivered twice is stored and acknowledged once', async () => {
    const person = await joined();
    const sent = await driver.text(person, note);
    await sent.again();
    await replyContaining(driver, person, '1 catatan');
    await new Promise((resolve) => setTimeout(resolve, 800)); // give a duplicate every chance to show up
    expect(driver.replies(person).filter((reply) => reply.includes('Diterima'))).toHaveLength(1);
    expect(await t.warta.db.inboundUpdate.count({ where: { channel: driver.channel, updateId: sent.updateId } })).toBe(1);
    await expectShape(driver, person, {
      registered: true,
      agency: agencyName,
      bundles: [{ status: 'open', items: [{ kind: 'text', text: note, captioned: false, mime: null, mediaError: null }] }],
    });
  });

  it('unknown sender: is told how to join and nothing of theirs is kept', async () => {
    const person = driver.newPerson();
    const sent = await driver.text(person, 'Halo, ini kegiatan kami hari ini');
    await replyContaining(driver, person, 'belum terdaftar');
    const update = await eventually(
      async () => (await t.warta.db.inboundUpdate.findFirst({ where: { channel: driver.channel, updateId: sent.updateId, status: 'processed' } })) ?? undefined,
      'processed update',
    );
    expect(update.payload).toEqual({});
    expect(await t.warta.db.bundle.count({ where: { chatId: person.chatId } })).toBe(0);
    await expectShape(driver, person, { registered: false, agency: null, bundles: [] });
  });

  it('oversize media: a 30 MB photo is refused with the limit and not counted', async () => {
    const person = await joined();
    await driver.oversizePhoto(person);
    await replyContaining(driver, person, '20 MB');
    await expectShape(driver, person, {
      registered: true,
      agency: agencyName,
      bundles: [{ status: 'open', items: [{ kind: 'photo', text: null, captioned: false, mime: null, mediaError: 'too-large' }] }],
    });
  });
});
