/** Server-side texts: problem titles and notification messages, in Bahasa Indonesia (default) and English. */
export type Locale = "id" | "en";
export const LOCALES: Locale[] = ["id", "en"];

type Texts = Record<string, string>;

const problems: Record<Locale, Texts> = {
  id: {
    "validation-failed": "Ada isian yang belum benar",
    "bad-request": "Permintaan tidak valid",
    "malformed-json": "Isi permintaan bukan JSON yang valid",
    "unsupported-media-type": "Jenis isi permintaan tidak didukung",
    "payload-too-large": "Isi permintaan terlalu besar",
    unauthenticated: "Anda perlu masuk terlebih dahulu",
    "session-expired": "Sesi Anda telah berakhir, silakan masuk kembali",
    "invalid-credentials": "Email/nomor HP atau kata sandi salah",
    "account-locked": "Akun dikunci sementara karena terlalu banyak percobaan masuk. Coba lagi nanti",
    "account-not-verified": "Akun belum dikonfirmasi. Masukkan kode yang kami kirim",
    "account-disabled": "Akun ini dinonaktifkan",
    "invalid-code": "Kode salah atau sudah kedaluwarsa",
    "too-many-attempts": "Terlalu banyak percobaan. Minta kode baru",
    "totp-required": "Masukkan kode dari aplikasi autentikator",
    "invalid-totp": "Kode autentikator salah",
    "totp-not-pending": "Tidak ada pendaftaran autentikator yang menunggu",
    "csrf-invalid": "Token keamanan (CSRF) tidak valid. Muat ulang halaman",
    forbidden: "Anda tidak berhak melakukan ini",
    "not-found": "Tidak ditemukan",
    "tenant-not-found": "Pemerintah daerah tidak dikenal",
    "identifier-taken": "Email atau nomor HP ini sudah terdaftar",
    "weak-password": "Kata sandi terlalu lemah",
    "invalid-phone": "Nomor HP tidak valid",
    "invalid-email": "Alamat email tidak valid",
    "identifier-required": "Isi email atau nomor HP",
    "unit-not-found": "Unit organisasi tidak ditemukan",
    "unit-has-children": "Unit ini masih memiliki sub-unit",
    "invalid-parent": "Unit induk tidak valid",
    "code-taken": "Kode ini sudah dipakai",
    "grant-exists": "Peran ini sudah diberikan",
    "user-not-found": "Pengguna tidak ditemukan",
    "rate-limited": "Terlalu banyak permintaan. Coba lagi sebentar lagi",
    "not-acceptable": "Format tidak didukung",
    "method-not-allowed": "Metode tidak diizinkan",
    conflict: "Data telah berubah, muat ulang dan coba lagi",
    internal: "Terjadi kesalahan pada server",
    "not-ready": "Layanan belum siap",
    "location-outside-tenant": "Lokasi berada di luar wilayah pemerintah daerah ini",
    "report-not-found": "Laporan tidak ditemukan",
    "report-closed": "Laporan sudah ditutup",
    "complaint-use-lapor": "Laporan dikirim dan ditanggapi melalui Lapor (/lapor), bukan sebagai permohonan",
    "report-not-closed": "Laporan belum ditutup",
    "report-not-reopenable": "Laporan ini tidak dapat dibuka kembali",
    "reopen-window-closed": "Batas waktu membuka kembali laporan sudah lewat",
    "invalid-coordinates": "Koordinat lokasi tidak valid",
    "invalid-radius": "Radius tidak valid",
    "invalid-geojson": "Berkas bukan GeoJSON batas wilayah yang valid",
    "api-key-not-found": "Kunci API tidak ditemukan",
    "document-not-found": "Dokumen tidak ditemukan",
    "document-not-in-queue": "Dokumen tidak ada dalam antrean tanda tangan Anda",
    "document-not-pending": "Dokumen ini sudah ditandatangani atau dibatalkan",
    "case-not-at-signing-step": "Permohonan tidak sedang menunggu tanda tangan",
    "certificate-missing": "Anda belum memiliki sertifikat elektronik. Terbitkan sertifikat terlebih dahulu",
    "certificate-revoked": "Sertifikat elektronik Anda telah dicabut. Terbitkan sertifikat baru",
    "certificate-not-found": "Sertifikat tidak ditemukan",
    "passphrase-invalid": "Passphrase salah. Tidak ada dokumen yang ditandatangani",
    "passphrase-locked": "Penandatanganan dikunci sementara karena terlalu banyak passphrase salah. Coba lagi nanti",
    "signer-unavailable": "Layanan tanda tangan elektronik (BSrE) sedang tidak dapat dihubungi. Tidak ada dokumen yang ditandatangani",
    "signer-nik-missing": "NIK Anda belum didaftarkan untuk tanda tangan elektronik BSrE",
    "bsre-user-inactive": "Akun tanda tangan elektronik BSrE Anda tidak aktif",
    "delegation-not-found": "Pelimpahan wewenang tidak ditemukan",
    "not-a-pdf": "Berkas bukan PDF",
  },
  en: {
    "validation-failed": "Some fields are not valid",
    "bad-request": "Invalid request",
    "malformed-json": "The request body is not valid JSON",
    "unsupported-media-type": "Unsupported request content type",
    "payload-too-large": "The request body is too large",
    unauthenticated: "You need to log in first",
    "session-expired": "Your session has expired, please log in again",
    "invalid-credentials": "Wrong email/phone number or password",
    "account-locked": "The account is temporarily locked after too many login attempts. Try again later",
    "account-not-verified": "The account is not confirmed yet. Enter the code we sent you",
    "account-disabled": "This account is disabled",
    "invalid-code": "The code is wrong or has expired",
    "too-many-attempts": "Too many attempts. Ask for a new code",
    "totp-required": "Enter the code from your authenticator app",
    "invalid-totp": "Wrong authenticator code",
    "totp-not-pending": "No authenticator enrolment is pending",
    "csrf-invalid": "Invalid security (CSRF) token. Reload the page",
    forbidden: "You are not allowed to do this",
    "not-found": "Not found",
    "tenant-not-found": "Unknown local government",
    "identifier-taken": "This email or phone number is already registered",
    "weak-password": "The password is too weak",
    "invalid-phone": "Invalid phone number",
    "invalid-email": "Invalid email address",
    "identifier-required": "Enter an email or a phone number",
    "unit-not-found": "Organisation unit not found",
    "unit-has-children": "This unit still has sub-units",
    "invalid-parent": "Invalid parent unit",
    "code-taken": "This code is already in use",
    "grant-exists": "This role has already been granted",
    "user-not-found": "User not found",
    "rate-limited": "Too many requests. Try again shortly",
    "not-acceptable": "Format not supported",
    "method-not-allowed": "Method not allowed",
    conflict: "The data has changed, reload and try again",
    internal: "Something went wrong on the server",
    "not-ready": "The service is not ready",
    "location-outside-tenant": "The location is outside this local government's area",
    "report-not-found": "Report not found",
    "report-closed": "The report is already closed",
    "complaint-use-lapor": "Reports are sent and answered through Lapor (/lapor), not as applications",
    "report-not-closed": "The report is not closed yet",
    "report-not-reopenable": "This report cannot be reopened",
    "reopen-window-closed": "The time to reopen this report has passed",
    "invalid-coordinates": "Invalid location coordinates",
    "invalid-radius": "Invalid radius",
    "invalid-geojson": "Not a valid GeoJSON file of region boundaries",
    "api-key-not-found": "API key not found",
    "document-not-found": "Document not found",
    "document-not-in-queue": "The document is not in your signing queue",
    "document-not-pending": "This document is already signed or was cancelled",
    "case-not-at-signing-step": "The case is not waiting for a signature",
    "certificate-missing": "You have no signing certificate yet. Issue one first",
    "certificate-revoked": "Your signing certificate has been revoked. Issue a new one",
    "certificate-not-found": "Certificate not found",
    "passphrase-invalid": "Wrong passphrase. Nothing was signed",
    "passphrase-locked": "Signing is locked for a while after too many wrong passphrases. Try again later",
    "signer-unavailable": "The electronic signature service (BSrE) cannot be reached. Nothing was signed",
    "signer-nik-missing": "Your NIK is not registered for BSrE electronic signatures",
    "bsre-user-inactive": "Your BSrE electronic signature account is not active",
    "delegation-not-found": "Delegation not found",
    "not-a-pdf": "The file is not a PDF",
  },
};

