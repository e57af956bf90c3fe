import { parseCsv } from '../domain/csv.js';
import { AppError } from '../domain/errors.js';
import { normaliseInviteCode } from '../domain/invite-code.js';
import { normalisePhone, whatsappIdOf } from '../domain/phone.js';
import type { Agency } from '../domain/records.js';
import { slugify } from '../domain/slug.js';
import type { AgencyStore, AuditLog, ContributorStore } from './ports/admin-stores.js';

export interface ImportedRow {
  /** The line of the file the row starts on (the header is line 1), as a spreadsheet numbers it. */
  line: number;
  name: string;
  /** As written in the file. */
  phoneInput: string;
  /** E.164, when the number was valid. */
  phone: string | null;
  agencyInput: string;
  agency: string | null;
  outcome: 'added' | 'skipped' | 'rejected';
  /** Why a row was skipped or rejected. */
  reason: string | null;
  contributorId: number | null;
}

export interface ImportSummary {
  added: number;
  skipped: number;
  rejected: number;
  rows: ImportedRow[];
}

// Header names accepted for each column, compared without case, spaces or punctuation.
const columnNames = {
  name: ['name', 'nama', 'namalengkap', 'fullname'],
  phone: ['phone', 'telepon', 'telp', 'hp', 'nohp', 'nomorhp', 'nomor', 'whatsapp', 'wa', 'nowa', 'nomorwa', 'nomorwhatsapp', 'phonenumber', 'mobile'],
  agency: ['agency', 'instansi', 'opd', 'skpd', 'unitkerja', 'dinas', 'agencyname'],
} as const;

const headerKey = (cell: string) => cell.toLowerCase().replace(/[^a-z]/g, '');

function columnsOf(header: string[]): Record<keyof typeof columnNames, number> {
  const keys = header.map(headerKey);
  const find = (names: readonly string[]) => keys.findIndex((key) => names.includes(key));
  const columns = { name: find(columnNames.name), phone: find(columnNames.phone), agency: find(columnNames.agency) };
  const missing = (Object.keys(columns) as Array<keyof typeof columns>).filter((column) => columns[column] < 0);
  if (missing.length > 0) {
    throw new AppError(
      'VALIDATION',
      `The first row must name the columns name, phone and agency; missing: ${missing.join(', ')} (found: ${header.join(', ') || 'nothing'}).`,
    );
  }
  return columns;
}

/** Finds an agency by its name (any case), its invite code, or its slug. */
function agencyFinder(agencies: Agency[]): (input: string) => Agency | null {
  const byName = new Map(agencies.map((a) => [a.name.toLowerCase().replace(/\s+/g, ' '), a]));
  const byCode = new Map(agencies.map((a) => [a.inviteCode, a]));
  const bySlug = new Map(agencies.map((a) => [a.slug, a]));
  return (input) => {
    const text = input.trim();
    if (!text) return null;
    return byName.get(text.toLowerCase().replace(/\s+/g, ' ')) ?? byCode.get(normaliseInviteCode(text)) ?? bySlug.get(text.toLowerCase()) ?? bySlug.get(slugify(text)) ?? null;
  };
}

/**
 * `warta contributor import staff.csv`: pre-registers agency staff as WhatsApp
 * contributors (name, phone, agency per row), so they can send stories
 * without DAFTAR. Phones are normalised to E.164 (08…, 628…, +62… all work).
 * A phone already registered is skipped; a row with an unknown agency, a
 * malformed phone or no name is rejected; each with its reason. Rows are
 * independent: one bad row does not stop the others.
 */
export async function importContributors(
  deps: { contributors: ContributorStore; agencies: AgencyStore; audit: AuditLog },
  csvText: string,
  options: { source?: string; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportSummary> {
  const { records } = parseCsv(csvText);
  const [header, ...rows] = records;
  if (!header) throw new AppError('VALIDATION', 'The file is empty: expected a header row (name, phone, agency) and one row per contributor.');
  const columns = columnsOf(header.cells);
  const findAgency = agencyFinder(await deps.agencies.list());

  const results: ImportedRow[] = [];
  const seenPhones = new Map<string, number>();
  for (const [index, record] of rows.entries()) {
    const cell = (column: number) => (record.cells[column] ?? '').trim();
    const name = cell(columns.name).replace(/\s+/g, ' ').slice(0, 120);
    const phoneInput = cell(columns.phone);
    const agencyInput = cell(columns.agency);
    const phone = phoneInput ? normalisePhone(phoneInput) : null;
    const agency = findAgency(agencyInput);
    const row: ImportedRow = { line: record.line, name, phoneInput, phone, agencyInput, agency: agency?.name ?? null, outcome: 'rejected', reason: null, contributorId: null };

    const problems: string[] = [];
    if (!name) problems.push('the name is missing');
    if (!phoneInput) problems.push('the phone number is missing');
    else if (!phone) problems.push(`phone "${phoneInput}" is not a valid mobile number (write 08… or +62…)`);
    if (!agencyInput) problems.push('the agency is missing');
    else if (!agency) problems.push(`unknown agency "${agencyInput}" (use its name, invite code or slug from \`warta agency list\`)`);

    if (problems.length > 0) {
      row.reason = problems.join('; ');
    } else if (seenPhones.has(phone!)) {
      row.outcome = 'skipped';
      row.reason = `same phone as line ${seenPhones.get(phone!)}`;
    } else {
      seenPhones.set(phone!, record.line);
      const stored = await deps.contributors.importContributor({ agencyId: agency!.id, name, phone: phone!, whatsappId: whatsappIdOf(phone!) });
      if (stored.outcome === 'created') {
        row.outcome = 'added';
        row.contributorId = stored.id;
      } else {
        row.outcome = 'skipped';
        row.reason = `already registered${stored.existingName ? ` (as ${stored.existingName})` : ''}`;
      }
    }
    results.push(row);
    options.onProgress?.(index + 1, rows.length);
  }

  const summary: ImportSummary = {
    added: results.filter((r) => r.outcome === 'added').length,
    skipped: results.filter((r) => r.outcome === 'skipped').length,
    rejected: results.filter((r) => r.outcome === 'rejected').length,
    rows: results,
  };
  await deps.audit.record({
    actorType: 'admin',
    action: 'contributor.import',
    entityType: 'contributor',
    data: { source: options.source ?? null, added: summary.added, skipped: summary.skipped, rejected: summary.rejected },
  });
  return summary;
}
