/** The few pages oidc-provider renders itself (sign-out confirmation, signed out, errors), in Balai's words, id + en. */
import type { KoaContextWithOIDC } from "oidc-provider";

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

const STYLE =
  "body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b1f23}main{max-width:28rem;margin:3rem auto;padding:1.5rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 3px #0003}h1{font-size:1.4rem}p.en{color:#555}button{font:inherit;padding:.6rem 1rem;margin:.25rem .5rem .25rem 0;border-radius:.3rem;border:1px solid #0b5394;background:#0b5394;color:#fff;cursor:pointer}button.secondary{background:#fff;color:#0b5394}button:focus{outline:3px solid #f9a825}";

function page(ctx: KoaContextWithOIDC, title: string, body: string, formTargets = "") {
  ctx.type = "html";
  // The sign-out form redirects to the app's registered post-logout URI: allow that as a form target.
  ctx.set("Content-Security-Policy", `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${formTargets}; frame-ancestors 'none'`);
  ctx.body = `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)} — Balai</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export async function logoutSource(ctx: KoaContextWithOIDC, form: string) {
  const client = ctx.oidc.client;
  const app = client ? esc(client.clientName ?? client.clientId) : "";
  const targets = ((client?.postLogoutRedirectUris as string[] | undefined) ?? []).map((u) => new URL(u).origin).join(" ");
  page(
    ctx,
    "Keluar",
    `<h1>Keluar dari Balai?</h1>
     <p>${app ? `Aplikasi <strong>${app}</strong> meminta Anda keluar.` : "Anda akan keluar dari sesi masuk tunggal Balai."}</p>
     <p class="en" lang="en">${app ? `<strong>${app}</strong> asks to sign you out.` : "You will be signed out of Balai's single sign-on."} Sign out?</p>
     ${form}
     <button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Ya, keluar / Yes, sign out</button>
     <button class="secondary" type="submit" form="op.logoutForm">Tidak / No</button>`,
    targets,
  );
}

export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
  page(ctx, "Sudah keluar", `<h1>Anda sudah keluar</h1><p class="en" lang="en">You have been signed out.</p><p><a href="/">Balai</a></p>`);
}

export async function renderError(ctx: KoaContextWithOIDC, out: Record<string, string>) {
  page(
    ctx,
    "Ada masalah",
    `<h1>Ada masalah dengan permintaan masuk</h1><p class="en" lang="en">There is a problem with the sign-in request.</p>
     <p><strong>${esc(out.error)}</strong>: ${esc(out.error_description)}</p><p><a href="/">Balai</a></p>`,
  );
}
