// WhatsApp's side of the catalogue, in Bahasa Indonesia. WhatsApp has no
// buttons and no slash commands: people answer with keywords (KIRIM, BATAL,
// DAFTAR KODE…). Texts here may use Telegram-HTML like the rest of the
// catalogue (the WhatsApp messenger turns <b> into *bold*), except where noted.
import type { ChannelName } from '../domain/records.js';
import { formatDateline } from '../domain/news-item.js';
import type { DecisionAction } from '../domain/decision.js';
import { escapeHtml } from '../domain/html.js';
import { messages, type MessageCatalogue } from './id.js';
import type { CardInput } from './review-id.js';

/** The reply keywords, as people type them (any case). */
export const whatsappKeywords = {
  join: 'DAFTAR',
  submit: 'KIRIM',
  cancel: 'BATAL',
  status: 'STATUS',
  help: 'BANTUAN',
  approve: 'SETUJU',
  reject: 'TOLAK',
  revise: 'REVISI',
} as const;

const k = whatsappKeywords;

/** Texts that differ on WhatsApp because they name commands or buttons. */
const whatsappOverrides = {
  welcome: (agencyName: string, contributorName: string) =>
    [
      `Selamat datang, ${escapeHtml(contributorName)}! Anda terdaftar sebagai kontributor <b>${escapeHtml(agencyName)}</b>.`,
      '',
      'Cara mengirim berita:',
      '1. Kirim foto kegiatan (boleh beberapa sekaligus).',
      '2. Tambahkan keterangan singkat: apa, siapa, di mana, kapan. Boleh lewat pesan suara.',
      `3. Balas <b>${k.submit}</b> bila sudah lengkap, atau <b>${k.cancel}</b> untuk membatalkan. Bantuan: ketik <b>${k.help}</b>`,
    ].join('\n'),
  joinHowTo: () =>
    [
      'Mohon maaf, nomor Anda belum terdaftar sebagai kontributor.',
      '',
      // Sent without the HTML flag: WhatsApp formatting directly.
      `Untuk bergabung, ketik *${k.join}* diikuti kode undangan instansi Anda (contoh: ${k.join} ABC234).`,
      'Kode undangan dapat diminta kepada admin Bagian Prokopim.',
    ].join('\n'),
  missingInviteCode: () =>
    `Untuk bergabung, ketik <b>${k.join}</b> diikuti kode undangan instansi Anda (contoh: ${k.join} ABC234). Kode dapat diminta kepada admin Prokopim.`,
  help: () =>
    [
      '<b>Cara mengirim berita ke redaksi</b>',
      '• Kirim foto kegiatan, satu per satu atau beberapa sekaligus.',
      '• Tambahkan catatan: apa kegiatannya, siapa yang hadir (nama dan jabatan), di mana, kapan. Boleh lewat pesan suara.',
      `• Semua yang Anda kirim dikumpulkan menjadi satu naskah. Balas <b>${k.submit}</b> bila sudah lengkap.`,
      '• Bila tidak ada kiriman baru selama beberapa menit, naskah otomatis dikirim ke redaksi.',
      '',
      '<b>Kata balasan</b>',
      `${k.submit} – kirim naskah ke redaksi`,
      `${k.cancel} – batalkan naskah yang sedang dikumpulkan`,
      `${k.status} – lihat status kiriman terakhir Anda`,
      `${k.help} – tampilkan petunjuk ini`,
      '',
      'Yang dapat diterima: foto, pesan suara, rekaman audio, video pendek, dan teks.',
    ].join('\n'),
  unknownCommand: () => `Kata balasan tidak dikenal. Ketik ${k.help} untuk melihat petunjuk.`,
} satisfies Partial<MessageCatalogue>;

/** The catalogue as a channel's users should read it. */
export function messagesFor(channel: ChannelName): MessageCatalogue {
  return channel === 'whatsapp' ? { ...messages, ...whatsappOverrides } : messages;
}

/**
 * What replaces buttons on WhatsApp: one line naming the keywords to reply
 * with. Already in WhatsApp formatting (appended after the HTML conversion).
 */
export function keywordHint(actions: Array<'submit' | 'cancel'>): string {
  const parts: string[] = [];
  if (actions.includes('submit')) parts.push(`*${k.submit}* untuk mengirim ke redaksi`);
  if (actions.includes('cancel')) parts.push(`*${k.cancel}* untuk membatalkan`);
  return parts.length === 0 ? '' : `Balas ${parts.join(', atau ')}.`;
}

