// The owner's page (SPEC §6.1): sign-in, plan vs fact vs forecast per manager and team, the required daily pace,
// open alerts and one manager's trend, in Russian or English. It uses the public API only, with a session token kept
// for the tab (sessionStorage); problems and alert messages come from the API in the chosen language.
'use strict';

const TEXTS = {
  ru: {
    title: 'Продажи по плану', signout: 'Выйти', signin_title: 'Вход', email: 'Email', password: 'Пароль',
    signin: 'Войти', plan_title: 'План, факт и прогноз', metric: 'Показатель', manager: 'Менеджер', team: 'Команда',
    target: 'План', actual: 'Факт', forecast: 'Прогноз', pace: 'Нужно в день', status: 'Статус',
    teams_title: 'Команды', alerts_title: 'Открытые сигналы', trend_title: 'Динамика', charts_by: 'Графики',
    licence: 'лицензия', no_alerts: 'Открытых сигналов нет', cumulative: 'Нарастающим итогом', daily: 'За день',
    period: 'Период', workdays: 'рабочих дней прошло', of: 'из', organisation: 'Организация', none: '—',
    choose: 'выберите менеджера в таблице', month_start: 'месяц только начался — показан прошлый',
    status_names: { lagging: 'отстаёт', at_risk: 'под угрозой', on_track: 'в плане', not_started: 'не начат', no_target: 'без плана' },
    metrics: {
      calls_total: 'Звонки', calls_outbound: 'Исходящие звонки', calls_inbound: 'Входящие звонки',
      calls_effective: 'Результативные звонки', talk_time_s: 'Время разговоров, с', chat_sessions: 'Переписки',
      meetings: 'Встречи', proposals_sent: 'Отправленные КП', leads_received: 'Полученные лиды',
      leads_processed: 'Обработанные лиды', deals_won: 'Выигранные сделки', payments_count: 'Оплаты',
      revenue_minor: 'Выручка'
    }
  },
  en: {
    title: 'Sales by the plan', signout: 'Sign out', signin_title: 'Sign in', email: 'Email', password: 'Password',
    signin: 'Sign in', plan_title: 'Plan, actual and forecast', metric: 'Metric', manager: 'Manager', team: 'Team',
    target: 'Plan', actual: 'Actual', forecast: 'Forecast', pace: 'Needed a day', status: 'Status',
    teams_title: 'Teams', alerts_title: 'Open alerts', trend_title: 'Trend', charts_by: 'Charts',
    licence: 'licence', no_alerts: 'No open alerts', cumulative: 'Cumulative', daily: 'Daily',
    period: 'Period', workdays: 'workdays elapsed', of: 'of', organisation: 'Organisation', none: '—',
    choose: 'pick a manager in the table', month_start: 'the month has just begun: last month is shown',
    status_names: { lagging: 'lagging', at_risk: 'at risk', on_track: 'on track', not_started: 'not started', no_target: 'no plan' },
    metrics: {
      calls_total: 'Calls', calls_outbound: 'Outbound calls', calls_inbound: 'Inbound calls',
      calls_effective: 'Effective calls', talk_time_s: 'Talk time, s', chat_sessions: 'Chats', meetings: 'Meetings',
      proposals_sent: 'Proposals sent', leads_received: 'Leads received', leads_processed: 'Leads processed',
      deals_won: 'Deals won', payments_count: 'Payments', revenue_minor: 'Revenue'
    }
  }
};

const state = {
  lang: localStorage.getItem('salesctl.lang') === 'en' ? 'en' : 'ru',
  token: sessionStorage.getItem('salesctl.token'),
  users: new Map(), teams: new Map(), status: null, currency: 'RUB', metric: null, trendId: null, charts: {}
};

const $ = (sel) => document.querySelector(sel);
const t = (key) => TEXTS[state.lang][key];

async function api(path, options = {}) {
  const headers = { 'Accept-Language': state.lang, ...(options.headers || {}) };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  if (options.body) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { ...options, headers, body: options.body ? JSON.stringify(options.body) : undefined });
  const body = res.status === 204 ? null : await res.json();
  if (!res.ok) {
    const err = new Error(body && body.detail ? body.detail : res.statusText);
    err.status = res.status;
    throw err;
  }
  return body;
}

// Every page of a list, up to limit items.
async function listAll(path, limit = 1000) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api(`${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < limit);
  return items;
}

function applyTexts() {
  document.documentElement.lang = state.lang;
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  for (const b of document.querySelectorAll('nav button')) b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang));
  document.title = `salesctl — ${t('title')}`;
}

function metricLabel(m) { return TEXTS[state.lang].metrics[m] || m; }
function statusLabel(s) { return TEXTS[state.lang].status_names[s] || s; }

function formatValue(metric, v) {
  if (v === null || v === undefined) return t('none');
  const locale = state.lang === 'ru' ? 'ru-RU' : 'en-GB';
  if (metric === 'revenue_minor') {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: state.currency, maximumFractionDigits: 0 }).format(v / 100);
  }
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v);
}

function monthText(d) { return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`; }
function currentPeriod() { return monthText(new Date()); }
function previousPeriod() { const d = new Date(); d.setDate(1); d.setMonth(d.getMonth() - 1); return monthText(d); }

