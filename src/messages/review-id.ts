// The editors' side in Bahasa Indonesia: review cards, decisions, and what
// contributors are told about them. Everything from a draft is escaped here:
// drafts come from an LLM fed by users.
import { escapeHtml } from '../domain/html.js';
import type { RejectReason } from '../domain/callback-data.js';
import { formatDateline, type NewsItem } from '../domain/news-item.js';
import type { DecisionAction, DecisionRecord } from '../domain/decision.js';

export const cardTextLimit = 4096;
export const captionLimit = 1024;

export const rejectReasonLabels: Record<RejectReason, string> = {
  photo: 'Foto kurang jelas',
  incomplete: 'Informasi kurang lengkap',
  'not-news': 'Tidak untuk dipublikasikan',
  duplicate: 'Duplikat',
  other: 'Alasan lain',
};

const rejectReasonForContributor: Record<RejectReason, string> = {
  photo: 'foto yang dikirim kurang jelas untuk dipublikasikan',
  incomplete: 'informasinya belum cukup lengkap untuk menjadi berita',
  'not-news': 'kegiatan ini tidak untuk dipublikasikan sebagai berita',
  duplicate: 'kegiatan ini sudah pernah dikirim atau diberitakan',
  other: 'pertimbangan redaksi',
};

const actionLabels: Record<DecisionAction, string> = {
  approve: '✅ Disetujui',
  reject: '❌ Ditolak',
  revise: '✏️ Revisi diminta',
  regenerate: '🔄 Dibuat ulang',
};

const kindLabels: Record<string, string> = {
  llm: 'draf AI',
  offline: 'draf sederhana (tanpa AI)',
  manual: 'PERLU DRAF MANUAL',
  editor: 'koreksi redaktur',
};

