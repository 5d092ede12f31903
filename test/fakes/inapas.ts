/**
 * A local stand-in for INApas (the national digital identity's OpenID Connect provider; docs.inapas.go.id), for tests
 * and development only. Its core is a real OIDC provider (oidc-provider), so discovery, the authorization code flow,
 * ID tokens, userinfo and the error shapes (`invalid_client`, `invalid_grant`, `invalid_request` …) are the protocol's
 * own. Around it, the shape INApas asks of a relying party is checked on every request and listed in `problems`:
 * authorization requests with PKCE S256, `state` and `nonce`; token requests authenticated with `private_key_jwt`
 * signed by the client's registered elliptic-curve key (P-521, ES512, as INApas' integration guide asks).
 * The citizen is signed in at once (no screen): set `citizen` to whom INApas should vouch for.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import Provider from "oidc-provider";

export interface FakeCitizen {
  sub: string;
  name: string;
  nik: string;
  email?: string;
  phone_number?: string;
}

export class FakeInapas {
  url = "";
  readonly clientId = "balai-palembang";
  /** The relying party's private key (what Balai is configured with: INAPAS_PRIVATE_JWK). */
  privateJwk: JWK = {};
  citizen: FakeCitizen = { sub: "inapas-0001", name: "Maya Sari", nik: "1671044503900001", email: "warga@example.com" };
  readonly problems: string[] = [];
  readonly requests: { method: string; path: string; body: string }[] = [];
  private server?: http.Server;
  private provider?: Provider;

  async start(redirectUri: string) {
    const { privateKey, publicKey } = await generateKeyPair("ES512", { extractable: true });
    this.privateJwk = { ...(await exportJWK(privateKey)), kid: "balai-inapas-1", alg: "ES512" };
    const publicJwk = { ...(await exportJWK(publicKey)), kid: "balai-inapas-1", alg: "ES512", use: "sig" };
    const signing = await exportJWK((await generateKeyPair("RS256", { extractable: true })).privateKey);
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.provider = new Provider(this.url, {
      clients: [
        {
          client_id: this.clientId,
          redirect_uris: [redirectUri],
          token_endpoint_auth_method: "private_key_jwt",
          token_endpoint_auth_signing_alg: "ES512",
          jwks: { keys: [publicJwk] },
        },
      ],
      jwks: { keys: [{ ...signing, kid: "inapas-sig", alg: "RS256", use: "sig" }] },
      claims: { openid: ["sub"], profile: ["name"], email: ["email"], phone: ["phone_number"], nik: ["nik"] },
      scopes: ["openid", "profile", "email", "phone", "nik"],
      pkce: { required: () => true },
      enabledJWA: { clientAuthSigningAlgValues: ["ES512"] },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
      findAccount: async (_ctx: unknown, sub: string) => (sub === this.citizen.sub ? { accountId: sub, claims: async () => ({ ...this.citizen }) } : undefined),
      cookies: { keys: ["fake-inapas"] },
    });
    return this;
  }

  async close() {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const provider = this.provider as Provider;
    const url = new URL(req.url ?? "/", this.url);
    if (url.pathname.startsWith("/interaction/")) return this.signIn(req, res);
    if (url.pathname === "/auth") {
      const q = url.searchParams;
      if (q.get("code_challenge_method") !== "S256") this.problems.push("authorization request without PKCE S256");
      if (!q.get("state")) this.problems.push("authorization request without state");
      if (!q.get("nonce")) this.problems.push("authorization request without nonce");
    }
    if (url.pathname === "/token" && req.method === "POST") {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks).toString();
      this.requests.push({ method: "POST", path: "/token", body });
      const form = new URLSearchParams(body);
      if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        this.problems.push("token request without private_key_jwt");
      const header = JSON.parse(Buffer.from((form.get("client_assertion") ?? "e30").split(".")[0], "base64url").toString()) as { alg?: string };
      if (header.alg !== "ES512") this.problems.push(`client assertion signed with ${header.alg}, not ES512`);
      if (!form.get("code_verifier")) this.problems.push("token request without code_verifier");
      // Hand the already-read body on.
      (req as http.IncomingMessage & { body?: unknown }).body = body;
    } else this.requests.push({ method: req.method ?? "", path: url.pathname, body: "" });
    provider.callback()(req, res);
  }

  /** INApas' own screens (biometrics, PIN) are out of scope: the configured citizen is signed in and consents at once. */
  private async signIn(req: http.IncomingMessage, res: http.ServerResponse) {
    const provider = this.provider as Provider;
    const details = await provider.interactionDetails(req, res);
    let result: Record<string, unknown>;
    if (details.prompt.name === "login") result = { login: { accountId: this.citizen.sub } };
    else {
      const grant = new provider.Grant({ accountId: this.citizen.sub, clientId: details.params.client_id });
      grant.addOIDCScope(String(details.params.scope));
      result = { consent: { grantId: await grant.save() } };
    }
    const to = await provider.interactionResult(req, res, result, { mergeWithLastSubmission: true });
    res.writeHead(303, { location: to }).end();
  }
}