// The month asked for; without one, this month, or last month while no workday of this one has elapsed yet (on the
// morning of the 1st everything is "not started", which tells an owner nothing).
async function loadStatus(period) {
  state.note = '';
  let st = await api(`/v1/plan-status?period=${period || currentPeriod()}`);
  if (!period && st.workdays.elapsed === 0) {
    st = await api(`/v1/plan-status?period=${previousPeriod()}`);
    state.note = 'month_start';
  }
  state.status = st;
  $('#period').value = st.period;
}

async function signIn(event) {
  event.preventDefault();
  $('#signin-error').textContent = '';
  try {
    const session = await api('/v1/sessions', { method: 'POST', body: { email: $('#email').value, password: $('#password').value } });
    state.token = session.token;
    sessionStorage.setItem('salesctl.token', state.token);
    await showDashboard();
  } catch (err) {
    $('#signin-error').textContent = err.message;
  }
}

async function signOut() {
  try { await api('/v1/sessions/current', { method: 'DELETE' }); } catch (err) { /* the session may be gone already */ }
  state.token = null;
  sessionStorage.removeItem('salesctl.token');
  $('#dashboard').hidden = true;
  $('#signout').hidden = true;
  $('#signin').hidden = false;
  $('#who').textContent = '';
}

async function showDashboard() {
  const me = await api('/v1/me');
  const org = await api('/v1/org');
  state.currency = org.currency || 'RUB';
  $('#who').textContent = `${me.name} · ${org.name}`;
  const [users, teams] = await Promise.all([listAll('/v1/users?role=manager'), listAll('/v1/teams')]);
  state.users = new Map(users.map((u) => [u.id, u]));
  state.teams = new Map(teams.map((tm) => [tm.id, tm]));
  await loadStatus(null);
  $('#signin').hidden = true;
  $('#dashboard').hidden = false;
  $('#signout').hidden = false;
  chooseMetric();
  render();
  await renderAlerts();
  const first = state.status.managers.find((m) => m.status === 'lagging') || state.status.managers[0];
  if (first) await showTrend(first.id);
}

// The metrics any subject has a plan for; revenue first when planned.
function chooseMetric() {
  const found = new Set();
  for (const s of [state.status.org, ...state.status.teams, ...state.status.managers]) {
    if (s) Object.keys(s.metrics).forEach((m) => found.add(m));
  }
  const metrics = [...found];
  if (!metrics.includes(state.metric)) state.metric = metrics.includes('revenue_minor') ? 'revenue_minor' : metrics[0] || null;
  const select = $('#metric');
  select.replaceChildren(...metrics.map((m) => new Option(metricLabel(m), m, false, m === state.metric)));
}

function cells(row, values, classes = []) {
  values.forEach((v, i) => {
    const td = row.insertCell();
    td.textContent = v;
    if (classes[i]) td.className = classes[i];
  });
}

function render() {
  applyTexts();
  const st = state.status;
  const m = state.metric;
  $('#summary').textContent = `${st.workdays.elapsed} ${t('of')} ${st.workdays.total} ${t('workdays')}` +
    (state.note ? ` · ${t(state.note)}` : '');
  const body = $('#managers tbody');
  body.replaceChildren();
  for (const s of st.managers) {
    const fig = s.metrics[m] || {};
    const user = state.users.get(s.id);
    const team = user && user.team_id ? state.teams.get(user.team_id) : null;
    const row = body.insertRow();
    row.dataset.id = s.id;
    row.dataset.status = s.status;
    if (s.id === state.trendId) row.classList.add('selected');
    // The row is marked by the manager's overall status (the worst of their metrics); the cell is this metric's.
    const metricStatus = fig.status || 'no_target';
    cells(row, [user ? user.name : s.id, team ? team.name : t('none'), formatValue(m, fig.target), formatValue(m, fig.actual),
      formatValue(m, fig.forecast), formatValue(m, fig.required_daily), statusLabel(metricStatus)],
    [null, null, null, null, null, null, `status-${metricStatus}`]);
    const behind = Object.entries(s.metrics).filter(([, f]) => f.status === 'lagging').map(([k]) => metricLabel(k));
    row.cells[0].title = behind.length ? `${statusLabel('lagging')}: ${behind.join(', ')}` : statusLabel(s.status);
    row.addEventListener('click', () => showTrend(s.id));
  }
  const teams = $('#teams tbody');
  teams.replaceChildren();
  const groups = [...st.teams.map((s) => [state.teams.get(s.id) ? state.teams.get(s.id).name : s.id, s])];
  if (st.org) groups.push([t('organisation'), st.org]);
  for (const [name, s] of groups) {
    const fig = s.metrics[m] || {};
    const metricStatus = fig.status || 'no_target';
    cells(teams.insertRow(), [name, formatValue(m, fig.target), formatValue(m, fig.actual), formatValue(m, fig.forecast),
      formatValue(m, fig.required_daily), statusLabel(metricStatus)], [null, null, null, null, null, `status-${metricStatus}`]);
  }
  drawPlanChart();
}

