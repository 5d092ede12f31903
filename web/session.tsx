import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { type ApiResponse, get, type Permission, post, type Session, setCsrfToken } from "./api.ts";
import { applyLanguage, storedLanguage } from "./i18n/index.ts";
import { setCityTimeZone } from "./ui/time.ts";

interface SessionState {
  session: Session | null;
  /** Failed to load the session at all (server unreachable). */
  error: boolean;
  refresh: () => Promise<Session | null>;
  logout: () => Promise<void>;
}

const Ctx = createContext<SessionState>({ session: null, error: false, refresh: async () => null, logout: async () => {} });

/** What a fetched session sets beyond React's state: the CSRF token, the city's time zone, the user's saved language. */
export function adoptSession(s: Session) {
  setCsrfToken(s.csrfToken);
  // Every date and time on every page is the city's (web/ui/time.ts).
  setCityTimeZone(s.tenant.timezone);
  // A signed-in user's saved language wins when this browser has no explicit choice yet.
  if (s.user && !storedLanguage()) applyLanguage(s.user.locale);
}

/** `initial`: a session already fetched (and adopted) before the first render; without it the provider fetches it. */
export function SessionProvider({ children, initial }: { children: ReactNode; initial?: Session | null }) {
  const [session, setSession] = useState<Session | null>(initial ?? null);
  const [error, setError] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const s: Session = await get<ApiResponse<"/api/auth/session", "get">>("/api/auth/session");
      adoptSession(s);
      setSession(s);
      setError(false);
      return s;
    } catch {
      setError(true);
      return null;
    }
  }, []);

  const logout = useCallback(async () => {
    try {
      await post("/api/auth/logout");
    } finally {
      setCsrfToken(null);
      // The service worker keeps a copy of the session for an offline start (vite.config.ts): a signed-out phone keeps none.
      if ("caches" in window) await caches.delete("balai-api-safe").catch(() => false);
      await refresh();
    }
  }, [refresh]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: fetched once on mount, unless given
  useEffect(() => {
    if (!initial) void refresh();
  }, [refresh]);

  return <Ctx.Provider value={{ session, error, refresh, logout }}>{children}</Ctx.Provider>;
}

export const useSession = () => useContext(Ctx);

export const hasPermission = (s: Session | null, p: Permission) => {
  const user = s?.user;
  if (!user || s.mfaPending) return false;
  return user.permissions.includes(p);
};
