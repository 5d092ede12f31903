/** The "laporloop" i18n namespace: closing the loop on e-Lapor reports (issue 14 item 8). */
import { useTranslation } from "react-i18next";
import i18next from "../../../i18n/index.ts";
import en from "../../../i18n/laporloop.en.json" with { type: "json" };
import id from "../../../i18n/laporloop.id.json" with { type: "json" };

if (!i18next.hasResourceBundle("id", "laporloop")) i18next.addResourceBundle("id", "laporloop", id);
if (!i18next.hasResourceBundle("en", "laporloop")) i18next.addResourceBundle("en", "laporloop", en);

export const useLoopT = () => useTranslation("laporloop");