const fieldMessages: Record<Locale, Texts> = {
  id: {
    required: "Wajib diisi",
    type: "Jenis isian tidak sesuai",
    format: "Format tidak valid",
    minLength: "Terlalu pendek",
    maxLength: "Terlalu panjang",
    pattern: "Format tidak valid",
    enum: "Pilihan tidak dikenal",
    additionalProperties: "Isian tidak dikenal",
    minimum: "Terlalu kecil",
    maximum: "Terlalu besar",
    "nik-format": "NIK harus 16 angka",
    "nik-region": "6 angka pertama NIK bukan kode kecamatan",
    "nik-birthdate": "Tanggal lahir dalam NIK tidak valid",
    "nik-serial": "4 angka terakhir NIK tidak boleh 0000",
    "nip-format": "NIP harus 18 angka",
    "file-type": "Jenis berkas tidak diterima",
    "file-too-large": "Berkas terlalu besar",
    "file-empty": "Berkas kosong",
    "file-corrupt": "Gambar rusak atau tidak dapat dibaca",
    "file-missing": "Berkas belum diunggah ke permohonan ini",
    "unknown-category": "Kategori laporan tidak dikenal",
    "anonymous-not-allowed": "Kategori ini tidak dapat dilaporkan secara anonim",
    "kelurahan-required": "Pilih kelurahan lokasi kejadian",
    "too-many-photos": "Paling banyak 5 foto",
    "photo-missing": "Foto belum diunggah",
    "location-outside-tenant": "Lokasi di luar wilayah kota",
    "merge-self": "Laporan tidak dapat digabung ke dirinya sendiri",
    "other-category": "Laporan tujuan berbeda kategori",
    "report-not-found": "Laporan tidak ditemukan",
    "report-closed": "Laporan sudah ditutup",
    "invalid-phone": "Nomor HP tidak valid",
    "invalid-email": "Alamat email tidak valid",
  },
  en: {
    required: "Required",
    type: "Wrong type",
    format: "Invalid format",
    minLength: "Too short",
    maxLength: "Too long",
    pattern: "Invalid format",
    enum: "Unknown choice",
    additionalProperties: "Unknown field",
    minimum: "Too small",
    maximum: "Too large",
    "nik-format": "The NIK must be 16 digits",
    "nik-region": "The first 6 digits of the NIK are not a kecamatan code",
    "nik-birthdate": "The birth date inside the NIK is invalid",
    "nik-serial": "The last 4 digits of the NIK cannot be 0000",
    "nip-format": "The NIP must be 18 digits",
    "file-type": "This file type is not accepted",
    "file-too-large": "The file is too large",
    "file-empty": "The file is empty",
    "file-corrupt": "The image is damaged or unreadable",
    "file-missing": "The file has not been uploaded to this application",
    "unknown-category": "Unknown report category",
    "anonymous-not-allowed": "This category cannot be reported anonymously",
    "kelurahan-required": "Pick the kelurahan where it happened",
    "too-many-photos": "At most 5 photos",
    "photo-missing": "The photo has not been uploaded",
    "location-outside-tenant": "The location is outside the city",
    "merge-self": "A report cannot be merged into itself",
    "other-category": "The target report is in another category",
    "report-not-found": "Report not found",
    "report-closed": "The report is already closed",
    "invalid-phone": "Invalid phone number",
    "invalid-email": "Invalid email address",
  },
};