/** Told to the admins' Telegram chat about the WhatsApp number (plain text). */
export const whatsappAdminMessages = {
  qrCaption: (minutesValid: number) =>
    `📱 Pindai kode QR ini untuk menautkan nomor WhatsApp Warta: di ponsel buka WhatsApp › Perangkat tertaut › Tautkan perangkat. Kode berganti sekitar tiap ${minutesValid} menit; kode lama tidak berlaku lagi.`,
  connected: () => '✅ WhatsApp Warta tersambung dan siap menerima kiriman.',
  authenticated: () => 'WhatsApp Warta berhasil ditautkan. Sesi disimpan; mulai ulang tidak perlu QR baru.',
  disconnected: (reason: string, retryInText: string) =>
    `⚠️ WhatsApp Warta terputus (${reason}). Menyambung ulang dalam ${retryInText}. Bila diminta, pindai kode QR baru.`,
  loggedOut: (retryInText: string) =>
    `⚠️ WhatsApp Warta keluar dari sesi (perangkat dilepas dari ponsel). Kode QR baru akan dikirim dalam ${retryInText}.`,
  authFailure: (retryInText: string) =>
    `⚠️ Sesi WhatsApp Warta tidak dapat dipulihkan. Mencoba lagi dalam ${retryInText}; bila diminta, pindai kode QR baru.`,
  startFailed: (error: string, retryInText: string) =>
    `⚠️ WhatsApp Warta gagal dijalankan: ${error}. Mencoba lagi dalam ${retryInText}.`,
  pairingExpired: (retryInText: string) =>
    `⚠️ Kode QR WhatsApp tidak dipindai. Kode baru dikirim dalam ${retryInText}.`,
};

/** "5 detik", "2 menit", "1 jam" */
export function durationText(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} detik`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} menit`;
  return `${Math.round(minutes / 60)} jam`;
}

const kindLabels: Record<string, string> = {
  llm: 'draf AI',
  offline: 'draf sederhana (tanpa AI)',
  manual: 'PERLU DRAF MANUAL',
  editor: 'koreksi redaktur',
};

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const whatsappCardBodyLimit = 3_500;

/**
 * The review card for an editor on WhatsApp: plain text (WhatsApp *bold*), no
 * buttons; the code to answer with is the draft id. Draft text comes from an
 * LLM fed by users: WhatsApp has no markup to inject, so it goes in as it is.
 */
export function renderWhatsAppCard(input: CardInput): string {
  const code = input.draftId;
  const header = [
    `📝 *Naskah #${input.bundleId}* · versi ${input.version} · ${kindLabels[input.kind] ?? input.kind}`,
    `🏢 ${input.agencyName} · 👤 ${input.contributorName}${input.contributorRole ? ` (${input.contributorRole})` : ''}`,
    `🕐 ${input.submittedText}`,
  ].join('\n');
  let body = [`${formatDateline(input.item)}${input.item.lead}`, ...input.item.body].join('\n\n');
  if (body.length > whatsappCardBodyLimit) body = `${body.slice(0, whatsappCardBodyLimit).trimEnd()} … (naskah dipotong)`;
  const notes = [...input.warnings.map((w) => `⚠️ ${oneLine(w)}`), ...input.item.questions.map((q) => `❓ ${oneLine(q)}`)];
  const answer = [
    `Kode: *${code}*. Balas salah satu:`,
    `${k.approve} ${code}`,
    `${k.reject} ${code} <alasan>`,
    `${k.revise} ${code} <instruksi>  (awali instruksi dengan ? untuk bertanya kepada kontributor)`,
  ].join('\n');
  return [header, `*${oneLine(input.item.title)}*`, body, notes.join('\n'), answer].filter(Boolean).join('\n\n');
}

const decidedLabels: Record<DecisionAction, string> = {
  approve: '✅ Disetujui',
  reject: '❌ Ditolak',
  revise: '✏️ Revisi diminta',
  regenerate: '🔄 Dibuat ulang',
};

/** Answers to an editor's keyword on WhatsApp (plain text). */
export const whatsappEditorMessages = {
  decided: (action: DecisionAction, code: number) => `${decidedLabels[action]}: naskah dengan kode ${code}.`,
  questionSent: (code: number) => `Pertanyaan untuk kode ${code} sudah dikirim ke kontributor.`,
  unknownCode: (code: string) => `Kode ${code} tidak ditemukan. Gunakan kode yang tertera di kartu naskah.`,
  usage: () =>
    [`Format balasan:`, `${k.approve} <kode>`, `${k.reject} <kode> <alasan>`, `${k.revise} <kode> <instruksi>`].join('\n'),
};
