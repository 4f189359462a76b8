/** Server-rendered pages of the built-in authorization server: plain HTML, every value escaped. */

const SCOPE_WORDS: Record<string, string> = {
  'gong:read': 'Read the Gong calls, transcripts and accounts you may see in Gong (nothing more)',
  'gong:engage:write': 'Add prospects to Gong Engage flows for you (each action previewed and confirmed)',
  'gong:tasks:write': 'Create and complete Gong tasks for you',
  'gong:crm:write': 'Upload CRM data to Gong for you',
  offline_access: 'Stay connected without asking you to sign in again (until you revoke it)',
  openid: 'Know who you are (your Gong user)',
  email: 'See your email address',
  profile: 'See your name',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`=/]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What a scope lets a client do, in plain words. */
export function describeScope(scope: string): string {
  return SCOPE_WORDS[scope] ?? `Use the permission "${scope}"`;
}

const layout = (title: string, body: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.4rem}ul{padding-left:1.2rem}li{margin:.4rem 0}.client{font-weight:600}.host{color:#555}
button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.6rem;border-radius:6px;border:1px solid #888;cursor:pointer}
#allow{background:#0a66c2;color:#fff;border-color:#0a66c2}.note{color:#555;font-size:.9rem}</style></head>
<body>${body}</body></html>`;

export interface ConsentView {
  uid: string;
  clientName: string | undefined;
  clientId: string;
  userEmail: string;
  scopes: readonly string[];
  limits: string | undefined;
}

/** Where a client id (a CIMD URL or an opaque id) is from, for a person to judge. */
export function clientHost(clientId: string): string {
  try {
    const url = new URL(clientId);
    return url.host;
  } catch {
    return 'registered dynamically (no verified web address)';
  }
}

export function consentPage(view: ConsentView): string {
  const name = view.clientName?.trim() || view.clientId;
  const items = view.scopes.map((s) => `<li data-scope="${escapeHtml(s)}">${escapeHtml(describeScope(s))}</li>`).join('');
  const base = `/oauth/interaction/${encodeURIComponent(view.uid)}`;
  return layout(
    'Allow access to Gong',
    `<h1>Allow <span class="client" id="client-name">${escapeHtml(name)}</span> to use Gong as you?</h1>
<p class="host">Client: <span id="client-id">${escapeHtml(view.clientId)}</span> (from <span id="client-host">${escapeHtml(clientHost(view.clientId))}</span>)</p>
<p>Signed in as <strong id="user-email">${escapeHtml(view.userEmail)}</strong>. It will be able to:</p>
<ul id="scopes">${items}</ul>
${view.limits ? `<p class="note" id="limits">An admin limited this client: ${escapeHtml(view.limits)}.</p>` : ''}
<p class="note">It sees only what you may see in Gong. You can revoke it at any time.</p>
<form method="post" action="${base}/confirm" style="display:inline"><button id="allow" type="submit">Allow</button></form>
<form method="post" action="${base}/abort" style="display:inline"><button id="deny" type="submit">Deny</button></form>`,
  );
}

export function errorPage(title: string, message: string): string {
  return layout(title, `<h1 id="title">${escapeHtml(title)}</h1><p id="error">${escapeHtml(message)}</p>`);
}
