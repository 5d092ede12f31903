/** A tiny cookie-keeping "browser" over fetch for OIDC flows against a real port (no redirects followed). */
export class Browser {
  readonly origin: string;
  private jar = new Map<string, { value: string; path: string }>();
  csrf = "";
  constructor(origin: string) {
    this.origin = origin;
  }

  cookieHeader(url: URL): string {
    return [...this.jar.entries()]
      .filter(([, c]) => url.pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join("; ");
  }

  async fetch(target: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
    const url = new URL(target, this.origin);
    const headers: Record<string, string> = { "x-forwarded-for": "127.0.0.1", ...(init.headers ?? {}) };
    const cookie = this.cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    const res = await fetch(url, { method: init.method ?? "GET", body: init.body, headers, redirect: "manual" });
    for (const sc of res.headers.getSetCookie()) {
      const [pair, ...attrs] = sc.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1);
      const path =
        attrs
          .map((a) => a.trim())
          .find((a) => a.toLowerCase().startsWith("path="))
          ?.slice(5) ?? "/";
      if (!value || /expires=Thu, 01 Jan 1970/i.test(sc)) this.jar.delete(name);
      else this.jar.set(name, { value, path });
    }
    return res;
  }

  /** A JSON call as the web app makes it (session cookie + CSRF token). */
  async json(method: string, target: string, body?: unknown) {
    const res = await this.fetch(target, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(this.csrf ? { "x-csrf-token": this.csrf } : {}) },
    });
    const data = (await res.json()) as Record<string, unknown>;
    if (typeof data.csrfToken === "string") this.csrf = data.csrfToken;
    return { status: res.status, body: data };
  }

  async login(identifier: string, password: string) {
    const res = await this.json("POST", "/api/auth/login", { identifier, password });
    if (res.status !== 200) throw new Error(`login ${identifier}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /**
   * Follows an authorization request through Balai's sign-in and consent steps as a signed-in user would in the web
   * app; returns the final redirect to the client (or the first response that is not a redirect).
   */
  async authorize(
    authUrl: string,
    consent: { shareNik?: boolean; decline?: boolean } = {},
  ): Promise<{ location: string | null; status: number; steps: string[] }> {
    let next: string | null = authUrl;
    const steps: string[] = [];
    for (let i = 0; i < 12 && next; i++) {
      const url = new URL(next, this.origin);
      if (url.origin !== this.origin) return { location: url.href, status: 303, steps };
      const m = /^\/oidc\/interaction\/([\w-]+)$/.exec(url.pathname);
      if (m) {
        const details = await this.json("GET", `/oidc/interaction/${m[1]}/details`);
        if (details.status !== 200) throw new Error(`details: ${details.status} ${JSON.stringify(details.body)}`);
        const prompt = details.body.prompt as string;
        steps.push(prompt);
        const r =
          consent.decline && prompt === "consent"
            ? await this.json("POST", `/oidc/interaction/${m[1]}/abort`)
            : prompt === "login"
              ? await this.json("POST", `/oidc/interaction/${m[1]}/login`)
              : await this.json("POST", `/oidc/interaction/${m[1]}/consent`, { shareNik: consent.shareNik === true });
        if (r.status !== 200) throw new Error(`${prompt}: ${r.status} ${JSON.stringify(r.body)}`);
        next = r.body.redirectTo as string;
        continue;
      }
      const res = await this.fetch(url.href);
      if (res.status < 300 || res.status >= 400) return { location: null, status: res.status, steps };
      next = res.headers.get("location");
    }
    throw new Error("too many redirects");
  }
}
