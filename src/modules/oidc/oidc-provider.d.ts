/** The few shapes of oidc-provider (it ships no type declarations) that this module uses. */
declare module "oidc-provider" {
  export interface AdapterPayload {
    [key: string]: unknown;
    grantId?: string;
    uid?: string;
    userCode?: string;
    clientId?: string;
    consumed?: number;
  }
  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }
  export interface OidcClient {
    clientId: string;
    clientName?: string;
    sectorIdentifier?: string;
    [key: string]: unknown;
  }
  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(indicator: string, scope: string): void;
    rejectOIDCScope(scope: string): void;
    save(): Promise<string>;
  }
  export interface InteractionDetails {
    uid: string;
    prompt: { name: "login" | "consent" | string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, unknown> & { client_id: string; scope?: string; redirect_uri?: string };
    session?: { accountId: string; uid: string };
    grantId?: string;
    lastSubmission?: Record<string, unknown>;
  }
  // biome-ignore lint/suspicious/noExplicitAny: Koa context of oidc-provider, untyped upstream
  export type KoaContextWithOIDC = any;
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    issuer: string;
    proxy: boolean;
    callback(): (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void;
    interactionDetails(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse): Promise<InteractionDetails>;
    interactionResult(
      req: import("node:http").IncomingMessage,
      res: import("node:http").ServerResponse,
      result: Record<string, unknown>,
      opts?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    on(event: string, listener: (...args: KoaContextWithOIDC[]) => void): this;
    Grant: { new (init: { accountId: string; clientId: string }): Grant; find(id: string): Promise<Grant | undefined> };
    Client: { find(id: string): Promise<OidcClient | undefined> };
  }
}
