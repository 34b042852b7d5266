// A real OpenID Provider for the identity tests: node-oidc-provider (OpenID certified) on loopback.
//
//   node server.mjs config.json
//
// config.json: {"clients": [...client metadata...], "users": {"<login>": {password, level, claims}}}
// Listens on 127.0.0.1 on a free port and prints "READY <issuer>" once it serves. The login page
// plays BundID: the person picks how they identify (password = basis, ELSTER = substanziell,
// eID card = hoch), capped at what their test identity allows.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';

import Provider from 'oidc-provider';

const LEVELS = ['basis', 'substanziell', 'hoch'];
const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const users = config.users || {};

let provider;
const server = createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => {
      res.statusCode = 500;
      res.end(String(err));
    });
    return;
  }
  provider.callback()(req, res);
});

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(new URLSearchParams(data)));
    req.on('error', reject);
  });
}

function loginPage(res, uid, { requested, error }) {
  const options = LEVELS.map((level) => {
    const selected = level === requested ? ' selected' : '';
    return `<option value="${level}"${selected}>${level}</option>`;
  }).join('');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Test-BundID</title></head>
<body><main><h1>Test-BundID: Anmeldung</h1>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="login">Benutzername</label> <input id="login" name="login" autocomplete="username">
<label for="password">Passwort</label> <input id="password" name="password" type="password">
<label for="level">Vertrauensniveau</label> <select id="level" name="level">${options}</select>
<button type="submit">Anmelden</button>
</form></main></body></html>`);
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const requested = String(details.params.acr_values || 'basis').split(' ')[0];
  if (req.method === 'GET') {
    if (details.prompt.name === 'login') {
      loginPage(res, details.uid, { requested });
      return;
    }
    // Consent: the test clients are first-party, so loadExistingGrant has granted everything.
    await provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
    return;
  }
  const form = await readBody(req);
  const login = form.get('login') || '';
  const user = users[login];
  if (!user || user.password !== form.get('password')) {
    res.statusCode = 400;
    loginPage(res, details.uid, { requested, error: 'Benutzername oder Passwort falsch.' });
    return;
  }
  const chosen = LEVELS.indexOf(form.get('level') || 'basis');
  const allowed = LEVELS.indexOf(user.level || 'basis');
  const acr = LEVELS[Math.max(0, Math.min(chosen, allowed))];
  const result = { login: { accountId: user.sub || login, acr, amr: ['pwd'] } };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

async function findAccount(ctx, id) {
  const user = Object.values(users).find((candidate) => (candidate.sub || '') === id) || users[id];
  if (!user) return undefined;
  return {
    accountId: id,
    async claims() {
      return { sub: user.sub || id, ...(user.claims || {}) };
    },
  };
}

async function loadExistingGrant(ctx) {
  const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
  const grant = (grantId && (await ctx.oidc.provider.Grant.find(grantId)))
    || new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
  grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
  grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
  await grant.save();
  return grant;
}

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  provider = new Provider(issuer, {
    clients: config.clients,
    findAccount,
    loadExistingGrant,
    acrValues: LEVELS,
    claims: {
      acr: null,
      email: ['email', 'email_verified'],
      profile: ['given_name', 'family_name'],
      groups: ['groups', 'team'],
    },
    // The ID token carries the scopes' claims: the relying party reads them from there.
    conformIdTokenClaims: false,
    cookies: { keys: [randomBytes(32).toString('hex')] },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    ttl: { IdToken: config.idTokenTtl || 3600 },
  });
  provider.proxy = false;
  process.stdout.write(`READY ${issuer}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
