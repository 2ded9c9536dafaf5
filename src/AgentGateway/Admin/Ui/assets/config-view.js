// @ts-check
// The configuration in force as a tree: binds → listeners → routes → backends → targets, each with its policies.
// Data: GET /routes (binds normalized as the gateway serves them, with the route keys and URLs) and GET /config_dump
// (the process settings, shown raw). Both are redacted by the gateway.

import { getJson } from './api.js';
import { byId, h, json, replace } from './dom.js';

/** Keys rendered as the tree's structure rather than as properties. */
const STRUCTURE = new Set(['listeners', 'routes', 'backends', 'targets', 'policies', 'name']);

export async function loadConfig() {
  const tree = byId('config-tree');
  try {
    const [routes, dump] = await Promise.all([getJson('/routes'), getJson('/config_dump')]);
    /** @type {Map<string, any>} */
    const byKey = new Map(routes.routes.map((/** @type {any} */ r) => [r.key, r]));
    byId('config-revision').textContent = `revision ${routes.revision}`;
    replace(tree, routes.binds.length === 0
      ? h('p', { class: 'muted' }, 'No binds: the configuration serves nothing.')
      : routes.binds.map((/** @type {any} */ bind) => renderBind(bind, byKey)));
    byId('config-raw').textContent = json(dump);
  } catch (error) {
    replace(tree, h('p', { class: 'status error' }, String(error)));
  }
}

/**
 * @param {any} bind
 * @param {Map<string, any>} byKey
 */
function renderBind(bind, byKey) {
  const listeners = bind.listeners ?? [];
  return node('bind', `:${bind.port}`, [tag(`${listeners.length} listener${listeners.length === 1 ? '' : 's'}`)],
    [props(bind, ['port']), ...listeners.map((/** @type {any} */ l, /** @type {number} */ i) => renderListener(l, i, bind.port, byKey))],
    true, 'bind');
}

/**
 * @param {any} listener
 * @param {number} index
 * @param {number} port
 * @param {Map<string, any>} byKey
 */
function renderListener(listener, index, port, byKey) {
  const name = listener.name ?? `listener${index}`;
  const routes = listener.routes ?? [];
  return node('listener', name,
    [tag(listener.hostname ? `host ${listener.hostname}` : 'any host'), listener.protocol ? tag(String(listener.protocol)) : null, ...policyTags(listener.policies)],
    [props(listener, ['hostname', 'protocol']), policies(listener.policies),
      ...routes.map((/** @type {any} */ r, /** @type {number} */ i) => renderRoute(r, i, byKey.get(`${port}/${name}/${r.name ?? `route${i}`}`)))],
    true, 'listener');
}

/**
 * @param {any} route
 * @param {number} index
 * @param {any} info the /routes entry of this route
 */
function renderRoute(route, index, info) {
  const matches = (route.matches ?? []).map(describeMatch);
  return node('route', route.name ?? `route${index}`,
    [...(matches.length ? matches : ['every path']).map(tag), ...(route.hostnames ?? []).map((/** @type {string} */ n) => tag(`host ${n}`)),
      info?.authenticated ? tag('token required', 'policy') : null, ...policyTags(route.policies)],
    [info?.url ? h('div', { class: 'props' }, h('dt', {}, 'endpoint'), h('dd', {}, h('code', {}, info.url)), h('dt', {}, 'key'), h('dd', {}, h('code', {}, info.key))) : null,
      props(route, ['matches', 'hostnames']), policies(route.policies),
      ...(route.backends ?? []).map(renderBackend)],
    true, 'route');
}

/** @param {any} match */
function describeMatch(match) {
  const parts = [];
  const path = match.path ?? {};
  if (path.exact) parts.push(`path = ${path.exact}`);
  if (path.pathPrefix) parts.push(`prefix ${path.pathPrefix}`);
  if (path.regex) parts.push(`regex ${path.regex}`);
  if (match.method) parts.push(match.method);
  for (const header of match.headers ?? []) parts.push(`header ${header.name}`);
  return parts.join(' ') || 'every path';
}

/**
 * @param {any} backend
 * @param {number} index
 */
