// @ts-check
// The MCP playground: pick a route, paste a token, list the tools that token may see, call one with a form made from
// its input schema. Requests go to the admin address's relay (/playground/mcp?route=KEY), which forwards them to the
// route's listener on loopback: same origin for the page, and the route's own policies for the call. The token lives in
// the password field only: never stored, never sent anywhere but with these requests.

import { getJson } from './api.js';
import { byId, h, json, replace, status } from './dom.js';
import { McpClient } from './mcp-client.js';
import { buildForm } from './schema-form.js';

/** @type {McpClient | null} */
let client = null;
/** @type {{ read: () => { args: Record<string, unknown>, errors: string[] } } | null} */
let form = null;
/** @type {any} */
let selectedTool = null;

export async function loadRoutes() {
  const select = /** @type {HTMLSelectElement} */ (byId('mcp-route'));
  const previous = select.value;
  try {
    const data = await getJson('/routes');
    // MCP routes with a fixed path (a route with other backends has no MCP targets).
    // HTTPS listeners are not relayed (the relay neither presents client certificates nor trusts the listener's own).
    const usable = data.routes.filter((/** @type {any} */ r) => r.url && r.targets.length > 0 && !r.tls);
    replace(select, usable.length
      ? usable.map((/** @type {any} */ r) => h('option', { value: r.key, selected: r.key === previous },
        `${r.key} — ${r.url}${r.authenticated ? '  (token required)' : ''}`))
      : h('option', { value: '' }, 'no route with a fixed path'));
  } catch (error) {
    replace(select, h('option', { value: '' }, String(error)));
  }
}

async function connect() {
  const statusLine = byId('mcp-status');
  const button = /** @type {HTMLButtonElement} */ (byId('mcp-list'));
  const route = /** @type {HTMLSelectElement} */ (byId('mcp-route')).value;
  const token = /** @type {HTMLInputElement} */ (byId('mcp-token')).value.trim().replace(/^bearer\s+/i, '');
  if (!route) {
    status(statusLine, 'Pick a route first.', 'error');
    return;
  }
  await client?.close();
  client = null;
  clearTools();
  button.disabled = true;
  status(statusLine, 'Connecting…');
  try {
    const next = new McpClient(`/playground/mcp?route=${encodeURIComponent(route)}`, token);
    await next.connect();
    const tools = await next.listTools();
    client = next;
    const server = next.serverInfo ? `${next.serverInfo.name ?? 'server'} ${next.serverInfo.version ?? ''}`.trim() : 'server';
    status(statusLine, `Connected to ${server} · protocol ${next.protocolVersion}${next.sessionId ? ` · session ${next.sessionId.slice(0, 8)}` : ''}`, 'ok');
    renderTools(tools);
  } catch (error) {
    const e = /** @type {import('./mcp-client.js').McpError} */ (error);
    status(statusLine, e.status === 401
      ? `${e.message}${token ? '' : ' — this route wants a bearer token'}`
      : e.status === 403 ? `${e.message} — the token is valid, but the route's authorization rules refuse it` : e.message, 'error');
  } finally {
    button.disabled = false;
  }
}

function clearTools() {
  replace(byId('mcp-tools'));
  byId('mcp-tool-count').textContent = '';
  byId('mcp-tool-title').textContent = 'Select a tool';
  byId('mcp-tool-description').textContent = '';
  byId('mcp-call').hidden = true;
  byId('mcp-result').hidden = true;
  selectedTool = null;
  form = null;
}

/** @param {any[]} tools */
function renderTools(tools) {
  byId('mcp-tool-count').textContent = `(${tools.length})`;
  const list = byId('mcp-tools');
  replace(list, tools.length === 0
    ? h('li', { class: 'muted' }, 'This token sees no tool on this route.')
    : tools.map(tool => h('li', {},
      h('button', { type: 'button', 'data-tool': tool.name, 'aria-pressed': 'false', onclick: () => selectTool(tool) },
        h('span', { class: 'tool-name' }, tool.name),
        h('span', { class: 'tool-desc', title: tool.description ?? '' }, tool.description ?? '')))));
}

