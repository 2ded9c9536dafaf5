// @ts-check
// The admin API, from its own origin (relative URLs: the page is served by the admin address at /ui/).

/**
 * GETs a JSON document of the admin API.
 * @param {string} path e.g. "/routes"
 * @returns {Promise<any>}
 */
export async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await errorText(response)}`);
  return response.json();
}

/**
 * POSTs JSON and returns the status and the parsed answer (errors included: the caller shows them).
 * @param {string} path
 * @param {unknown} body
 * @returns {Promise<{status: number, body: any}>}
 */
export async function postJson(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let parsed;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = { error: text }; }
  return { status: response.status, body: parsed };
}

/**
 * The message of an error answer ({"error": "..."} or its text).
 * @param {Response} response
 */
export async function errorText(response) {
  const text = await response.text();
  try { return JSON.parse(text).error ?? text; } catch { return text; }
}