export function problemTitle(code: string, locale: Locale): string {
  return problems[locale][code] ?? problems[locale]["bad-request"];
}

/** A field message in the user's language for a known code, else undefined. */
export function knownFieldMessage(code: string, locale: Locale): string | undefined {
  return fieldMessages[locale][code];
}

export function fieldMessage(code: string, locale: Locale): string {
  return fieldMessages[locale][code] ?? problems[locale][code] ?? fieldMessages[locale].format;
}

/** Picks id or en from an Accept-Language header; Bahasa Indonesia wins ties and unknowns. */
export function pickLocale(acceptLanguage: string | undefined, cookie?: string): Locale {
  if (cookie === "en" || cookie === "id") return cookie;
  if (!acceptLanguage) return "id";
  let best: { locale: Locale; q: number } = { locale: "id", q: -1 };
  for (const part of acceptLanguage.split(",")) {
    const [tag, ...rest] = part.trim().split(";");
    const q = Number(rest.find((r) => r.trim().startsWith("q="))?.split("=")[1] ?? 1);
    const lang = tag.toLowerCase().split("-")[0];
    const locale = lang === "en" ? "en" : lang === "id" || lang === "in" ? "id" : undefined;
    if (locale && q > best.q) best = { locale, q };
  }
  return best.locale;
}

/** "23 November 2026" in Indonesian or English, in the tenant's time zone. */
export function formatDate(d: Date, locale: Locale, timeZone = "Asia/Jakarta"): string {
  return new Intl.DateTimeFormat(locale === "id" ? "id-ID" : "en-GB", { day: "numeric", month: "long", year: "numeric", timeZone }).format(d);
}
