import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { get, type Permission, post, type Session, setCsrfToken } from "./api.ts";
import { applyLanguage, storedLanguage } from "./i18n/index.ts";

interface SessionState {
  session: Session | null;
  /** Failed to load the session at all (server unreachable). */
  error: boolean;
  refresh: () => Promise<Session | null>;
  logout: () => Promise<void>;
}

const Ctx = createContext<SessionState>({ session: null, error: false, refresh: async () => null, logout: async () => {} });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const s = await get<Session>("/api/auth/session");
      setCsrfToken(s.csrfToken);
      // A signed-in user's saved language wins when this browser has no explicit choice yet.
      if (s.user && !storedLanguage()) applyLanguage(s.user.locale);
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
      await refresh();
    }
  }, [refresh]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return <Ctx.Provider value={{ session, error, refresh, logout }}>{children}</Ctx.Provider>;
}

export const useSession = () => useContext(Ctx);

/**
 * e-Lapor permissions by role, as in src/platform/auth/roles.ts: used only while the session's permission list
 * (PERMISSION_NAMES in src/modules/accounts/routes.ts) does not name them yet. UI only; the server authorizes.
 */
const ROLE_FALLBACK: Partial<Record<Permission, readonly string[]>> = {
  "apikeys.manage": ["kominfo_admin"],
  "lapor.handle": ["kominfo_admin", "opd_admin", "opd_operator", "lurah", "camat"],
  "lapor.heatmap": ["kominfo_admin", "opd_admin", "opd_operator", "lurah", "camat", "auditor"],
  "lapor.moderate": ["kominfo_admin"],
};

export const hasPermission = (s: Session | null, p: Permission) => {
  const user = s?.user;
  if (!user || s.mfaPending) return false;
  if (user.permissions.includes(p)) return true;
  const roles = ROLE_FALLBACK[p];
  return !!roles && !user.permissions.some((x) => x.startsWith("lapor.") || x === "apikeys.manage") && user.grants.some((g) => roles.includes(g.role));
};
