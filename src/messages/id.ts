// Every text a contributor or editor reads, in Bahasa Indonesia (formal,
// friendly, short). Another language is another file with the same shape.
// Texts marked html go out in Telegram's HTML mode: arguments are escaped here.
import { escapeHtml } from '../domain/html.js';

export interface BundleCounts {
  photos: number;
  voices: number;
  notes: number;
  videos: number;
  audios: number;
  documents: number;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}`;
}

/** "3 foto, 1 pesan suara, 1 catatan" */
export function summariseCounts(counts: BundleCounts): string {
  const parts: string[] = [];
  if (counts.photos) parts.push(plural(counts.photos, 'foto'));
  if (counts.videos) parts.push(plural(counts.videos, 'video'));
  if (counts.voices) parts.push(plural(counts.voices, 'pesan suara'));
  if (counts.audios) parts.push(plural(counts.audios, 'rekaman audio'));
  if (counts.documents) parts.push(plural(counts.documents, 'berkas gambar'));
  if (counts.notes) parts.push(plural(counts.notes, 'catatan'));
  return parts.length > 0 ? parts.join(', ') : 'belum ada isi';
}

const statusLabels: Record<string, string> = {
  open: 'sedang dikumpulkan',
  submitted: 'terkirim, menunggu draf',
  drafting: 'draf sedang disusun',
  in_review: 'sedang ditinjau redaksi',
  approved: 'disetujui, menunggu terbit',
  rejected: 'tidak diterbitkan',
  published: 'sudah terbit',
  failed: 'perlu penanganan redaksi',
  cancelled: 'dibatalkan',
  withdrawn: 'ditarik dari publikasi',
};

export const messages = {
  welcome: (agencyName: string, contributorName: string) =>
    [
      `Selamat datang, ${escapeHtml(contributorName)}! Anda terdaftar sebagai kontributor <b>${escapeHtml(agencyName)}</b>.`,
      '',
      'Cara mengirim berita:',
      '1. Kirim foto kegiatan (boleh sekaligus beberapa).',
      '2. Tambahkan keterangan singkat: apa, siapa, di mana, kapan. Boleh lewat pesan suara.',
      '3. Tekan "Kirim ke redaksi" atau ketik /kirim. Bantuan: /bantuan',
    ].join('\n'),
  alreadyRegistered: (agencyName: string) =>
    `Anda sudah terdaftar sebagai kontributor <b>${escapeHtml(agencyName)}</b>. Silakan langsung kirim foto dan keterangan kegiatan.`,
  registeredElsewhere: (agencyName: string) =>
    `Akun Anda sudah terdaftar untuk <b>${escapeHtml(agencyName)}</b>. Jika Anda pindah instansi, mohon hubungi admin Prokopim.`,
  joinHowTo: () =>
    [
      'Mohon maaf, akun Anda belum terdaftar sebagai kontributor.',
      '',
      'Untuk bergabung, buka tautan undangan dari instansi Anda, atau ketik /start diikuti kode undangan (contoh: /start ABC234).',
      'Kode undangan dapat diminta kepada admin Bagian Prokopim.',
    ].join('\n'),
  unknownInviteCode: (code: string) =>
    `Kode undangan "${escapeHtml(code)}" tidak dikenal. Mohon periksa kembali kode dari instansi Anda, atau hubungi admin Prokopim.`,
  missingInviteCode: () =>
    'Untuk bergabung, ketik /start diikuti kode undangan instansi Anda (contoh: /start ABC234). Kode dapat diminta kepada admin Prokopim.',
  help: () =>
    [
      '<b>Cara mengirim berita ke redaksi</b>',
      '• Kirim foto kegiatan, satu per satu atau sekaligus (album).',
      '• Tambahkan catatan: apa kegiatannya, siapa yang hadir (nama dan jabatan), di mana, kapan. Boleh lewat pesan suara.',
      '• Semua yang Anda kirim dikumpulkan menjadi satu naskah. Tekan "Kirim ke redaksi" atau ketik /kirim bila sudah lengkap.',
      '• Bila tidak ada kiriman baru selama beberapa menit, naskah otomatis dikirim ke redaksi.',
      '',
      '<b>Perintah</b>',
      '/kirim – kirim naskah ke redaksi',
      '/batal – batalkan naskah yang sedang dikumpulkan',
      '/status – lihat status kiriman terakhir Anda',
      '/bantuan – tampilkan petunjuk ini',
      '',
      'Yang dapat diterima: foto, pesan suara, rekaman audio, video pendek, dan teks.',
    ].join('\n'),
  bundleSummary: (counts: BundleCounts, idleMinutes: number) =>
    [
      `Diterima: ${summariseCounts(counts)}.`,
      `Tambahkan foto atau keterangan lain bila perlu. Naskah otomatis dikirim ke redaksi setelah ${idleMinutes} menit tanpa kiriman baru.`,
    ].join('\n'),
  submitButton: () => '📨 Kirim ke redaksi',
  cancelButton: () => '✖️ Batal',
  submitted: (counts: BundleCounts) =>
    `Terima kasih! Kiriman Anda (${summariseCounts(counts)}) sudah diteruskan ke redaksi. Kami kabari bila sudah ditinjau.`,
  submittedAutomatically: (counts: BundleCounts) =>
    `Kiriman Anda (${summariseCounts(counts)}) otomatis diteruskan ke redaksi karena tidak ada tambahan. Terima kasih!`,
  ackSubmitted: (counts: BundleCounts) => `✅ Terkirim ke redaksi: ${summariseCounts(counts)}.`,
  ackCancelled: () => '✖️ Dibatalkan.',
  cancelled: () => 'Naskah dibatalkan dan tidak dikirim ke redaksi. Silakan mulai lagi dengan mengirim foto atau keterangan.',
  nothingToSubmit: () => 'Belum ada kiriman yang sedang dikumpulkan. Kirim foto dan keterangan kegiatan terlebih dahulu.',
  nothingToCancel: () => 'Tidak ada naskah yang sedang dikumpulkan.',
  alreadySubmitted: () => 'Naskah ini sudah dikirim ke redaksi.',
  alreadyCancelled: () => 'Naskah ini sudah dibatalkan.',
  statusList: (items: Array<{ id: number; createdAt: string; status: string; summary: string }>) =>
    items.length === 0
      ? 'Anda belum pernah mengirim naskah.'
      : ['<b>Kiriman terakhir Anda</b>', ...items.map((i) => `#${i.id} · ${i.createdAt} · ${i.summary} · ${statusLabels[i.status] ?? i.status}`)].join(
          '\n',
        ),
  unsupportedKind: (kind: string) =>
    `Mohon maaf, ${escapeHtml(kindLabel(kind))} belum dapat diterima. Warta menerima foto, pesan suara, rekaman audio, video pendek, dan teks.`,
  locationKept: () => 'Lokasi diterima dan dicatat sebagai tempat kegiatan.',
  fileTooLarge: (limitMb: number) =>
    `Mohon maaf, berkas ini terlalu besar. Batas ukuran adalah ${limitMb} MB. Silakan kirim ulang dengan ukuran lebih kecil (misalnya foto biasa, bukan sebagai dokumen).`,
  fileUnsupported: () =>
    'Mohon maaf, jenis berkas ini tidak dapat diterima. Kirim foto (JPG/PNG), pesan suara, atau video pendek.',
  fileFailed: () => 'Mohon maaf, berkas ini gagal kami terima. Mohon kirim ulang.',
  groupChatIgnored: () => 'Mohon kirim berita melalui percakapan pribadi dengan bot ini.',
  unknownCommand: () => 'Perintah tidak dikenal. Ketik /bantuan untuk melihat petunjuk.',
  buttonExpired: () => 'Tombol ini sudah tidak berlaku.',
  genericError: () => 'Mohon maaf, terjadi gangguan. Silakan coba beberapa saat lagi.',
  statusLabel: (status: string) => statusLabels[status] ?? status,
};

function kindLabel(kind: string): string {
  const labels: Record<string, string> = {
    sticker: 'stiker',
    poll: 'jajak pendapat',
    contact: 'kontak',
    dice: 'dadu',
    game: 'permainan',
    venue: 'tempat',
    video_note: 'video bulat',
    animation: 'GIF/animasi',
    document: 'berkas dokumen',
    story: 'story',
  };
  return labels[kind] ?? 'jenis pesan ini';
}

export type MessageCatalogue = typeof messages;
