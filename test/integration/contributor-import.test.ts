// `warta contributor import staff.csv` through the real CLI entry (runCli)
// against a fresh database: good rows, duplicates (in the file and already
// registered), unknown agencies and malformed phone numbers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let database: TestDatabase;
let dir: string;
let kecamatanCode: string;

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { DATABASE_URL: database.url }, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), stderrLines: err };
}

function csvFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

interface Row {
  line: number;
  name: string;
  phone: string | null;
  agency: string | null;
  outcome: 'added' | 'skipped' | 'rejected';
  reason: string | null;
}

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'warta-import-'));
  expect((await cli(['agency', 'add', '--name', 'Dinas Kesehatan'])).code).toBe(0);
  kecamatanCode = JSON.parse((await cli(['agency', 'add', '--name', 'Kecamatan Taliwang', '--json'])).stdout).inviteCode;
  // Someone who already joined (e.g. with DAFTAR on WhatsApp).
  const agency = await database.db.agency.findFirstOrThrow({ where: { name: 'Dinas Kesehatan' } });
  await database.db.contributor.create({
    data: {
      agencyId: agency.id,
      name: 'Sudah Terdaftar',
      phone: '+6281299990001',
      identities: { create: { channel: 'whatsapp', externalId: '6281299990001@c.us', chatId: '6281299990001@c.us' } },
    },
  });
});

afterAll(async () => {
  await database?.drop();
});

describe('warta contributor import', () => {
  // Excel in an Indonesian locale writes ";" and a BOM; names may hold quotes and separators.
  const staff = [
    '\uFEFFnama;telepon;instansi',
    'Budi Santoso;0812-3456-7801;Dinas Kesehatan',
    '"Siti ""Ani"" Aminah; S.Kep";+62 812 3456 7802;' + 'KECAMATAN-TALIWANG-CODE',
    'Rahmat Hidayat;6281234567803;kecamatan-taliwang',
    'Dewi Lestari;081234567801;dinas kesehatan',
    'Andi Wijaya;021-5551234;Dinas Kesehatan',
    'Eko Prasetyo;0812 3456 7810;Dinas Pariwisata',
    'Fitri Handayani;08123abc;Dinas Kesehatan',
    ';081234567811;Dinas Kesehatan',
    'Sudah Terdaftar Lagi;+62 812-9999-0001;Dinas Kesehatan',
    '',
  ].join('\r\n');

  it('adds good rows, skips duplicates and rejects bad ones, each with its reason', async () => {
    const file = csvFile('staff.csv', staff.replace('KECAMATAN-TALIWANG-CODE', kecamatanCode.toLowerCase()));
    const result = await cli(['contributor', 'import', file, '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(''); // no progress bar in --json mode
    const summary = JSON.parse(result.stdout) as { added: number; skipped: number; rejected: number; rows: Row[] };
    expect({ added: summary.added, skipped: summary.skipped, rejected: summary.rejected }).toEqual({ added: 3, skipped: 2, rejected: 4 });
    const byLine = new Map(summary.rows.map((row) => [row.line, row]));

    expect(byLine.get(2)).toMatchObject({ name: 'Budi Santoso', phone: '+6281234567801', agency: 'Dinas Kesehatan', outcome: 'added' });
    expect(byLine.get(3)).toMatchObject({ name: 'Siti "Ani" Aminah; S.Kep', phone: '+6281234567802', agency: 'Kecamatan Taliwang', outcome: 'added' });
    expect(byLine.get(4)).toMatchObject({ phone: '+6281234567803', agency: 'Kecamatan Taliwang', outcome: 'added' });
    expect(byLine.get(5)).toMatchObject({ outcome: 'skipped', reason: 'same phone as line 2' });
    expect(byLine.get(6)).toMatchObject({ outcome: 'rejected' });
    expect(byLine.get(6)!.reason).toContain('"021-5551234" is not a valid mobile number');
    expect(byLine.get(7)).toMatchObject({ outcome: 'rejected' });
    expect(byLine.get(7)!.reason).toContain('unknown agency "Dinas Pariwisata"');
    expect(byLine.get(8)!.reason).toContain('"08123abc" is not a valid mobile number');
    expect(byLine.get(9)).toMatchObject({ outcome: 'rejected', reason: 'the name is missing' });
    expect(byLine.get(10)).toMatchObject({ outcome: 'skipped', reason: 'already registered (as Sudah Terdaftar)' });

    // Each added contributor is reachable on WhatsApp under the @c.us id of their number.
    const budi = await database.db.contributor.findUniqueOrThrow({ where: { phone: '+6281234567801' }, include: { identities: true, agency: true } });
    expect(budi.agency.name).toBe('Dinas Kesehatan');
    expect(budi.identities).toEqual([
      expect.objectContaining({ channel: 'whatsapp', externalId: '6281234567801@c.us', chatId: '6281234567801@c.us' }),
    ]);
    expect(await database.db.contributor.count({ where: { name: { in: ['Andi Wijaya', 'Eko Prasetyo', 'Fitri Handayani', 'Dewi Lestari'] } } })).toBe(0);
    const audit = await database.db.auditLog.findFirstOrThrow({ where: { action: 'contributor.import' } });
    expect(audit.data).toMatchObject({ source: 'staff.csv', added: 3, skipped: 2, rejected: 4 });
  });

  it('shows a progress bar on stderr and a summary line per row for people', async () => {
    const file = csvFile('more.csv', ['name,phone,agency', 'Nur Aini,0813-1111-2221,Dinas Kesehatan', 'Bayu,0813-1111-2222,Nowhere', 'Budi Santoso,+6281234567801,Dinas Kesehatan'].join('\n'));
    const result = await cli(['contributor', 'import', file]);
    expect(result.code).toBe(0);
    expect(result.stderrLines.at(-1)).toMatch(/^\[#{20}\] 100% {2}3\/3 rows$/);
    expect(result.stderrLines.every((line) => /^\[[#-]{20}\]/.test(line))).toBe(true);
    expect(result.stdout).toContain('more.csv: 1 added, 1 skipped, 1 rejected.');
    expect(result.stdout).toMatch(/line 2 +added +Nur Aini {2}\+6281\*{4}221 {2}Dinas Kesehatan/);
    expect(result.stdout).toMatch(/line 3 +rejected .*unknown agency "Nowhere"/);
    expect(result.stdout).toMatch(/line 4 +skipped .*already registered \(as Budi Santoso\)/);
  });

  it('imports nothing twice: the same file again only skips', async () => {
    const file = csvFile('again.csv', staff.replace('KECAMATAN-TALIWANG-CODE', kecamatanCode));
    const summary = JSON.parse((await cli(['contributor', 'import', file, '--json'])).stdout) as { added: number; skipped: number; rejected: number };
    expect(summary).toMatchObject({ added: 0, skipped: 5, rejected: 4 });
  });

  it('refuses a file without the needed columns, an empty file and a missing file', async () => {
    const noColumns = await cli(['contributor', 'import', csvFile('bad.csv', 'nama,email\nBudi,budi@example.com\n')]);
    expect(noColumns.code).toBe(1);
    expect(noColumns.stderr).toContain('missing: phone, agency');
    const empty = await cli(['contributor', 'import', csvFile('empty.csv', '\n\n')]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('empty');
    const missing = await cli(['contributor', 'import', join(dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('ENOENT');
    expect((await cli(['contributor', 'import'])).code).toBe(2);
  });
});
