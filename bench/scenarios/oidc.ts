import type { Scenario } from "./types.ts";

/**
 * One login (issue 17): OIDC token issuance per second at /oidc/token — a client_credentials grant with
 * client_secret_basic, each token written to the store (oidc_models). The client is issued to the demo's
 * registered app "e-kinerja" through the console API.
 */
export const oidcTokenIssuance: Scenario = {
  name: "Balai POST /oidc/token (client_credentials)",
  async setup(ctx) {
    const { cookie, csrfToken } = await ctx.session();
    const res = await fetch(`${ctx.balaiUrl}/api/admin/oidc/clients`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
      body: JSON.stringify({ name: "bench machine client", app: "e-kinerja", redirectUris: [], grantTypes: ["client_credentials"] }),
    });
    if (res.status !== 201) throw new Error(`oidc client for the bench: ${res.status} ${await res.text()}`);
    const c = (await res.json()) as { client_id: string; client_secret: string };
    const basic = Buffer.from(`${encodeURIComponent(c.client_id)}:${encodeURIComponent(c.client_secret)}`).toString("base64");
    return {
      method: "POST",
      path: "/oidc/token",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    };
  },
};
