// The owner's page (SPEC §6.1) in the browser users run: Debian's Chromium, headless, driven by playwright-core.
// Signs in as the demo owner, checks that every demo manager is listed by name with the lagging ones marked (as the
// API's plan status says), that the plan chart and the open alerts are shown, opens another manager's trend, switches
// to English, and saves a screenshot. Any console error, page error, failed request or HTTP error fails it.
//
//   node tests/js/owner-page.mjs BASE EMAIL PASSWORD SCREENSHOT
import { chromium } from 'playwright-core';

const [base, email, password, screenshot] = process.argv.slice(2);
const failures = [];
function expect(what, ok, detail) {
  if (!ok)
    failures.push(`${what}: ${JSON.stringify(detail)}`);
}
const cyrillic = /[\u0400-\u04FF]/;

async function api(path, token, lang = 'ru') {
  const res = await fetch(base + path, { headers: { Authorization: `Bearer ${token}`, 'Accept-Language': lang } });
  if (!res.ok)
    throw new Error(`${path}: ${res.status}`);
  return res.json();
}

// What the API says, to hold the page to it.
const signIn = await fetch(`${base}/v1/sessions`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ email, password }) });
if (signIn.status !== 201)
  throw new Error(`POST /v1/sessions: ${signIn.status} ${await signIn.text()}`);
const token = (await signIn.json()).token;
// The page's month: this one, or last month while none of this one's workdays has elapsed.
const month = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
const now = new Date();
let status = await api(`/v1/plan-status?period=${month(now)}`, token);
if (status.workdays.elapsed === 0)
  status = await api(`/v1/plan-status?period=${month(new Date(now.getFullYear(), now.getMonth() - 1, 1))}`, token);
const managers = new Map((await api('/v1/users?role=manager&limit=200', token)).items.map((u) => [u.id, u]));
const lagging = status.managers.filter((m) => m.status === 'lagging').map((m) => m.id).sort();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1600 }, locale: 'ru-RU' });
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.request().method()} ${r.url()}`));

  await page.goto(`${base}/`);
  expect('Russian first', (await page.textContent('h1')) === 'Продажи по плану', await page.textContent('h1'));
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('#signin-form button[type="submit"]');
  await page.waitForSelector('#managers tbody tr', { timeout: 15000 });
  await page.waitForSelector('#plan-chart canvas');
  await page.waitForSelector('#trend-chart canvas');

  const rows = await page.$$eval('#managers tbody tr', (trs) => trs.map((tr) => ({
    id: tr.dataset.id, status: tr.dataset.status, name: tr.cells[0].textContent,
    mark: getComputedStyle(tr.cells[0]).borderLeftColor, markWidth: getComputedStyle(tr.cells[0]).borderLeftWidth,
  })));
  expect('every demo manager listed', rows.length === status.managers.length && status.managers.length >= 3,
    { page: rows.length, api: status.managers.length });
  for (const row of rows) {
    const user = managers.get(row.id);
    expect('a manager by name', user && row.name === user.name, row);
    const marked = row.markWidth === '4px' && row.mark === 'rgb(198, 40, 40)';
    expect('the lagging marked, only they', marked === (row.status === 'lagging'), row);
  }
  const shownLagging = rows.filter((r) => r.status === 'lagging').map((r) => r.id).sort();
  expect('the lagging ones are the API\'s', JSON.stringify(shownLagging) === JSON.stringify(lagging) && lagging.length > 0,
    { page: shownLagging, api: lagging });
  const alerts = await page.$$eval('#alerts li', (lis) => lis.map((li) => li.textContent));
  expect('open alerts in Russian', alerts.length > 0 && alerts.every((a) => cyrillic.test(a)), alerts.slice(0, 3));

  // Another manager's trend.
  const other = rows.find((r) => !lagging.includes(r.id)) ?? rows[rows.length - 1];
  await page.click(`#managers tbody tr[data-id="${other.id}"]`);
  await page.waitForFunction((name) => document.querySelector('#trend-name').textContent.startsWith(name), other.name);
  expect('the trend drawn', (await page.$$('#trend-chart canvas')).length === 1, 'no canvas');

  // English.
  await page.click('#lang-en');
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Sales by the plan');
  await page.waitForFunction((first) => document.querySelector('#alerts li').textContent !== first, alerts[0]);
  const header = await page.textContent('#managers thead th');
  expect('English headers', header === 'Manager', header);
  const englishAlerts = await page.$$eval('#alerts li', (lis) => lis.map((li) => li.textContent));
  expect('alerts in English', englishAlerts.length === alerts.length && englishAlerts.every((a, i) => a !== alerts[i]),
    englishAlerts.slice(0, 3));
  expect('the month shown', (await page.inputValue('#period')) === status.period, status.period);
  expect('the lang attribute', (await page.getAttribute('html', 'lang')) === 'en', 'not en');

  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`owner's page: Chromium ${browser.version()}; ${rows.length} managers, lagging marked: ` +
    `${shownLagging.length} (as the API says); ${alerts.length} open alerts in Russian, then English; ` +
    `trend of ${other.name}; screenshot ${screenshot}; console errors, failed requests: ${problems.length}`);
} catch (err) {
  failures.push(err.message.split('\n')[0]);
  const page = browser.contexts()[0]?.pages()[0];
  if (page) {
    await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
    failures.push(`on the page: ${(await page.textContent('main').catch(() => '')).replace(/\s+/g, ' ').slice(0, 600)}`);
  }
} finally {
  failures.push(...problems);
  await browser.close();
}
if (failures.length) {
  console.error(`owner's page: ${failures.length} failure(s):\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
