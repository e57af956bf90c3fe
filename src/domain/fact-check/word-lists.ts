// The word lists the checks rely on: honorifics, titles, degrees, positions,
// organisation and area words, months and weekdays, stop words, abbreviations
// and spoken spellings.

// Word lists (lower case, dots and apostrophes removed)

export const HONORIFICS = new Set(['bapak', 'ibu', 'pak', 'bu', 'bpk', 'saudara', 'saudari', 'sdr', 'sdri']);

// Written before a name; checked like degrees (they are part of how a person is named).
export const PREFIX_TITLES = new Set([
  'dr', 'drs', 'dra', 'drg', 'ir', 'h', 'hj', 'prof', 'kh', 'tgh', 'ust', 'ustadz', 'ustaz', 'hajjah',
  'akbp', 'akp', 'kompol', 'iptu', 'ipda', 'aiptu', 'aipda', 'bripka', 'brigpol', 'briptu', 'bripda',
  'kombes', 'letkol', 'kolonel', 'mayor', 'kapten', 'lettu', 'letda', 'serka', 'serma', 'sertu', 'serda',
  'kopda', 'praka', 'pratu', 'brigjen',
]);
// Titles that are also ordinary initials or words: only a title when written with a dot.
export const PREFIX_NEEDS_DOT = new Set(['h', 'dr', 'ir', 'ust']);

export const DEGREES = new Set([
  'shut', 'map', 'ssos', 'se', 'mm', 'skep', 'ns', 'spd', 'mpd', 'msi', 'ssi', 'sh', 'mh', 'st', 'mt', 'skom',
  'mkom', 'amd', 'amdkep', 'amdkeb', 'amkep', 'amkeb', 'sppd', 'mkes', 'skm', 'sked', 'sip', 'mip', 'msc',
  'bsc', 'phd', 'mba', 'mag', 'sag', 'sthi', 'spog', 'spa', 'spb', 'mph', 'sfarm', 'apt', 'mpwk', 'mhum',
  'shum', 'mp', 'sp', 'sst', 'sstp', 'strkeb', 'sgz', 'mars', 'mpa', 'llm', 'ssit', 'sikom', 'spsi', 'mpsi',
  'sksi', 'mkn', 'ma', 'sgz', 'spt', 'stp', 'spi', 'mtp', 'mpi', 'sthi',
]);

// Positions (jabatan) and group nouns: they stand before names and organisations
// but are not checked themselves.
export const POSITIONS = new Set([
  'kepala', 'wakil', 'bupati', 'wabup', 'camat', 'sekretaris', 'sekda', 'ketua', 'direktur', 'dirut', 'kabid',
  'kasi', 'kasubag', 'kasubbag', 'kabag', 'kadis', 'lurah', 'kades', 'plt', 'plh', 'pj', 'penjabat', 'kapolres',
  'kapolsek', 'dandim', 'danramil', 'gubernur', 'wagub', 'wali', 'walikota', 'menteri', 'asisten', 'staf',
  'ahli', 'koordinator', 'penyuluh', 'bidan', 'perawat', 'dokter', 'guru', 'komandan', 'anggota', 'bendahara',
  'pengelola', 'pelaksana', 'kasat', 'kapus', 'babinsa', 'bhabinkamtibmas', 'sekcam', 'sekdes', 'kadus',
  'presiden', 'tim', 'petugas', 'kader', 'relawan', 'warga', 'masyarakat', 'siswa', 'pelajar', 'peserta', 'para',
  'seluruh', 'jajaran', 'pegawai', 'pejabat', 'tokoh', 'pengurus', 'operator', 'pendamping', 'fasilitator',
  'narasumber', 'pimpinan', 'kapala', 'kasie', 'kabupaten/kota',
]);

