// @ts-check
// The web UI's entry: one page, four views chosen by the URL's hash (#config, #traffic, #mcp, #cel).
// Plain ES modules, used as written (no build step): see README.md beside this file.

import { getJson } from './api.js';
import { byId } from './dom.js';
import { initCel } from './cel-view.js';
import { initConfig, loadConfig } from './config-view.js';
import { initMcp, loadRoutes } from './mcp-view.js';
import { autoRefresh, initTraffic, loadTraffic } from './traffic-view.js';

const VIEWS = ['config', 'traffic', 'mcp', 'cel'];

/** Shows the view named by the hash and loads its data. */
function route() {
  const name = VIEWS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'config';
  for (const view of VIEWS) byId(`view-${view}`).hidden = view !== name;
  for (const link of document.querySelectorAll('.tabs a')) {
    if (/** @type {HTMLElement} */ (link).dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  autoRefresh(name === 'traffic');
  if (name === 'config') loadConfig();
  if (name === 'traffic') loadTraffic();
  if (name === 'mcp') loadRoutes();
}

async function loadMeta() {
  try {
    const index = await getJson('/');
    byId('meta').textContent = `agentgateway ${index.version} · admin ${location.host}`;
  } catch {
    byId('meta').textContent = 'admin API unreachable';
  }
}

initConfig();
initTraffic();
initMcp();
initCel();
window.addEventListener('hashchange', route);
route();
loadMeta();
