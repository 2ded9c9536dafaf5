// @ts-check
// Small DOM helpers. Every piece of data goes in as text (textContent), never as HTML: configuration values, tool
// results and error messages cannot inject markup. The page's Content-Security-Policy forbids inline script anyway.

/**
 * What an element can be given as content: text, nodes, or lists of them; null, undefined and false are skipped.
 * @typedef {Node | string | number | null | undefined | false | ChildList} Child
 */

/** @typedef {Array<Child>} ChildList */

/**
 * Creates an element.
 * @param {string} tag
 * @param {Record<string, string | boolean | number | EventListener | undefined | null>} [attributes] `class`, `on<event>`, or attributes
 * @param {...Child} children text or nodes; null/false skipped
 * @returns {HTMLElement}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = String(value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

/**
 * @param {Node} parent
 * @param {Child[]} children
 */
function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces the children of an element.
 * @param {Element} element
 * @param {...Child} children
 */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/**
 * The element with this id (throws when absent: the page and the scripts ship together).
 * @template {HTMLElement} T
 * @param {string} id
 * @returns {T}
 */
export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return /** @type {T} */ (element);
}

/**
 * Sets a status line: text and a tone.
 * @param {HTMLElement} element
 * @param {string} text
 * @param {'ok' | 'error' | ''} [tone]
 */
export function status(element, text, tone = '') {
  element.textContent = text;
  element.className = `status ${tone}`.trim();
}

/**
 * Pretty JSON.
 * @param {unknown} value
 */
export function json(value) {
  return JSON.stringify(value, null, 2);
}
