/** A page group's own i18n namespace, shipped with its lazy chunk instead of the first load. */
import { useTranslation } from "react-i18next";
import i18next from "../i18n/index.ts";

type Bundle = Record<string, unknown>;

/** Adds the namespace's Indonesian and English texts once (a second import of the chunk finds them there). */
export function addNamespace(ns: string, id: Bundle, en: Bundle) {
  if (!i18next.hasResourceBundle("id", ns)) i18next.addResourceBundle("id", ns, id);
  if (!i18next.hasResourceBundle("en", ns)) i18next.addResourceBundle("en", ns, en);
}

/** Adds the namespace and gives the page group its translation hook: `export const useParkingT = lazyNamespace("parking", id, en)`. */
export function lazyNamespace<N extends string>(ns: N, id: Bundle, en: Bundle) {
  addNamespace(ns, id, en);
  return () => useTranslation(ns);
}
