import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import Search from "lucide-react/icons/search";
import { useLocation } from "wouter";

/** The home page's one search box: sends the words to the catalog (/layanan?q=…), which understands synonyms. */
export function HomeSearch() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [text, setText] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = text.trim();
    navigate(q ? `/layanan?${new URLSearchParams({ q })}` : "/layanan");
  };
  return (
    <search className="home-search">
      <form onSubmit={submit}>
        <label className="home-search__label" htmlFor="home-q">
          {t("home.searchLabel")}
        </label>
        <div className="home-search__row">
          <input
            id="home-q"
            name="q"
            type="search"
            className="input home-search__input"
            placeholder={t("home.searchPlaceholder")}
            aria-describedby="home-q-hint"
            autoComplete="off"
            enterKeyHint="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="button home-search__button">
            <Search aria-hidden="true" focusable="false" size={20} />
            <span>{t("home.searchButton")}</span>
          </button>
        </div>
        <p className="field__hint home-search__hint" id="home-q-hint">
          {t("home.searchHint")}
        </p>
      </form>
    </search>
  );
}