function renderBackend(backend, index) {
  if (backend.mcp) {
    const mcp = backend.mcp;
    const targets = mcp.targets ?? [];
    return node('backend', 'mcp',
      [tag(`${targets.length} target${targets.length === 1 ? '' : 's'}`), ...['statefulMode', 'prefixMode', 'failureMode'].filter(k => mcp[k] !== undefined).map(k => tag(`${k} ${mcp[k]}`)),
        ...policyTags(backend.policies)],
      [props(mcp, ['targets', 'statefulMode', 'prefixMode', 'failureMode']), props(backend, ['mcp']), policies(backend.policies), ...targets.map(renderTarget)],
      true, 'backend');
  }

  return node('backend', backend.host ?? `backend${index}`, policyTags(backend.policies), [props(backend, []), policies(backend.policies)], true, 'backend');
}

/** @param {any} target */
function renderTarget(target) {
  const kind = target.stdio ? 'stdio' : target.mcp ? 'streamable HTTP' : target.sse ? 'SSE' : 'target';
  const summary = target.stdio
    ? [target.stdio.cmd, ...(target.stdio.args ?? [])].join(' ')
    : (target.mcp ?? target.sse)?.host ?? '';
  return node('target', target.name, [tag(kind), ...policyTags(target.policies)],
    [h('div', { class: 'props' }, h('dt', {}, kind === 'stdio' ? 'command' : 'address'), h('dd', {}, h('code', {}, summary))),
      props(target.stdio ?? target.mcp ?? target.sse ?? {}, ['cmd', 'args', 'host']), props(target, ['stdio', 'mcp', 'sse']), policies(target.policies)],
    true, 'target');
}

/**
 * A tree node: a <details> whose summary reads "KIND name tags…".
 * @param {string} kind
 * @param {string} name
 * @param {(Node | null)[]} tags
 * @param {(Node | null)[]} body
 * @param {boolean} open
 * @param {string} testId
 */
function node(kind, name, tags, body, open, testId) {
  return h('details', { open, 'data-node': testId, 'data-name': name },
    h('summary', {}, h('span', { class: 'kind' }, kind), h('span', { class: 'name' }, name), tags),
    body);
}

/**
 * @param {string} text
 * @param {string} [tone]
 */
function tag(text, tone = '') {
  return h('span', { class: `tag ${tone}`.trim() }, text);
}

/** @param {any} policies */
function policyTags(policies) {
  return policies ? Object.keys(policies).map(name => tag(name, 'policy')) : [];
}

/** @param {any} policies */
function policies(policies) {
  if (!policies || Object.keys(policies).length === 0) return null;
  return h('div', { class: 'policies' }, Object.entries(policies).map(([name, policy]) =>
    h('div', { class: 'policy-block', 'data-policy': name }, h('div', { class: 'policy-name' }, name), value(policy))));
}

/**
 * The keys of an object not shown elsewhere, as a definition list (null when none are left).
 * @param {any} object
 * @param {string[]} skip
 */
function props(object, skip) {
  const entries = Object.entries(object ?? {}).filter(([k, v]) => !STRUCTURE.has(k) && !skip.includes(k) && !isEmpty(v));
  if (entries.length === 0) return null;
  return h('dl', { class: 'props' }, entries.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, value(v))]));
}

/**
 * Any JSON value, readably: scalars as code, lists of scalars inline, objects as nested definition lists.
 * @param {unknown} v
 * @returns {Node}
 */
function value(v) {
  if (v === null || typeof v !== 'object') return h('code', {}, String(v));
  if (Array.isArray(v)) {
    if (v.every(item => item === null || typeof item !== 'object')) {
      return h('span', {}, v.map((item, i) => [i > 0 ? ' ' : null, h('code', {}, String(item))]));
    }
    return h('div', {}, v.map(item => h('div', { class: 'policy-block' }, value(item))));
  }
  const entries = Object.entries(v).filter(([, x]) => !isEmpty(x));
  return h('dl', { class: 'props' }, entries.flatMap(([k, x]) => [h('dt', {}, k), h('dd', {}, value(x))]));
}

/** @param {unknown} v */
function isEmpty(v) {
  return v === undefined || (Array.isArray(v) && v.length === 0) || (v !== null && typeof v === 'object' && Object.keys(v).length === 0);
}

/** Wires the view's buttons. */
export function initConfig() {
  byId('config-reload').addEventListener('click', () => { loadConfig(); });
}
