// Publishing notices in Bahasa Indonesia.
import { escapeHtml } from '../domain/html.js';

export const targetLabels: Record<string, string> = {
  site: 'situs berita',
  telegram_channel: 'kanal Telegram',
  wordpress: 'WordPress',
  webhook: 'webhook',
};

const label = (target: string) => targetLabels[target] ?? target;

export const publishingMessages = {
  contributorPublished: (title: string, url: string) =>
    `🎉 Berita Anda sudah terbit: "${escapeHtml(title)}"\n${escapeHtml(url)}\nTerima kasih atas kontribusinya!`,
  publicationSummary: (items: Array<{ target: string; status: string; url: string | null }>) =>
    `📤 Terbit: ${items
      .map((i) => `${escapeHtml(label(i.target))} ${i.status === 'published' ? '✓' : i.status === 'failed' ? '✗ gagal' : i.status === 'withdrawn' ? '(ditarik)' : '…'}`)
      .join(', ')}`,
  publicationFailed: (bundleId: number, target: string, error: string) =>
    `⚠️ Naskah #${bundleId} gagal terbit ke ${escapeHtml(label(target))}: ${escapeHtml(error.slice(0, 300))}\nCoba lagi dengan /terbitkan_ulang ${bundleId} atau tombol di bawah.`,
  publicationUncertain: (bundleId: number, target: string) =>
    `⚠️ Pengiriman naskah #${bundleId} ke ${escapeHtml(label(target))} terputus di tengah jalan. Periksa apakah sudah muncul; bila belum, kirim ulang dengan /terbitkan_ulang ${bundleId}.`,
  retryButton: () => '🔁 Coba lagi',
  retryQueued: (count: number) => (count === 0 ? 'Tidak ada publikasi yang gagal untuk naskah ini.' : `${count} publikasi dijadwalkan ulang.`),
  withdrawn: (bundleId: number, results: Array<{ target: string; ok: boolean }>) =>
    `Naskah #${bundleId} ditarik: ${results.map((r) => `${escapeHtml(label(r.target))} ${r.ok ? '✓' : '✗'}`).join(', ') || 'tidak ada publikasi'}.`,
  notPublished: (bundleId: number) => `Naskah #${bundleId} tidak sedang terbit.`,
  usage: (command: string) => `Gunakan: /${command} NOMOR_NASKAH (contoh: /${command} 12)`,
};
