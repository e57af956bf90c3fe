// The whatsapp role's connection keeping, without database or queues: a fake
// client, an admin notifier that records, short backoff.
import { describe, expect, it } from 'vitest';
import { startWhatsAppRole, type AdminNotifier } from '../../bots/whatsapp/whatsapp-role.js';
import { createLogger } from '../../src/logging/logger.js';
import { createFakeWhatsApp, type FakeStart } from '../fakes/fake-whatsapp-client.js';
import { eventually } from '../helpers/warta.js';

function setup(tuning: { stableAfterMs: number }, starts: FakeStart[] = []) {
  const wa = createFakeWhatsApp();
  wa.nextStarts(...starts);
  const notices: string[] = [];
  const admin: AdminNotifier = {
    text: async (text) => {
      notices.push(text);
    },
    image: async () => null,
    remove: async () => {},
  };
  const role = startWhatsAppRole({
    createClient: wa.factory,
    ingest: async () => 'new',
    isKnownUpdate: async () => false,
    admin,
    mediaDir: '/tmp/warta-role-unit/media',
    sessionDir: '/tmp/warta-role-unit/session',
    maxMediaBytes: 1_000_000,
    log: createLogger({ level: 'silent' }),
    tuning: { backoffBaseMs: 5, backoffMaxMs: 40, initializeTimeoutMs: 1_000, ...tuning },
    print: () => {},
    random: () => 0.5,
  });
  return { wa, notices, role };
}

async function dropsAfterReady({ wa, role }: ReturnType<typeof setup>, times: number) {
  for (let i = 0; i < times; i += 1) {
    const count = wa.clients.length;
    await eventually(() => role.state().ready || undefined, 'client ready');
    wa.current().emit('disconnected', 'NAVIGATION');
    await eventually(() => wa.clients.length > count || undefined, 'reconnected');
  }
}

describe('whatsapp role: reconnecting', () => {
  it('backs off further while a connection keeps dropping, and tells the admins only now and then', async () => {
    const running = setup({ stableAfterMs: 60_000 });
    const { wa, notices, role } = running;
    await dropsAfterReady(running, 6);
    expect(role.state().failures).toBe(6);
    // Failures 1, 2, 3 and 4 are told; 5 and 6 are not (then every fourth).
    expect(notices.filter((n) => n.includes('terputus'))).toHaveLength(4);
    expect(wa.clients.slice(0, -1).every((client) => client.destroyed)).toBe(true);
    await role.stop();
    expect(wa.current().destroyed).toBe(true);
  });

  it('starts afresh after a stable connection', async () => {
    const running = setup({ stableAfterMs: 0 });
    const { notices, role } = running;
    await dropsAfterReady(running, 6);
    expect(role.state().failures).toBe(1);
    expect(notices.filter((n) => n.includes('terputus'))).toHaveLength(6);
    await role.stop();
  });

  it('stops retrying once stopped', async () => {
    const { wa, role, notices } = setup({ stableAfterMs: 60_000 }, [
      { kind: 'fail', error: 'Browser was not found at the configured executablePath (/usr/bin/chromium)' },
    ]);
    await eventually(() => notices.find((n) => n.includes('Browser was not found')), 'start failure told');
    await role.stop();
    const count = wa.clients.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(wa.clients.length).toBe(count);
  });
});
