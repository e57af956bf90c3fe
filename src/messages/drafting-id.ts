// Texts of the drafting step, in Bahasa Indonesia. Warnings go on the review
// card as they are, one per line after "⚠️".
export const draftingMessages = {
  drafting: () => 'Sedang menyusun draf berita dari kiriman Anda…',
  sentToEditors: () => 'Draf berita sudah dikirim ke redaksi untuk ditinjau. Terima kasih!',
  offlineDraft: () => 'Draf sederhana tanpa AI (LLM belum dikonfigurasi): mohon disunting sebelum disetujui.',
  llmUnavailable: () => 'Layanan AI tidak tersedia: perlu draf manual dari bahan mentah di bawah. Tekan "Buat ulang" untuk mencoba lagi.',
  llmInvalid: () => 'AI gagal menghasilkan draf yang sah: perlu draf manual dari bahan mentah di bawah.',
  voiceNotTranscribed: (number: number) => `Pesan suara #${number} gagal ditranskripsi: mohon dengarkan langsung.`,
  filesMissing: (count: number) => `${count} berkas belum berhasil diunduh saat draf disusun.`,
};