function chartWidth(el) { return Math.max(320, el.clientWidth || 800); }

// A value axis wide enough for millions, in short form (1,2 млн / 1.2M).
function valueAxis() {
  const format = new Intl.NumberFormat(state.lang === 'ru' ? 'ru-RU' : 'en-GB', { notation: 'compact', maximumFractionDigits: 1 });
  return { size: 70, values: (u, ticks) => ticks.map((v) => format.format(v)) };
}

function drawPlanChart() {
  const el = $('#plan-chart');
  if (state.charts.plan) state.charts.plan.destroy();
  const m = state.metric;
  const subjects = state.status.managers;
  const names = subjects.map((s) => (state.users.get(s.id) || { name: s.id }).name);
  const xs = subjects.map((_, i) => i);
  const pick = (key) => subjects.map((s) => (s.metrics[m] ? s.metrics[m][key] : null));
  const scale = m === 'revenue_minor' ? 100 : 1;
  const scaled = (arr) => arr.map((v) => (v === null || v === undefined ? null : v / scale));
  state.charts.plan = new uPlot({
    width: chartWidth(el), height: 260,
    scales: { x: { time: false, range: [-0.6, Math.max(0.6, subjects.length - 0.4)] } },
    axes: [{ splits: () => xs, values: (u, ticks) => ticks.map((i) => names[i] || '') }, valueAxis()],
    series: [
      { label: t('manager'), value: (u, i) => (i === null ? '—' : names[i] || '—') },
      { label: t('actual'), stroke: '#1f3b57', fill: '#1f3b5799', paths: uPlot.paths.bars({ size: [0.5, 80] }), points: { show: false } },
      { label: t('target'), stroke: '#2e7d32', width: 0, points: { show: true, size: 10, fill: '#2e7d32' } },
      { label: t('forecast'), stroke: '#ef6c00', width: 0, points: { show: true, size: 8, fill: '#ef6c00' } }
    ]
  }, [xs, scaled(pick('actual')), scaled(pick('target')), scaled(pick('forecast'))], el);
}

async function renderAlerts() {
  const page = await api('/v1/alerts?status=open&sort=-severity&limit=20');
  const list = $('#alerts');
  list.replaceChildren(...page.items.map((a) => {
    const li = document.createElement('li');
    li.textContent = a.message;
    li.className = a.severity;
    return li;
  }));
  if (!page.items.length) {
    const li = document.createElement('li');
    li.textContent = t('no_alerts');
    list.append(li);
  }
}

async function showTrend(id) {
  state.trendId = id;
  for (const row of document.querySelectorAll('#managers tbody tr')) row.classList.toggle('selected', row.dataset.id === id);
  const user = state.users.get(id);
  $('#trend-name').textContent = `${user ? user.name : id} — ${metricLabel(state.metric)}`;
  const period = state.status.period;
  const last = new Date(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0).getDate();
  const series = await api(`/v1/kpi?subject_type=manager&subject_id=${id}&from=${period}-01&to=${period}-${String(last).padStart(2, '0')}&granularity=day`);
  const m = state.metric;
  const scale = m === 'revenue_minor' ? 100 : 1;
  const xs = series.items.map((b) => Date.parse(`${b.start}T12:00:00Z`) / 1000);
  const daily = series.items.map((b) => (b.metrics[m] === undefined ? null : b.metrics[m] / scale));
  let sum = 0;
  const cumulative = daily.map((v) => (sum += v || 0));
  const el = $('#trend-chart');
  if (state.charts.trend) state.charts.trend.destroy();
  state.charts.trend = new uPlot({
    width: chartWidth(el), height: 260,
    axes: [{}, valueAxis()],
    series: [
      { label: t('period') },
      { label: t('daily'), stroke: '#1f3b57', fill: '#1f3b5766', paths: uPlot.paths.bars({ size: [0.6, 30] }), points: { show: false } },
      { label: t('cumulative'), stroke: '#ef6c00', width: 2 }
    ]
  }, [xs, daily, cumulative], el);
}

async function setLanguage(lang) {
  state.lang = lang;
  localStorage.setItem('salesctl.lang', lang);
  applyTexts();
  if (state.status) {
    chooseMetric();
    render();
    await renderAlerts();
    if (state.trendId) await showTrend(state.trendId);
  }
}

document.addEventListener('DOMContentLoaded', async () => {
  applyTexts();
  $('#signin-form').addEventListener('submit', signIn);
  $('#signout').addEventListener('click', signOut);
  $('#period').addEventListener('change', async (e) => {
    if (!e.target.value) return;
    await loadStatus(e.target.value);
    chooseMetric();
    render();
    if (state.trendId) await showTrend(state.trendId);
  });
  $('#metric').addEventListener('change', async (e) => {
    state.metric = e.target.value;
    render();
    if (state.trendId) await showTrend(state.trendId);
  });
  for (const b of document.querySelectorAll('nav button')) b.addEventListener('click', () => setLanguage(b.dataset.lang));
  if (state.token) {
    try {
      await showDashboard();
    } catch (err) {
      if (err.status === 401) await signOut(); else throw err;
    }
  }
});
