// Reminders to quiet agencies and the weekly digest, in Bahasa Indonesia.
// Every text here goes out in Telegram's HTML mode: arguments are escaped here.
import { escapeHtml } from '../domain/html.js';
import type { UnreachableReason } from '../domain/reminder-ladder.js';

const dayMonthYear = (timeZone: string) => new Intl.DateTimeFormat('id-ID', { timeZone, day: 'numeric', month: 'long', year: 'numeric' });
const dayMonth = (timeZone: string) => new Intl.DateTimeFormat('id-ID', { timeZone, day: 'numeric', month: 'long' });

/** "16–22 November 2026", "30 November – 6 Desember 2026" for the week [from, to). */
export function weekLabel(from: Date, lastDay: Date, timeZone: string): string {
  const first = dayMonthYear(timeZone).format(from);
  const last = dayMonthYear(timeZone).format(lastDay);
  const [firstDay, ...firstRest] = first.split(' ');
  const [lastDayNumber, ...lastRest] = last.split(' ');
  if (firstRest.join(' ') === lastRest.join(' ')) return `${firstDay}–${lastDayNumber} ${lastRest.join(' ')}`;
  if (firstRest.at(-1) === lastRest.at(-1)) return `${dayMonth(timeZone).format(from)} – ${last}`;
  return `${first} – ${last}`;
}

export function formatDate(date: Date, timeZone: string): string {
  return dayMonthYear(timeZone).format(date);
}

const unreachableLabels: Record<UnreachableReason, string> = {
  no_contributors: 'belum ada kontributor terdaftar',
  none_reachable: 'semua kontributor memblokir bot atau nonaktif',
};

/** The ladder state of a quiet agency, as the digest shows it. */
function ladderLabel(lastStep: number | null): string {
  if (lastStep === null) return 'belum diingatkan';
  if (lastStep === 1) return 'sudah diingatkan';
  if (lastStep === 2) return 'sudah diingatkan dua kali, kontak instansi dihubungi';
  return '⚠️ perlu perhatian redaksi';
}

export interface DigestText {
  weekLabel: string;
  totals: { submissions: number; published: number; rejected: number };
  agencies: Array<{ name: string; submissions: number; published: number; rejected: number }>;
  /** Agencies with nothing this week, not listed one by one. */
  idleAgencies: number;
  quiet: Array<{ name: string; days: number; neverSubmitted: boolean; lastStep: number | null }>;
  topContributors: Array<{ name: string; agencyName: string; submissions: number; published: number }>;
}

export const reminderMessages = {
  firstReminder: (contributorName: string, agencyName: string, days: number) =>
    [
      `Halo, ${escapeHtml(contributorName)}! 👋`,
      `Sudah ${days} hari belum ada kiriman kegiatan dari <b>${escapeHtml(agencyName)}</b>.`,
      'Ada kegiatan yang bisa diberitakan? Cukup 3 foto dan 2 kalimat (apa, siapa, di mana, kapan), kirim langsung di sini. Redaksi yang menyusun beritanya.',
    ].join('\n'),

  secondReminder: (contributorName: string, agencyName: string, days: number) =>
    [
      `Halo, ${escapeHtml(contributorName)}. Kami belum menerima kiriman dari <b>${escapeHtml(agencyName)}</b> selama ${days} hari.`,
      'Kegiatan rutin pun layak diberitakan: rapat, pelayanan, kunjungan lapangan. Cukup 3 foto dan 2 kalimat.',
      'Terima kasih atas bantuannya. 🙏',
    ].join('\n'),

  contactPerson: (contactName: string | null, agencyName: string, days: number, hasReachableContributors: boolean) =>
    [
      `Yth. ${contactName ? escapeHtml(contactName) : 'Bapak/Ibu'},`,
      `sudah ${days} hari belum ada kiriman berita dari <b>${escapeHtml(agencyName)}</b> ke Warta, kanal kiriman berita Prokopim.`,
      hasReachableContributors
        ? 'Kontributor instansi sudah kami ingatkan dua kali.'
        : 'Saat ini instansi belum memiliki kontributor aktif yang dapat kami hubungi.',
      'Mohon bantuan Bapak/Ibu agar kegiatan instansi tetap terberitakan. Terima kasih.',
    ].join('\n'),

  adminUnreachable: (dateLabel: string, agencies: Array<{ name: string; reason: UnreachableReason }>) =>
    [
      `⚠️ Pengingat ${escapeHtml(dateLabel)}: instansi berikut tidak memiliki kontributor yang dapat dihubungi.`,
      ...agencies.map((a) => `• ${escapeHtml(a.name)} — ${unreachableLabels[a.reason]}`),
      'Bagikan kode undangan instansi (warta agency list) agar stafnya mendaftar.',
    ].join('\n'),

  digest: (d: DigestText) => {
    const lines = [
      '📊 <b>Rekap Mingguan Warta</b>',
      escapeHtml(d.weekLabel),
      '',
      `Total: ${d.totals.submissions} kiriman · ${d.totals.published} terbit · ${d.totals.rejected} ditolak`,
      '',
      '<b>Per instansi</b> (kiriman / terbit / ditolak)',
    ];
    if (d.agencies.length === 0) lines.push('Belum ada kiriman pekan ini.');
    for (const a of d.agencies) lines.push(`• ${escapeHtml(a.name)}: ${a.submissions} / ${a.published} / ${a.rejected}`);
    if (d.idleAgencies > 0 && d.agencies.length > 0) lines.push(`<i>${d.idleAgencies} instansi lain tanpa kiriman pekan ini.</i>`);
    lines.push('', '<b>Instansi yang sepi kiriman</b>');
    if (d.quiet.length === 0) lines.push('Semua instansi mengirim sesuai ritmenya. 👍');
    for (const q of d.quiet) {
      const since = q.neverSubmitted ? `belum pernah mengirim (${q.days} hari)` : `${q.days} hari tanpa kiriman`;
      lines.push(`• ${escapeHtml(q.name)} — ${since}; ${ladderLabel(q.lastStep)}`);
    }
    lines.push('', '<b>Kontributor paling aktif</b>');
    if (d.topContributors.length === 0) lines.push('Belum ada.');
    d.topContributors.forEach((c, i) =>
      lines.push(`${i + 1}. ${escapeHtml(c.name)} (${escapeHtml(c.agencyName)}): ${c.submissions} kiriman, ${c.published} terbit`),
    );
    return lines.join('\n');
  },

  chartTitle: () => 'Berita terbit per instansi',
  chartCaption: (label: string) => `📈 Berita terbit per instansi, ${escapeHtml(label)}`,
  chartSubtitle: (label: string, shown: number, total: number) =>
    shown < total ? `${label} · ${shown} dari ${total} instansi` : label,
};