/** @param {any} tool */
function selectTool(tool) {
  selectedTool = tool;
  for (const button of byId('mcp-tools').querySelectorAll('button')) {
    button.setAttribute('aria-pressed', String(button.dataset.tool === tool.name));
  }
  byId('mcp-tool-title').textContent = tool.title ?? tool.name;
  byId('mcp-tool-description').textContent = tool.description ?? '';
  form = buildForm(byId('mcp-form'), tool.inputSchema);
  byId('mcp-call').hidden = false;
  byId('mcp-result').hidden = true;
  status(byId('mcp-call-status'), '');
}

async function call() {
  if (!client || !selectedTool || !form) return;
  const statusLine = byId('mcp-call-status');
  const { args, errors } = form.read();
  if (errors.length) {
    status(statusLine, errors.join('; '), 'error');
    return;
  }
  const button = /** @type {HTMLButtonElement} */ (byId('mcp-call-button'));
  button.disabled = true;
  status(statusLine, 'Calling…');
  const started = performance.now();
  try {
    let events = 0;
    const result = await client.callTool(selectedTool.name, args, message => {
      events++;
      const p = message.params ?? {};
      const text = message.method === 'notifications/progress'
        ? `Progress ${p.progress}${p.total ? `/${p.total}` : ''}${p.message ? ` — ${p.message}` : ''}`
        : `${message.method ?? 'message'} received`;
      status(statusLine, `Calling… ${text}`);
    });
    status(statusLine, `${result.isError ? 'The tool reported an error' : 'Done'} in ${Math.round(performance.now() - started)} ms` +
      (events ? ` (streamed, ${events} notification${events === 1 ? '' : 's'} first)` : ''), result.isError ? 'error' : 'ok');
    renderResult(result);
  } catch (error) {
    status(statusLine, /** @type {Error} */ (error).message, 'error');
    byId('mcp-result').hidden = true;
  } finally {
    button.disabled = false;
  }
}

/** @param {any} result a CallToolResult */
function renderResult(result) {
  const container = byId('mcp-result');
  container.className = `result${result.isError ? ' error' : ''}`;
  const items = (result.content ?? []).map((/** @type {any} */ item) => {
    switch (item.type) {
      case 'text':
        return h('div', { class: 'result-item' }, h('pre', { class: 'result-text' }, item.text));
      case 'image':
        return h('div', { class: 'result-item' }, h('img', { src: `data:${item.mimeType};base64,${item.data}`, alt: 'image returned by the tool' }));
      case 'resource_link':
        return h('div', { class: 'result-item' }, 'resource link ', h('code', {}, item.uri), item.name ? ` (${item.name})` : '');
      default:
        return h('div', { class: 'result-item' }, h('div', { class: 'muted' }, item.type), h('pre', {}, json(item)));
    }
  });
  replace(container,
    h('h2', {}, 'Result'),
    items.length ? items : h('p', { class: 'muted' }, 'No content.'),
    result.structuredContent ? [h('div', { class: 'muted' }, 'structuredContent'), h('pre', {}, json(result.structuredContent))] : null,
    h('details', { class: 'raw' }, h('summary', {}, 'Raw result'), h('pre', {}, json(result))));
  container.hidden = false;
}

/** Decodes the pasted token's payload (in the page; it is not verified) into the CEL playground's claims. */
function claimsToCel() {
  const token = /** @type {HTMLInputElement} */ (byId('mcp-token')).value.trim().replace(/^bearer\s+/i, '');
  const statusLine = byId('mcp-status');
  const payload = token.split('.')[1];
  if (!payload) {
    status(statusLine, 'Paste a JWT first (three dot-separated parts).', 'error');
    return;
  }
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    /** @type {HTMLTextAreaElement} */ (byId('cel-claims')).value = json(claims);
    location.hash = '#cel';
  } catch (error) {
    status(statusLine, `The token's payload is not JSON: ${/** @type {Error} */ (error).message}`, 'error');
  }
}

/** Wires the view's forms. */
export function initMcp() {
  byId('mcp-connect').addEventListener('submit', event => { event.preventDefault(); connect(); });
  byId('mcp-call').addEventListener('submit', event => { event.preventDefault(); call(); });
  byId('mcp-token-claims').addEventListener('click', claimsToCel);
  window.addEventListener('pagehide', () => { client?.close(); });
}
