/** The "laporloop" i18n namespace: closing the loop on e-Lapor reports (issue 14 item 8). */
import en from "../../../i18n/laporloop.en.json" with { type: "json" };
import id from "../../../i18n/laporloop.id.json" with { type: "json" };
import { lazyNamespace } from "../../../ui/namespace.ts";

export const useLoopT = lazyNamespace("laporloop", id, en);
