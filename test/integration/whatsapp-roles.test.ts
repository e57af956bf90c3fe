// Which process runs what: only the whatsapp role loads whatsapp-web.js (and
// puppeteer) and owns the client; every other process can still send to
// WhatsApp contributors, through the outbound queue. And the real
// whatsapp-web.js client is built with the session on disk and Debian's
// Chromium (not started here: no browser in this test). And the idle timer
// submits WhatsApp bundles like Telegram ones.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { startWarta, type RunningWarta } from '../../src/main.js';
import { testConfig } from '../helpers/config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { deleteQueuePrefix, uniqueQueuePrefix } from '../helpers/redis.js';
import { createFakeWhatsApp } from '../fakes/fake-whatsapp-client.js';
import { eventually } from '../helpers/warta.js';
import { fastWhatsAppTuning, nextWhatsAppNumber, startTestWartaWithWhatsApp } from '../helpers/whatsapp.js';
import { addAgency } from '../../src/pipeline/add-agency.js';
import { createAgencyStore } from '../../src/adapters/prisma/agency-store.js';
import { createAuditLog } from '../../src/adapters/prisma/audit-log.js';

const loaded = (name: string) => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes(`/node_modules/${name}/`));

let running: { warta: RunningWarta; database: TestDatabase; prefix: string } | undefined;

async function start(role: string, options: Parameters<typeof startWarta>[2] = {}) {
  const database = await createTestDatabase();
  const prefix = uniqueQueuePrefix('roles');
  const config = testConfig({ DATABASE_URL: database.url, ROLE: role, WHATSAPP_ENABLED: 'true', WHATSAPP_SESSION_DIR: `${testConfig().MEDIA_DIR}-wa` });
  const warta = await startWarta(config, createLogger({ level: 'silent' }), { queuePrefix: prefix, skipMigrations: true, ...options });
  running = { warta, database, prefix };
  return warta;
}

afterEach(async () => {
  if (!running) return;
  await running.warta.stop();
  await running.database.drop();
  await deleteQueuePrefix(running.prefix);
  running = undefined;
});

describe('roles', () => {
  it('ROLE=web and ROLE=worker never load whatsapp-web.js, yet can send to WhatsApp through the queue', async () => {
    for (const role of ['web', 'worker']) {
      const warta = await start(role);
      expect(warta.deps.intake.channels.has('whatsapp')).toBe(true);
      const sent = await warta.deps.intake.channels.messenger('whatsapp').sendText('6281234567801@c.us', 'Halo');
      expect(sent.messageId).toMatch(/^wa-out:/);
      expect(loaded('whatsapp-web.js')).toBe(false);
      expect(loaded('puppeteer')).toBe(false);
      await running!.warta.stop();
      await running!.database.drop();
      await deleteQueuePrefix(running!.prefix);
      running = undefined;
    }
  });

  it('ROLE=whatsapp runs the client and sends what the other roles queued, without the web server', async () => {
    const wa = createFakeWhatsApp();
    const warta = await start('whatsapp', { whatsappClientFactory: wa.factory, whatsappTuning: fastWhatsAppTuning, whatsappPrint: () => {} });
    expect(warta.server).toBeUndefined();
    await eventually(() => wa.clients[0]?.initialized, 'client started');
    await warta.deps.intake.channels.messenger('whatsapp').sendText('6281234567801@c.us', '<b>Halo</b>', { html: true });
    await eventually(() => wa.sentTo('6281234567801@c.us')[0], 'sent');
    expect(wa.textsTo('6281234567801@c.us')).toEqual(['*Halo*']);
    await warta.stop();
    expect(wa.clients[0]!.destroyed).toBe(true);
  });
});

describe('the real whatsapp-web.js client', () => {
  it('keeps the session with LocalAuth in WHATSAPP_SESSION_DIR and uses CHROMIUM_PATH', async () => {
    const { createWebClientFactory, webVersionArchive } = await import('../../bots/whatsapp/web-client.js');
    expect(loaded('whatsapp-web.js')).toBe(true); // the check above would have seen it
    const kit = createWebClientFactory({ sessionDir: '/tmp/warta-wa-test-session', chromiumPath: '/usr/bin/chromium' })();
    const options = (kit.client as unknown as { options: Record<string, any> }).options;
    expect(options.authStrategy.constructor.name).toBe('LocalAuth');
    expect(options.authStrategy.dataPath).toBe('/tmp/warta-wa-test-session');
    expect(options.puppeteer.executablePath).toBe('/usr/bin/chromium');
    expect(options.puppeteer.args).toContain('--no-sandbox');
    expect(options.webVersionCache).toEqual({ type: 'local', path: '/tmp/warta-wa-test-session/web-cache' });
    const media = kit.media('image/png', 'iVBORw0KGgo=', 'qr.png');
    expect(media.constructor.name).toBe('MessageMedia');

    const pinned = createWebClientFactory({ sessionDir: '/tmp/s', chromiumPath: '/usr/bin/chromium', webVersion: '2.3000.1017054665' })();
    const pinnedOptions = (pinned.client as unknown as { options: Record<string, any> }).options;
    expect(pinnedOptions.webVersion).toBe('2.3000.1017054665');
    expect(pinnedOptions.webVersionCache).toEqual({ type: 'remote', remotePath: webVersionArchive });
  });
});

describe('the idle timer on WhatsApp', () => {
  it('submits a WhatsApp bundle by itself after BUNDLE_IDLE_SECONDS of silence, like on Telegram', async () => {
    const t = await startTestWartaWithWhatsApp({ BUNDLE_IDLE_SECONDS: '5' });
    try {
      const agency = await addAgency({ agencies: createAgencyStore(t.warta.db), audit: createAuditLog(t.warta.db) }, { name: 'Kecamatan Jereweh' });
      const { wid } = nextWhatsAppNumber();
      t.wa.receive(t.wa.text({ from: wid, body: `DAFTAR ${agency.inviteCode}` }));
      await eventually(() => t.wa.textsTo(wid).find((text) => text.includes('Selamat datang')), 'welcome');
      t.wa.receive(t.wa.text({ from: wid, body: 'Gotong royong membersihkan pasar Jereweh.' }));
      await eventually(() => t.wa.textsTo(wid).find((text) => text.includes('otomatis diteruskan')), 'automatic submission', 20_000);
      expect((await t.warta.db.bundle.findFirstOrThrow({ where: { chatId: wid } })).submittedAt).not.toBeNull();
    } finally {
      await t.close();
    }
  });
});
