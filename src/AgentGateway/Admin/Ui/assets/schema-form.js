// @ts-check
// A form for a tool's JSON input schema: one field per top-level property. string → text (a select for an enum),
// number/integer → number, boolean → checkbox, anything else (objects, arrays, unions) → a JSON text area.

import { h, json, replace } from './dom.js';

/**
 * @typedef {{ name: string, kind: 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'json', required: boolean, input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement }} Field
 */

/**
 * Renders the fields of `schema` into `container`.
 * @param {HTMLElement} container
 * @param {any} schema the tool's inputSchema
 * @returns {{ read: () => { args: Record<string, unknown>, errors: string[] } }}
 */
export function buildForm(container, schema) {
  const properties = schema?.properties ?? {};
  const required = new Set(Array.isArray(schema?.required) ? schema.required : []);
  /** @type {Field[]} */
  const fields = [];
  const rows = [];
  for (const [name, property] of Object.entries(properties)) {
    const field = createField(name, property ?? {}, required.has(name));
    fields.push(field);
    const id = field.input.id;
    rows.push(h('label', { for: id, class: field.required ? 'required' : '' }, name));
    rows.push(field.input);
    const description = property?.description;
    if (description) rows.push(h('div', { class: 'hint' }, description));
  }
  replace(container, rows.length ? rows : h('p', { class: 'muted' }, 'This tool takes no arguments.'));
  return { read: () => read(fields) };
}

/**
 * @param {string} name
 * @param {any} property
 * @param {boolean} isRequired
 * @returns {Field}
 */
function createField(name, property, isRequired) {
  const id = `arg-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const type = Array.isArray(property.type) ? property.type.find((/** @type {string} */ t) => t !== 'null') : property.type;
  if (Array.isArray(property.enum) && property.enum.every((/** @type {unknown} */ v) => typeof v === 'string')) {
    const select = /** @type {HTMLSelectElement} */ (h('select', { id, name },
      isRequired ? null : h('option', { value: '' }, '—'),
      property.enum.map((/** @type {string} */ v) => h('option', { value: v, selected: v === property.default }, v))));
    return { name, kind: 'enum', required: isRequired, input: select };
  }
  if (type === 'string') {
    const input = /** @type {HTMLInputElement} */ (h('input', { id, name, type: 'text', spellcheck: 'false', placeholder: property.default ?? '' }));
    return { name, kind: 'string', required: isRequired, input };
  }
  if (type === 'number' || type === 'integer') {
    const input = /** @type {HTMLInputElement} */ (h('input', {
      id, name, type: 'number', step: type === 'integer' ? '1' : 'any',
      min: property.minimum, max: property.maximum, placeholder: property.default === undefined ? '' : String(property.default),
    }));
    return { name, kind: type, required: isRequired, input };
  }
  if (type === 'boolean') {
    const input = /** @type {HTMLInputElement} */ (h('input', { id, name, type: 'checkbox', checked: property.default === true }));
    return { name, kind: 'boolean', required: isRequired, input };
  }
  const example = property.default !== undefined ? json(property.default) : type === 'array' ? '[]' : '{}';
  const area = /** @type {HTMLTextAreaElement} */ (h('textarea', { id, name, rows: 3, class: 'code', spellcheck: 'false', placeholder: `${example}  (JSON)` }));
  return { name, kind: 'json', required: isRequired, input: area };
}

/**
 * The arguments object, or the reasons it cannot be built.
 * @param {Field[]} fields
 */
function read(fields) {
  /** @type {Record<string, unknown>} */
  const args = {};
  /** @type {string[]} */
  const errors = [];
  for (const field of fields) {
    const input = field.input;
    if (field.kind === 'boolean') {
      args[field.name] = /** @type {HTMLInputElement} */ (input).checked;
      continue;
    }
    const text = input.value.trim();
    if (text === '') {
      if (field.required) errors.push(`${field.name} is required`);
      continue;
    }
    switch (field.kind) {
      case 'string':
        args[field.name] = input.value;
        break;
      case 'enum':
        args[field.name] = text;
        break;
      case 'number':
      case 'integer': {
        const number = Number(text);
        if (!Number.isFinite(number) || (field.kind === 'integer' && !Number.isInteger(number))) errors.push(`${field.name} must be ${field.kind === 'integer' ? 'an integer' : 'a number'}`);
        else args[field.name] = number;
        break;
      }
      default:
        try { args[field.name] = JSON.parse(text); } catch (error) { errors.push(`${field.name}: ${/** @type {Error} */ (error).message}`); }
    }
  }
  return { args, errors };
}
