/**
 * One `Intl.NumberFormat` / `Intl.DateTimeFormat` per locale and options, made at first use and kept. Making one costs
 * a cheap phone a millisecond or more (the first one of a locale loads its data), and a page such as /harga formats
 * a few hundred numbers on its first render: made per call, that was most of its blocking time (issue 14).
 *
 * `lang` is the app's language ("id" or "en", read as id-ID and en-GB) or a full locale ("en-US", "en-CA").
 */
const numbers = new Map<string, Intl.NumberFormat>();
const dates = new Map<string, Intl.DateTimeFormat>();

const localeOf = (lang: string) => (lang === "en" ? "en-GB" : lang === "id" || !lang ? "id-ID" : lang);

export function numberFormat(lang: string, opts: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const locale = localeOf(lang);
  const key = `${locale}|${JSON.stringify(opts)}`;
  let f = numbers.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, opts);
    numbers.set(key, f);
  }
  return f;
}

export function dateFormat(lang: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = localeOf(lang);
  const key = `${locale}|${JSON.stringify(opts)}`;
  let f = dates.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, opts);
    dates.set(key, f);
  }
  return f;
}

/** "Rp12.500" (id) / "Rp12,500" (en); "—" when there is no amount. */
export function rupiah(n: number | null | undefined, lang = "id"): string {
  return n == null ? "—" : `Rp${numberFormat(lang).format(n)}`;
}
