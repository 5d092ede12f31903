import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { setApiLanguage } from "../api.ts";
import citizenId from "./citizen.id.json" with { type: "json" };
import id from "./id.json" with { type: "json" };
import staffId from "./staff.id.json" with { type: "json" };

export type Lang = "id" | "en";
const STORAGE_KEY = "balai_lang";

export function storedLanguage(): Lang | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === "en" || v === "id" ? v : null;
  } catch {
    return null;
  }
}

/**
 * The English core texts are a chunk of their own (english.ts), fetched only when English is chosen: the first load
 * of a phone in Bahasa Indonesia carries one language. Until it arrives i18next shows the Indonesian fallback.
 */
let english: Promise<void> | undefined;
function loadEnglish(): Promise<void> {
  english ??= import("./english.ts").then(({ translation, citizen }) => {
    i18next.addResourceBundle("en", "translation", translation, true, false);
    i18next.addResourceBundle("en", "citizen", citizen, true, false);
  });
  return english;
}

/** Apply a language everywhere: i18next, <html lang>, the API's accept-language, localStorage and the balai_lang cookie. */
export function applyLanguage(lang: Lang, persist = true) {
  if (lang === "en") void loadEnglish().then(() => i18next.changeLanguage(lang));
  else void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
  setApiLanguage(lang);
  if (persist) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      /* private mode */
    }
    // The server reads the language from this cookie (first paint in the right language); Cookie Store API is not on every phone.
    // biome-ignore lint/suspicious/noDocumentCookie: see above
    document.cookie = `balai_lang=${lang}; path=/; max-age=31536000; SameSite=Lax`;
  }
}

const initial: Lang = storedLanguage() ?? "id";

void i18next.use(initReactI18next).init({
  resources: {
    id: { translation: { ...id, staffCases: staffId }, citizen: citizenId },
  },
  lng: "id",
  partialBundledLanguages: true,
  fallbackLng: "id",
  interpolation: { escapeValue: false },
  returnNull: false,
});
// Not while the build prerenders the shell (web/shell.tsx): there is no document there.
if (typeof document !== "undefined") applyLanguage(initial, storedLanguage() !== null);

export default i18next;