// Words that begin an organisation's name.
export const ORG_KEYWORDS = new Set([
  'dinas', 'badan', 'bagian', 'bidang', 'seksi', 'subbagian', 'puskesmas', 'pustu', 'posyandu', 'polindes',
  'rsud', 'rumah', 'kantor', 'sekretariat', 'inspektorat', 'pemerintah', 'pemkab', 'pemkot', 'pemprov', 'pemdes',
  'dprd', 'satpol', 'bpbd', 'bappeda', 'uptd', 'upt', 'dikes', 'dinkes', 'disdik', 'distan', 'dlh', 'diskominfo',
  'dukcapil', 'disdukcapil', 'dinsos', 'dishub', 'bumdes', 'kodim', 'koramil', 'polres', 'polsek', 'polda',
  'kejaksaan', 'pengadilan', 'kementerian', 'balai', 'lembaga', 'komisi', 'yayasan', 'koperasi', 'universitas',
  'sekolah', 'sdn', 'smpn', 'sman', 'smkn', 'madrasah', 'mts', 'paud', 'lpm', 'bpd', 'karang', 'kelompok',
  'gapoktan', 'poktan', 'forum', 'unit', 'pusat', 'klinik', 'laboratorium', 'perusahaan', 'pt', 'cv', 'bank',
]);
// Administrative areas: the area's name is what gets checked.
export const ADMIN_WORDS = new Set(['kabupaten', 'kota', 'kecamatan', 'kelurahan', 'desa', 'dusun', 'provinsi']);
// Organisations named after an area ("Pemerintah Kabupaten Sumbawa Barat"): the area is what matters.
export const AREA_GOVERNMENTS = new Set(['pemerintah', 'pemkab', 'pemkot', 'pemprov', 'pemdes']);

export const CONNECTORS = new Set(['dan', '&', 'bin', 'binti', 'van', 'de', 'al', 'el']);

export const MONTHS: Record<string, number> = {
  januari: 1, jan: 1, january: 1, februari: 2, feb: 2, pebruari: 2, february: 2, maret: 3, mar: 3, march: 3,
  april: 4, apr: 4, mei: 5, may: 5, juni: 6, jun: 6, june: 6, juli: 7, jul: 7, july: 7, agustus: 8, agu: 8,
  agt: 8, ags: 8, agust: 8, august: 8, september: 9, sep: 9, sept: 9, oktober: 10, okt: 10, october: 10,
  november: 11, nov: 11, nopember: 11, desember: 12, des: 12, december: 12,
};
export const DRAFT_MONTH_NAMES = 'Januari|Februari|Pebruari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Nopember|Desember';
export const SOURCE_MONTH_NAMES = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

// Index = Date.getUTCDay().
export const WEEKDAYS = ['minggu', 'senin', 'selasa', 'rabu', 'kamis', 'jumat', 'sabtu'];
export const WEEKDAY_ALIASES: Record<string, number> = { ahad: 0, "jum'at": 5, 'jum’at': 5 };
export const WEEKDAY_PATTERN = "Minggu|Ahad|Senin|Selasa|Rabu|Kamis|Jum[’']?at|Sabtu";

// Capitalised words that never name a person, place or organisation.
export const STOP_WORDS = new Set([
  ...Object.keys(MONTHS), ...WEEKDAYS, 'ahad', 'jumat',
  'rp', 'wita', 'wib', 'wit', 'allah', 'swt', 'saw', 'tuhan', 'indonesia', 'ri', 'nkri', 'tahun', 'anggaran',
  'yang', 'dalam', 'selain', 'menurut', 'menurutnya', 'sementara', 'sedangkan', 'adapun', 'kegiatan', 'acara',
  'pada', 'di', 'ke', 'dari', 'untuk', 'dengan', 'bagi', 'kepada', 'oleh', 'namun', 'tetapi', 'karena', 'agar',
  'supaya', 'meski', 'meskipun', 'walaupun', 'bahkan', 'juga', 'lebih', 'ini', 'itu', 'hal', 'ia', 'dia',
  'beliau', 'mereka', 'kami', 'kita', 'saya', 'semoga', 'mari', 'jangan', 'turut', 'hadir', 'usai', 'setelah',
  'sebelum', 'sebelumnya', 'sebanyak', 'sejumlah', 'hingga', 'sampai', 'saat', 'ketika', 'sejak', 'selama',
  'tak', 'tidak', 'belum', 'sudah', 'telah', 'akan', 'masih', 'terkait', 'sebagai', 'secara', 'apabila', 'jika',
  'bila', 'kalau', 'maka', 'sehingga', 'diharapkan', 'harapannya', 'tujuannya', 'pihaknya', 'lanjutnya',
  'katanya', 'ujarnya', 'ungkapnya', 'jelasnya', 'tambahnya', 'imbuhnya', 'tuturnya', 'terangnya', 'pungkasnya',
  'kata', 'ujar', 'ungkap', 'jelas', 'tambah', 'tutur', 'terang', 'pungkas', 'demikian', 'begitu', 'berikut',
  'antara', 'lain', 'yakni', 'yaitu', 'tersebut', 'setiap', 'tiap', 'semua', 'banyak', 'beberapa', 'sebagian',
  'program', 'upaya', 'langkah', 'pihak', 'sebab', 'oleh', 'atas', 'tentang', 'melalui', 'bersama', 'selanjutnya',
  'kemudian', 'akhirnya', 'pertama', 'kedua', 'ketiga', 'terakhir', 'sebelumnya', 'kini', 'saat', 'ada',
  'apa', 'siapa', 'mengapa', 'bagaimana', 'kapan', 'dimana', 'mohon', 'terima', 'kasih', 'salam', 'selamat',
  'foto', 'tampak', 'suasana', 'keterangan', 'sumber', 'baca', 'lihat', 'catatan', 'dok', 'dokumentasi',
  'nomor', 'no', 'pasal', 'ayat',
]);

