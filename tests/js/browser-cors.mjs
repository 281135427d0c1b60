// A browser front end on another origin, in the browser users run: Debian's Chromium, headless, driven by
// playwright-core (pinned in package-lock.json). A page served from the allowed origin calls the API with a bearer
// token — GET, POST with an Idempotency-Key (and its replay), PATCH with If-Match taken from the exposed ETag, a 412
// and a 422 read as problem documents, sign-in, a call with the session and sign-out — and a page from a disallowed
// origin is blocked by the browser.
//
//   node tests/js/browser-cors.mjs API_BASE PAGE_PORT ADMIN_TOKEN
//
// Playwright starts Chromium with a new, empty profile of its own. PAGE_PORT is the allowed origin's port (http://127.0.0.1:PAGE_PORT, in SALESCTL_CORS_ORIGINS); PAGE_PORT + 1
// serves the disallowed one. Exits 1 on any failure, printing what the page saw.
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';

const [api, pagePortText, adminToken] = process.argv.slice(2);
const pagePort = Number(pagePortText);

function servePage(port) {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>salesctl</title></head>' +
      '<body><p>Панель продаж</p></body></html>');
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

async function call(method, path, token, body) {
  const res = await fetch(api + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const failures = [];
function expect(what, ok, detail) {
  if (!ok)
    failures.push(`${what}: ${JSON.stringify(detail)}`);
}

// The organisation the page works in, made server-side (no CORS there).
const stamp = Date.now();
const org = await call('POST', '/v1/orgs', adminToken,
  { name: 'Браузерная', owner: { name: 'Владелец', email: `owner-${stamp}@browser.test` } });
const manager = await call('POST', '/v1/users', org.token,
  { name: 'Менеджер', email: `manager-${stamp}@browser.test`, role: 'manager' });
const ownerEmail = `owner-${stamp}@browser.test`, ownerPassword = 'Пароль-браузера-1';
const setPassword = await fetch(`${api}/v1/me/password`, { method: 'PUT',
  headers: { Authorization: `Bearer ${org.token}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ new_password: ownerPassword }) });
if (setPassword.status !== 204)
  throw new Error(`PUT /v1/me/password: ${setPassword.status}`);

const allowed = await servePage(pagePort);
const disallowed = await servePage(pagePort + 1);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const consoleErrors = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await page.goto(`http://127.0.0.1:${pagePort}/`);
  const seen = await page.evaluate(async ({ api, token, managerId, ownerEmail, ownerPassword }) => {
    const auth = { Authorization: `Bearer ${token}` };
    const json = { ...auth, 'Content-Type': 'application/json' };
    const out = {};
    const me = await fetch(`${api}/v1/me`, { headers: auth });
    out.me = { status: me.status, role: (await me.json()).role, requestId: me.headers.get('X-Request-Id') };
    const task = { title: 'Перезвонить клиенту', assignee_id: managerId, due_at: '2030-01-15T09:00:00+03:00' };
    const key = `browser-${Date.now()}`;
    const created = await fetch(`${api}/v1/tasks`, {
      method: 'POST', headers: { ...json, 'Idempotency-Key': key }, body: JSON.stringify(task) });
    const createdBody = await created.json();
    out.created = { status: created.status, location: created.headers.get('Location'), id: createdBody.id };
    const replay = await fetch(`${api}/v1/tasks`, {
      method: 'POST', headers: { ...json, 'Idempotency-Key': key }, body: JSON.stringify(task) });
    out.replay = { status: replay.status, replayed: replay.headers.get('Idempotent-Replayed'),
      id: (await replay.json()).id };
    const got = await fetch(`${api}/v1/tasks/${createdBody.id}`, { headers: auth });
    const etag = got.headers.get('ETag');
    out.get = { status: got.status, etag };
    const patched = await fetch(`${api}/v1/tasks/${createdBody.id}`, {
      method: 'PATCH', headers: { ...json, 'If-Match': etag }, body: JSON.stringify({ priority: 'high' }) });
    out.patch = { status: patched.status, priority: (await patched.json()).priority,
      etag: patched.headers.get('ETag') };
    const stale = await fetch(`${api}/v1/tasks/${createdBody.id}`, {
      method: 'PATCH', headers: { ...json, 'If-Match': etag }, body: JSON.stringify({ priority: 'low' }) });
    out.stale = { status: stale.status, code: (await stale.json()).code };
    const invalid = await fetch(`${api}/v1/tasks`, {
      method: 'POST', headers: json, body: JSON.stringify({ title: '', due_at: 'завтра' }) });
    const problem = await invalid.json();
    out.invalid = { status: invalid.status, code: problem.code, fields: problem.errors.map((e) => e.field).sort() };
    // Sign in from the page (a JSON POST without a token: preflighted like any other), use the session, sign out.
    const signIn = await fetch(`${api}/v1/sessions`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: ownerEmail, password: ownerPassword }) });
    const session = await signIn.json();
    const asSession = await fetch(`${api}/v1/me`, { headers: { Authorization: `Bearer ${session.token}` } });
    const signOut = await fetch(`${api}/v1/sessions/current`, { method: 'DELETE',
      headers: { Authorization: `Bearer ${session.token}` } });
    const after = await fetch(`${api}/v1/me`, { headers: { Authorization: `Bearer ${session.token}` } });
    out.session = { signIn: signIn.status, me: asSession.status, signOut: signOut.status, after: after.status,
      afterCode: (await after.json()).code };
    return out;
  }, { api, token: org.token, managerId: manager.id, ownerEmail, ownerPassword });

  expect('GET /v1/me', seen.me.status === 200 && seen.me.role === 'owner' && seen.me.requestId, seen.me);
  expect('POST with an Idempotency-Key', seen.created.status === 201 && seen.created.location?.endsWith(seen.created.id),
    seen.created);
  expect('its replay', seen.replay.status === 201 && seen.replay.replayed === 'true' && seen.replay.id === seen.created.id,
    seen.replay);
  expect('the ETag is readable', seen.get.status === 200 && /^"\d+"$/.test(seen.get.etag ?? ''), seen.get);
  expect('PATCH with If-Match', seen.patch.status === 200 && seen.patch.priority === 'high' &&
    seen.patch.etag !== seen.get.etag, seen.patch);
  expect('a stale If-Match', seen.stale.status === 412 && seen.stale.code === 'precondition_failed', seen.stale);
  expect('a 422 read as a problem', seen.invalid.status === 422 && seen.invalid.code === 'validation_failed' &&
    seen.invalid.fields.includes('title') && seen.invalid.fields.includes('assignee_id'), seen.invalid);
  expect('sign in, use the session, sign out', seen.session.signIn === 201 && seen.session.me === 200 &&
    seen.session.signOut === 204 && seen.session.after === 401 && seen.session.afterCode === 'session_ended', seen.session);
  // Chromium logs every non-2xx load; the 412, 422 and 401 asked for above are the only ones allowed, a CORS
  // refusal is not.
  const unexpected = consoleErrors.filter((e) => !/status of (401|412|422)\b/.test(e));
  expect('no other console error on the allowed origin', unexpected.length === 0, consoleErrors);

  const other = await browser.newPage();
  await other.goto(`http://127.0.0.1:${pagePort + 1}/`);
  const blocked = await other.evaluate(async ({ api, token }) => {
    try {
      const r = await fetch(`${api}/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
      return { blocked: false, status: r.status };
    } catch (e) {
      return { blocked: true, error: String(e) };
    }
  }, { api, token: org.token });
  expect('a disallowed origin is blocked by the browser', blocked.blocked, blocked);

  const version = browser.version();
  console.log(`browser CORS: Chromium ${version}; allowed origin http://127.0.0.1:${pagePort}: GET 200, ` +
    `POST 201 + replay, ETag ${seen.get.etag} → PATCH 200, stale If-Match 412, 422 with ${seen.invalid.fields.length} ` +
    `fields, sign-in 201 → session 200 → sign-out 204 → 401 ${seen.session.afterCode}; origin http://127.0.0.1:${pagePort + 1}: ${blocked.blocked ? 'blocked' : 'NOT blocked'}`);
} finally {
  await browser.close();
  allowed.close();
  disallowed.close();
}
for (const f of failures)
  console.log(`  FAILED ${f}`);
process.exit(failures.length ? 1 : 0);
