/** One login (SSO) screens: the lazy "sso" i18n namespace and the API shapes they read. */
import type { ApiResponse } from "../../api.ts";
import en from "../../i18n/sso.en.json" with { type: "json" };
import id from "../../i18n/sso.id.json" with { type: "json" };
import { lazyNamespace } from "../../ui/namespace.ts";

export const useSsoT = lazyNamespace("sso", id, en);

export type Interaction = ApiResponse<"/oidc/interaction/{uid}/details", "get">;
export type RegistryApp = ApiResponse<"/api/admin/registry/apps", "get">[number];
export type OidcClient = ApiResponse<"/api/admin/oidc/clients", "get">[number];
export type PendingLink = ApiResponse<"/api/auth/inapas/link/{token}", "get">;
export type OpdPublic = ApiResponse<"/api/opd/{code}", "get">;
export type OpdEditView = ApiResponse<"/api/admin/opd/{code}/page", "get">;
export type SocialAccount = ApiResponse<"/api/admin/registry/social", "get">[number];
export type Infrastructure = ApiResponse<"/api/admin/infra", "get">;
export type PendingPage = ApiResponse<"/api/admin/opd-pages/pending", "get">[number];
