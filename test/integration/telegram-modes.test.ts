import { afterEach, describe, expect, it } from 'vitest';
import { addAgency } from '../../src/pipeline/add-agency.js';
import { createAgencyStore } from '../../src/adapters/prisma/agency-store.js';
import { createAuditLog } from '../../src/adapters/prisma/audit-log.js';
import { commandUpdate } from '../fakes/fake-telegram.js';
import { eventually, startTestWarta, webhookSecret, type TestWarta } from '../helpers/warta.js';

let running: TestWarta | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('Telegram modes', () => {
  it('registers the webhook with its secret at start when PUBLIC_URL is set', async () => {
    running = await startTestWarta({ PUBLIC_URL: 'https://warta.example.go.id' });
    const call = await eventually(() => running!.telegram.callsOf('setWebhook')[0], 'setWebhook');
    expect(call.params.url).toBe('https://warta.example.go.id/telegram/webhook');
    expect(call.params.secret_token).toBe(webhookSecret);
    expect(running.telegram.callsOf('getUpdates')).toHaveLength(0);
  });

  it('long-polls when no webhook secret is set, and handles what it receives', async () => {
    running = await startTestWarta({ TELEGRAM_WEBHOOK_SECRET: undefined });
    const agency = await addAgency({ agencies: createAgencyStore(running.warta.db), audit: createAuditLog(running.warta.db) }, { name: 'Kecamatan Taliwang' });
    running.telegram.pushUpdate(commandUpdate({ fromId: 4242, command: 'start', args: agency.inviteCode }));
    const welcome = await eventually(() => running!.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === 4242), 'welcome', 15_000);
    expect(String(welcome.params.text)).toContain('Kecamatan Taliwang');
    // The webhook route is not there in polling mode.
    expect((await running.deliver(commandUpdate({ fromId: 1, command: 'start' }))).status).toBe(404);
  });
});
