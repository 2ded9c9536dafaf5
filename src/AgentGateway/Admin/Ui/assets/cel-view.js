// @ts-check
// The CEL playground: POST /cel/evaluate with a rule, claims and headers; shows the value, or the compile error with a
// caret under its position, or the evaluation error (a rule that errors does not match).

import { postJson } from './api.js';
import { byId, h, replace } from './dom.js';

async function evaluate() {
  const result = byId('cel-result');
  const expression = /** @type {HTMLTextAreaElement} */ (byId('cel-expression')).value;
  const environment = /** @type {HTMLSelectElement} */ (byId('cel-environment')).value;
  /** @type {Record<string, unknown>} */
  const body = { expression, environment };
  try {
    const claims = /** @type {HTMLTextAreaElement} */ (byId('cel-claims')).value.trim();
    if (claims) body.claims = JSON.parse(claims);
    const headers = /** @type {HTMLTextAreaElement} */ (byId('cel-headers')).value.trim();
    if (headers) body.request = { headers: JSON.parse(headers) };
  } catch (error) {
    show(result, false, h('div', { class: 'verdict bad' }, 'Invalid JSON'), h('pre', {}, /** @type {Error} */ (error).message));
    return;
  }
  if (environment === 'mcpAuthorization') {
    body.mcp = {
      kind: 'tool',
      name: /** @type {HTMLInputElement} */ (byId('cel-mcp-name')).value,
      target: /** @type {HTMLInputElement} */ (byId('cel-mcp-target')).value,
    };
  }

  const { status, body: answer } = await postJson('/cel/evaluate', body);
  const error = answer?.error;
  if (error && typeof error === 'object') {
    const title = error.kind === 'compile' ? 'Does not compile' : error.kind === 'evaluation' ? 'Evaluation error — the rule does not match' : `Refused (${status})`;
    show(result, false, h('div', { class: 'verdict bad', 'data-verdict': error.kind }, title),
      error.line ? h('div', { class: 'muted' }, `line ${error.line}, column ${error.column}`) : null,
      h('pre', { class: 'error-text' }, error.message));
    return;
  }
  if (!answer || typeof answer.value !== 'string') {
    show(result, false, h('div', { class: 'verdict bad' }, `HTTP ${status}`), h('pre', {}, typeof error === 'string' ? error : JSON.stringify(answer)));
    return;
  }
  show(result, true,
    h('div', { class: `verdict ${answer.matches ? 'ok' : 'bad'}`, 'data-verdict': answer.matches ? 'match' : 'no-match' },
      answer.matches ? 'Matches: the value is true' : 'Does not match: only the boolean true matches'),
    h('div', { class: 'muted' }, `value (${answer.type})`),
    h('pre', { class: 'cel-value' }, answer.value));
}

/**
 * @param {HTMLElement} container
 * @param {boolean} ok
 * @param {...(Node | null)} children
 */
function show(container, ok, ...children) {
  container.className = `result panel${ok ? '' : ' error'}`;
  replace(container, ...children);
  container.hidden = false;
}

function toggleMcp() {
  const mcp = /** @type {HTMLSelectElement} */ (byId('cel-environment')).value === 'mcpAuthorization';
  for (const element of document.querySelectorAll('.mcp-only')) /** @type {HTMLElement} */ (element).hidden = !mcp;
}

/** Wires the view's form. */
export function initCel() {
  const form = byId('cel-form');
  form.addEventListener('submit', event => { event.preventDefault(); evaluate(); });
  form.addEventListener('keydown', event => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); evaluate(); }
  });
  byId('cel-environment').addEventListener('change', toggleMcp);
  toggleMcp();
}