// Abbreviations a contributor or a draft may use for an organisation or title.
export const ABBREVIATIONS: Record<string, string> = {
  pemkab: 'pemerintah kabupaten',
  pemkot: 'pemerintah kota',
  pemprov: 'pemerintah provinsi',
  pemdes: 'pemerintah desa',
  dinkes: 'dinas kesehatan',
  dikes: 'dinas kesehatan',
  disdik: 'dinas pendidikan',
  dikbud: 'dinas pendidikan dan kebudayaan',
  distan: 'dinas pertanian',
  dinsos: 'dinas sosial',
  dishub: 'dinas perhubungan',
  diskominfo: 'dinas komunikasi dan informatika',
  kominfo: 'komunikasi dan informatika',
  disdukcapil: 'dinas kependudukan dan pencatatan sipil',
  dukcapil: 'kependudukan dan pencatatan sipil',
  bappeda: 'badan perencanaan pembangunan daerah',
  puskesmas: 'pusat kesehatan masyarakat',
  pkm: 'puskesmas',
  pustu: 'puskesmas pembantu',
  posyandu: 'pos pelayanan terpadu',
  satpol: 'satuan polisi',
  damkar: 'pemadam kebakaran',
  sekda: 'sekretaris daerah',
  setda: 'sekretariat daerah',
  kades: 'kepala desa',
  kadis: 'kepala dinas',
  prokopim: 'protokol dan komunikasi pimpinan',
  opd: 'organisasi perangkat daerah',
  gapoktan: 'gabungan kelompok tani',
  poktan: 'kelompok tani',
  musrenbang: 'musyawarah perencanaan pembangunan',
  perda: 'peraturan daerah',
  perbup: 'peraturan bupati',
  kabid: 'kepala bidang',
  kalak: 'kepala pelaksana',
  kapus: 'kepala puskesmas',
  kab: 'kabupaten',
  kec: 'kecamatan',
  kel: 'kelurahan',
  jl: 'jalan',
  ksb: 'kabupaten sumbawa barat',
  ntb: 'nusa tenggara barat',
};

// Spoken and chat spellings, mapped to the written form before comparing quotes.
export const INFORMAL: Record<string, string> = {
  nggak: 'tidak', ngga: 'tidak', gak: 'tidak', ga: 'tidak', enggak: 'tidak', ndak: 'tidak', tak: 'tidak',
  tdk: 'tidak', udah: 'sudah', dah: 'sudah', sdh: 'sudah', aja: 'saja', kalo: 'kalau', gimana: 'bagaimana',
  trus: 'terus', tapi: 'tetapi', biar: 'agar', supaya: 'agar', karna: 'karena', krn: 'karena', emang: 'memang',
  banget: 'sangat', cuma: 'hanya', cuman: 'hanya', gini: 'begini', gitu: 'begitu', bikin: 'buat',
  pengen: 'ingin', pingin: 'ingin', pengin: 'ingin', mau: 'ingin', kita: 'kami', sampe: 'sampai', yg: 'yang',
  dgn: 'dengan', utk: 'untuk', jg: 'juga', sy: 'saya', org: 'orang', tgl: 'tanggal', thn: 'tahun',
  bpk: 'bapak', pak: 'bapak', bu: 'ibu', lg: 'lagi', blm: 'belum', bisa: 'dapat', kemaren: 'kemarin',
};
// Spoken particles that a written quote drops.
export const FILLERS = new Set([
  'ya', 'nah', 'lho', 'loh', 'sih', 'dong', 'deh', 'tuh', 'eh', 'ee', 'eee', 'em', 'emm', 'hmm', 'anu', 'oke',
  'ok', 'kan', 'pun', 'nih', 'gitu', 'begitu', 'jadi', 'itu', 'ini',
]);
