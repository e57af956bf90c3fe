// Load generator for the benchmarks, run in its own process so that it does
// not share an event loop with the server it measures. Prints one JSON line.
//   tsx bench/load.ts '{"url": "...", "connections": 10, "duration": 5, "webhook": true, "secret": "..."}'
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';

const options = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  connections: number;
  duration: number;
  webhook: boolean;
  secret?: string;
  overallRate?: number;
  firstUpdateId?: number;
};

let nextUpdateId = options.firstUpdateId ?? Date.now() * 10;

/** A private-chat text or photo update, as Telegram sends them; every one has a new update_id. */
function realisticUpdate(): string {
  nextUpdateId += 1;
  const userId = 100_000 + (nextUpdateId % 500);
  const message = {
    message_id: nextUpdateId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: userId, type: 'private', first_name: 'Kontributor' },
    from: { id: userId, is_bot: false, first_name: 'Kontributor', language_code: 'id' },
    ...(nextUpdateId % 3 === 0
      ? {
          photo: [
            { file_id: `AgAC${randomBytes(8).toString('hex')}-s`, file_unique_id: 'a', width: 90, height: 68, file_size: 1500 },
            { file_id: `AgAC${randomBytes(8).toString('hex')}`, file_unique_id: 'b', width: 1280, height: 960, file_size: 150_000 },
          ],
          caption: 'Kegiatan posyandu balita di Desa Kuang',
        }
      : { text: 'Bupati meninjau pembangunan jembatan di Desa Mujahidin, Kecamatan Brang Ene.' }),
  };
  return JSON.stringify({ update_id: nextUpdateId, message });
}

const result = await autocannon({
  url: options.url,
  method: options.webhook ? 'POST' : 'GET',
  connections: options.connections,
  duration: options.duration,
  overallRate: options.overallRate,
  headers: options.webhook ? { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': options.secret ?? '' } : {},
  requests: options.webhook ? [{ setupRequest: (request) => ({ ...request, body: realisticUpdate() }) }] : undefined,
});
process.stdout.write(
  `${JSON.stringify({ rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors + result.timeouts, total: result.requests.total })}\n`,
);
