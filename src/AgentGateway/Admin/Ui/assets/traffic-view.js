// @ts-check
// Live sessions (GET /sessions) and recent requests (GET /requests), refreshed every 2 s while the view is shown.

import { getJson } from './api.js';
import { byId, h, replace } from './dom.js';

/** @type {number | undefined} */
let timer;

export async function loadTraffic() {
  await Promise.all([loadSessions(), loadRequests()]);
}

async function loadSessions() {
  const table = byId('sessions-table');
  try {
    const data = await getJson('/sessions');
    byId('sessions-count').textContent = `${data.count} client session${data.count === 1 ? '' : 's'}`;
    const rows = data.sessions.map((/** @type {any} */ s) => h('tr', {},
      h('td', {}, h('code', {}, s.id)),
      h('td', {}, s.kind),
      h('td', {}, s.route),
      h('td', {}, s.owner),
      h('td', {}, s.protocolVersion),
      h('td', { class: 'num' }, s.idleSeconds.toFixed(1)),
      h('td', {}, s.busy ? badge('busy', 'warn') : 'idle'),
      h('td', {}, s.targets.map((/** @type {any} */ t, /** @type {number} */ i) => [i > 0 ? ', ' : null,
        h('span', { title: t.pid ? `process ${t.pid}` : '' }, badge(t.name, t.alive ? 'ok' : 'bad')), t.pid ? h('span', { class: 'muted' }, ` pid ${t.pid}`) : null]))));
    replace(table, head(['session', 'kind', 'route', 'owner', 'protocol', 'idle s', 'state', 'targets']),
      h('tbody', {}, rows.length ? rows : emptyRow(8, 'No live session.')));
  } catch (error) {
    replace(table, h('tbody', {}, emptyRow(8, String(error))));
  }
}

async function loadRequests() {
  const table = byId('requests-table');
  try {
    const data = await getJson('/requests');
    const errorsOnly = /** @type {HTMLInputElement} */ (byId('requests-errors')).checked;
    const requests = data.requests.filter((/** @type {any} */ r) => !errorsOnly || r.status >= 400);
    byId('requests-count').textContent = `last ${data.requests.length} of ${data.total} (keeps ${data.capacity})`;
    const rows = requests.map((/** @type {any} */ r) => h('tr', {},
      h('td', { title: r.time }, new Date(r.time).toLocaleTimeString([], { hour12: false }) + `.${String(new Date(r.time).getMilliseconds()).padStart(3, '0')}`),
      h('td', {}, r.route),
      h('td', {}, r.method),
      h('td', { class: 'path', title: r.path }, r.path),
      h('td', {}, badge(String(r.status), r.status >= 500 ? 'bad' : r.status >= 400 ? 'warn' : 'ok')),
      h('td', {}, r.reason),
      h('td', { class: 'num' }, r.durationMs.toFixed(1)),
      h('td', {}, r.mcpMethod ?? ''),
      h('td', {}, r.mcpTarget ?? ''),
      h('td', {}, r.mcpName ?? ''),
      h('td', {}, r.subject ?? ''),
      h('td', {}, r.session ? h('code', {}, r.session) : '')));
    replace(table, head(['time', 'route', 'method', 'path', 'status', 'reason', 'ms', 'mcp method', 'target', 'tool / name', 'subject', 'session']),
      h('tbody', {}, rows.length ? rows : emptyRow(12, 'No request yet.')));
  } catch (error) {
    replace(table, h('tbody', {}, emptyRow(12, String(error))));
  }
}

/** @param {string[]} names */
function head(names) {
  return h('thead', {}, h('tr', {}, names.map(n => h('th', {}, n))));
}

/**
 * @param {number} columns
 * @param {string} text
 */
function emptyRow(columns, text) {
  return h('tr', {}, h('td', { class: 'empty', colspan: columns }, text));
}

/**
 * @param {string} text
 * @param {'ok' | 'warn' | 'bad'} tone
 */
function badge(text, tone) {
  return h('span', { class: `badge ${tone}` }, text);
}

/**
 * Starts or stops the periodic refresh.
 * @param {boolean} visible whether the view is shown
 */
export function autoRefresh(visible) {
  clearInterval(timer);
  timer = undefined;
  if (visible && /** @type {HTMLInputElement} */ (byId('traffic-auto')).checked) {
    timer = window.setInterval(() => { if (!document.hidden) loadTraffic(); }, 2000);
  }
}

/** Wires the view's controls. */
export function initTraffic() {
  byId('traffic-reload').addEventListener('click', () => { loadTraffic(); });
  byId('traffic-auto').addEventListener('change', () => autoRefresh(true));
  byId('requests-errors').addEventListener('change', () => { loadRequests(); });
}
