/**
 * One `Intl.NumberFormat` / `Intl.DateTimeFormat` per locale and options, made at first use and kept. Making one costs
 * a cheap phone a millisecond or more (the first one of a locale loads its data), and a page such as /harga formats
 * a few hundred numbers on its first render: made per call, that was most of its blocking time (issue 14).
 *
 * `lang` is the app's language ("id" or "en", read as id-ID and en-GB) or a full locale ("en-US", "en-CA").
 */
const made = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

const localeOf = (lang: string) => (lang === "en" ? "en-GB" : lang === "id" || !lang ? "id-ID" : lang);

function once<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = made.get(key) as T | undefined;
  if (!f) {
    f = make();
    made.set(key, f);
  }
  return f;
}

export function numberFormat(lang: string, opts: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const locale = localeOf(lang);
  return once(`number|${locale}|${JSON.stringify(opts)}`, () => new Intl.NumberFormat(locale, opts));
}

export function dateFormat(lang: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = localeOf(lang);
  return once(`date|${locale}|${JSON.stringify(opts)}`, () => new Intl.DateTimeFormat(locale, opts));
}

/** "Rp12.500" (id) / "Rp12,500" (en); "—" when there is no amount. */
export function rupiah(n: number | null | undefined, lang = "id"): string {
  return n == null ? "—" : `Rp${numberFormat(lang).format(n)}`;
}