export interface CardInput {
  bundleId: number;
  draftId: number;
  version: number;
  kind: string;
  item: NewsItem;
  warnings: string[];
  agencyName: string;
  contributorName: string;
  contributorRole: string | null;
  submittedText: string;
  /** Raw notes, shown on manual drafts so the editor can write from them. */
  rawNotes: string[];
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The review card as Telegram HTML, within 4096 characters (the body is shortened if needed). */
export function renderReviewCard(input: CardInput, footer = ''): string {
  const e = escapeHtml;
  const header = [
    `📝 <b>Naskah #${input.bundleId}</b> · versi ${input.version} · ${e(kindLabels[input.kind] ?? input.kind)}`,
    `🏢 ${e(input.agencyName)} · 👤 ${e(input.contributorName)}${input.contributorRole ? ` (${e(input.contributorRole)})` : ''}`,
    `🕐 ${e(input.submittedText)}`,
  ].join('\n');
  const title = `<b>${e(input.item.title)}</b>`;
  const lead = `${e(formatDateline(input.item))}${e(input.item.lead)}`;
  const body = input.item.body.map((p) => e(p));
  const notes: string[] = [
    ...input.warnings.map((w) => `⚠️ ${e(oneLine(w))}`),
    ...input.item.questions.map((q) => `❓ ${e(oneLine(q))}`),
  ];
  const raw = input.kind === 'manual' && input.rawNotes.length > 0 ? ['📎 <b>Bahan mentah:</b>', ...input.rawNotes.map((n) => `• ${e(n)}`)] : [];
  const tail = [notes.join('\n'), raw.join('\n'), footer].filter(Boolean);

  const assemble = (paragraphs: string[], cut: boolean) =>
    [header, title, lead, ...paragraphs, ...(cut ? [`<i>… naskah dipotong; lengkapnya: /naskah ${input.draftId}</i>`] : []), ...tail].join('\n\n');

  let kept = body;
  let text = assemble(kept, false);
  while (text.length > cardTextLimit && kept.length > 0) {
    kept = kept.slice(0, -1);
    text = assemble(kept, true);
  }
  if (text.length > cardTextLimit) {
    // Even without body the card is too long (huge warnings): cut plainly, closing nothing mid-tag.
    text = `${header}\n\n${title}\n\n<i>Naskah terlalu panjang untuk kartu; lengkapnya: /naskah ${input.draftId}</i>\n\n${footer}`.slice(0, cardTextLimit);
  }
  return text;
}

export function decisionFooter(decision: Pick<DecisionRecord, 'action' | 'reason' | 'editorName' | 'createdAt'>, timeZone: string): string {
  const when = new Intl.DateTimeFormat('id-ID', { timeZone, day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(decision.createdAt);
  const reason = decision.reason && decision.action === 'reject' ? ` (${escapeHtml(rejectReasonLabels[decision.reason as RejectReason] ?? decision.reason)})` : '';
  return `— ${actionLabels[decision.action]}${reason} oleh ${escapeHtml(decision.editorName)} · ${escapeHtml(when)}`;
}

export const reviewMessages = {
  approveButton: () => '✅ Setujui',
  reviseButton: () => '✏️ Revisi',
  rejectButton: () => '❌ Tolak',
  regenerateButton: () => '🔄 Buat ulang',
  chooseRejectReason: () => 'Pilih alasan penolakan:',
  notAnEditor: () => 'Hanya redaktur yang dapat memutuskan naskah.',
  alreadyDecided: (decision: Pick<DecisionRecord, 'action' | 'editorName'>) =>
    `Naskah ini sudah diputuskan: ${actionLabels[decision.action]} oleh ${decision.editorName}.`,
  outdatedVersion: () => 'Kartu ini untuk versi lama; gunakan kartu terbaru.',
  decided: (action: DecisionAction) => `${actionLabels[action]}.`,
  revisePrompt: (bundleId: number, version: number) =>
    [
      `✏️ Tulis instruksi revisi untuk naskah #${bundleId} versi ${version} dengan membalas pesan ini.`,
      '• Koreksi untuk AI, misalnya: "Judul lebih singkat, sebut jumlah peserta di teras."',
      '• Pertanyaan untuk kontributor: awali dengan tanda tanya, misalnya: "? Siapa nama lengkap dan jabatan narasumber?"',
    ].join('\n'),
  revisionQueued: () => 'Instruksi diterima. Versi baru sedang disusun dan kartunya akan dikirim.',
  questionSent: () => 'Pertanyaan sudah dikirim ke kontributor. Naskah akan disusun ulang setelah dijawab.',
  correctionSaved: (version: number) => `Koreksi disimpan sebagai versi ${version}. Kartu baru dikirim.`,
  correctionStale: () => 'Naskah ini sudah diputuskan atau sudah ada versi yang lebih baru; koreksi tidak disimpan.',
  queueEmpty: () => 'Tidak ada naskah yang menunggu tinjauan.',
  queue: (items: Array<{ bundleId: number; draftId: number; title: string; agencyName: string; waited: string }>) =>
    ['<b>Antrian tinjauan</b> (terlama di atas)', ...items.map((i) => `#${i.bundleId} · ${escapeHtml(i.agencyName)} · ${escapeHtml(i.title)} · ${i.waited} · /naskah ${i.draftId}`)].join('\n'),
  draftNotFound: () => 'Naskah tidak ditemukan.',
  yourTelegramId: (id: string) => `ID Telegram Anda: <code>${escapeHtml(id)}</code>\nBerikan ID ini kepada admin untuk didaftarkan sebagai redaktur.`,
  // To contributors
  contributorApproved: (title: string) => `Kabar baik! Naskah Anda "${escapeHtml(title)}" disetujui redaksi dan segera diterbitkan.`,
  contributorRejected: (title: string, reason: RejectReason) =>
    `Terima kasih atas kiriman Anda "${escapeHtml(title)}". Mohon maaf, naskah ini belum dapat diterbitkan karena ${rejectReasonForContributor[reason]}. Kami tunggu kiriman berikutnya!`,
  contributorRevising: () => 'Redaksi sedang menyempurnakan naskah Anda. Terima kasih!',
  contributorQuestion: (question: string) =>
    `Redaksi membutuhkan keterangan tambahan untuk naskah Anda:\n\n❓ ${escapeHtml(question)}\n\nMohon balas dengan mengirim pesan (teks atau pesan suara).`,
  contributorAnswerReceived: () => 'Terima kasih, jawaban Anda sudah diteruskan ke redaksi.',
};
