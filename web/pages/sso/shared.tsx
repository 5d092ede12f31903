/** One login (SSO) screens: the lazy "sso" i18n namespace and the API shapes they read. */
import { useTranslation } from "react-i18next";
import type { ApiResponse } from "../../api.ts";
import i18next from "../../i18n/index.ts";
import en from "../../i18n/sso.en.json" with { type: "json" };
import id from "../../i18n/sso.id.json" with { type: "json" };

if (!i18next.hasResourceBundle("id", "sso")) i18next.addResourceBundle("id", "sso", id);
if (!i18next.hasResourceBundle("en", "sso")) i18next.addResourceBundle("en", "sso", en);

export const useSsoT = () => useTranslation("sso");

export type Interaction = ApiResponse<"/oidc/interaction/{uid}/details", "get">;
export type RegistryApp = ApiResponse<"/api/admin/registry/apps", "get">[number];
export type OidcClient = ApiResponse<"/api/admin/oidc/clients", "get">[number];
export type PendingLink = ApiResponse<"/api/auth/inapas/link/{token}", "get">;
export type OpdPublic = ApiResponse<"/api/opd/{code}", "get">;
export type OpdEditView = ApiResponse<"/api/admin/opd/{code}/page", "get">;
export type SocialAccount = ApiResponse<"/api/admin/registry/social", "get">[number];
export type Infrastructure = ApiResponse<"/api/admin/infra", "get">;
export type PendingPage = ApiResponse<"/api/admin/opd-pages/pending", "get">[number];
