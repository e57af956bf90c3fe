import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { listContributors } from '../../pipeline/list-contributors.js';
import { importContributors, type ImportSummary } from '../../pipeline/import-contributors.js';
import { AppError } from '../../domain/errors.js';
import { maskPhone } from '../../domain/phone.js';
import { parseFlags, parsePositiveInt, UsageError, type CliCommand } from '../cli-context.js';

export const contributorCommand: CliCommand = async ([sub, ...args], context) => {
  if (sub === 'list') {
    const { values } = parseFlags(args, { agency: { type: 'string' } }, 'warta contributor list [--agency ID] [--json]');
    const contributors = await listContributors(context, {
      agencyId: values.agency ? parsePositiveInt(values.agency, '--agency') : undefined,
    });
    const rows = contributors.map((c) => ({
      id: c.id,
      name: c.name,
      role: c.role,
      agencyId: c.agencyId,
      agency: c.agencyName,
      status: c.status,
      channels: c.identities.map((i) => i.channel),
      phone: c.phone,
      createdAt: c.createdAt.toISOString(),
    }));
    const text =
      rows.length === 0
        ? 'No contributors yet. Share an agency invite link (warta agency list).'
        : rows
            .map((r) => `${String(r.id).padStart(4)}  ${r.name}  ${r.agency}  [${r.channels.join(', ') || 'no channel'}]  ${r.phone ? maskPhone(r.phone) : ''}  ${r.status}`)
            .join('\n');
    return { json: rows, text };
  }
  if (sub === 'import') {
    const usage = 'warta contributor import FILE.csv [--json]   (columns: name, phone, agency; "," or ";" separated)';
    const { positionals } = parseFlags(args, {}, usage);
    if (positionals.length !== 1) throw new UsageError(`Give one CSV file.\nUsage: ${usage}`);
    const file = positionals[0]!;
    let csv: string;
    try {
      csv = await readFile(file, 'utf8');
    } catch (error) {
      throw new AppError('VALIDATION', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const bar = progressBar(context.progress);
    const summary = await importContributors(context, csv, { source: basename(file), onProgress: bar });
    return { json: summary, text: describeImport(basename(file), summary) };
  }
  throw new UsageError(`Unknown contributor command "${sub ?? ''}". Use: contributor list | contributor import FILE.csv`);
};

/** A progress bar on stderr, one line per tenth of the file (lines, so it reads well in logs too). */
function progressBar(write: (line: string) => void): (done: number, total: number) => void {
  let shown = -1;
  return (done, total) => {
    const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
    if (tenth === shown) return;
    shown = tenth;
    const width = 20;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    write(`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round((done / Math.max(total, 1)) * 100)).padStart(3)}%  ${done}/${total} rows`);
  };
}

function describeImport(file: string, summary: ImportSummary): string {
  const lines = [`${file}: ${summary.added} added, ${summary.skipped} skipped, ${summary.rejected} rejected.`];
  for (const row of summary.rows) {
    const who = [row.name || '(no name)', row.phone ? maskPhone(row.phone) : row.phoneInput, row.agency ?? row.agencyInput].filter(Boolean).join('  ');
    lines.push(`  line ${String(row.line).padEnd(4)} ${row.outcome.padEnd(8)} ${who}${row.reason ? `  — ${row.reason}` : ''}`);
  }
  return lines.join('\n');
}
