// @ts-check
// A minimal MCP client over the streamable HTTP transport, as a browser page can run it: POST one JSON-RPC message,
// read the answer as JSON or as an SSE stream, keep Mcp-Session-Id and MCP-Protocol-Version. Enough for the
// playground: initialize → notifications/initialized → tools/list → tools/call → DELETE.

/** The protocol version asked for: one with sessions, which every gateway release serves. */
export const PROTOCOL_VERSION = '2025-11-25';

/** An HTTP or JSON-RPC failure, with what the page shows. */
export class McpError extends Error {
  /**
   * @param {string} message
   * @param {{status?: number, code?: number, data?: unknown, challenge?: string | null}} [details]
   */
  constructor(message, details = {}) {
    super(message);
    this.name = 'McpError';
    this.status = details.status;
    this.code = details.code;
    this.data = details.data;
    this.challenge = details.challenge;
  }
}

export class McpClient {
  /**
   * @param {string} endpoint URL the messages are POSTed to (the admin address's relay)
   * @param {string} token bearer token, or '' for none
   */
  constructor(endpoint, token) {
    this.endpoint = endpoint;
    this.token = token;
    /** @type {string | null} */
    this.sessionId = null;
    /** @type {string | null} */
    this.protocolVersion = null;
    /** @type {any} */
    this.serverInfo = null;
    this.nextId = 1;
  }

  /** Opens the session: initialize, then notifications/initialized. */
  async connect() {
    const result = await this.request('initialize', {
      protocolVersion: PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: 'agentgateway-ui', version: '1.0' },
    });
    this.protocolVersion = result.protocolVersion ?? PROTOCOL_VERSION;
    this.serverInfo = result.serverInfo ?? null;
    await this.notify('notifications/initialized');
    return result;
  }

  /** Every tool, following pagination. */
  async listTools() {
    /** @type {any[]} */
    const tools = [];
    /** @type {string | undefined} */
    let cursor;
    for (let page = 0; page < 50; page++) {
      const result = await this.request('tools/list', cursor ? { cursor } : {});
      tools.push(...(result.tools ?? []));
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return tools;
  }

  /**
   * Calls a tool with a progress token, so a long call streams its progress (as SSE) before the result.
   * @param {string} name
   * @param {Record<string, unknown>} args
   * @param {(message: any) => void} [onMessage] called with each notification that comes before the result
   */
  callTool(name, args, onMessage) {
    return this.request('tools/call', { name, arguments: args, _meta: { progressToken: `ui-${this.nextId}` } }, onMessage);
  }

  /** Ends the session (best effort). */
  async close() {
    if (!this.sessionId) return;
    try {
      await fetch(this.endpoint, { method: 'DELETE', headers: this.headers(false) });
    } catch { /* the page is leaving or the gateway is gone: nothing to do */ }
    this.sessionId = null;
  }

  /**
   * Sends a request and returns its result (throws McpError for an HTTP or JSON-RPC error).
   * @param {string} method
   * @param {Record<string, unknown>} [params]
   * @param {(message: any) => void} [onMessage] called with each other message of an SSE answer (progress, logging)
   */
  async request(method, params = {}, onMessage = undefined) {
    const id = this.nextId++;
    const response = await this.post({ jsonrpc: '2.0', id, method, params });
    const type = response.headers.get('Content-Type') ?? '';
    /** @type {any} */
    let message;
    if (type.startsWith('text/event-stream')) {
      message = await readSseAnswer(response, id, onMessage ?? (() => {}));
    } else {
      const text = await response.text();
      try { message = JSON.parse(text); } catch { throw new McpError(`the answer to ${method} is not JSON: ${text.slice(0, 200)}`); }
      if (Array.isArray(message)) message = message.find(m => m.id === id);
    }
    if (!message) throw new McpError(`no answer to ${method} in the response`);
    if (message.error) {
      throw new McpError(`${method}: ${message.error.message} (JSON-RPC error ${message.error.code})`, { code: message.error.code, data: message.error.data });
    }
    return message.result;
  }

  /**
   * Sends a notification (no answer expected beyond 202).
   * @param {string} method
   * @param {Record<string, unknown>} [params]
   */
  async notify(method, params) {
    const response = await this.post({ jsonrpc: '2.0', method, ...(params ? { params } : {}) });
    await response.body?.cancel();
  }

  /**
   * @param {unknown} message
   * @returns {Promise<Response>}
   */
  async post(message) {
    const response = await fetch(this.endpoint, { method: 'POST', headers: this.headers(true), body: JSON.stringify(message) });
    const session = response.headers.get('Mcp-Session-Id');
    if (session) this.sessionId = session;
    if (!response.ok) {
      const text = await response.text();
      let detail = text;
      try {
        const body = JSON.parse(text);
        detail = body.error?.message ?? body.error_description ?? body.error ?? text;
      } catch { /* not JSON: keep the text */ }
      throw new McpError(`HTTP ${response.status}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`,
        { status: response.status, challenge: response.headers.get('WWW-Authenticate') });
    }
    return response;
  }

  /** @param {boolean} withBody */
  headers(withBody) {
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json, text/event-stream' };
    if (withBody) headers['Content-Type'] = 'application/json';
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (this.sessionId) headers['Mcp-Session-Id'] = this.sessionId;
    if (this.protocolVersion) headers['MCP-Protocol-Version'] = this.protocolVersion;
    return headers;
  }
}

/**
 * Reads an SSE answer until the JSON-RPC response with this id; notifications and server requests before it go to
 * `onMessage` (the playground shows progress; it answers no server request).
 * @param {Response} response
 * @param {number} id
 * @param {(message: any) => void} onMessage
 */
async function readSseAnswer(response, id, onMessage) {
  if (!response.body) return null;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (value) buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message = parseEvent(event);
        if (message && message.id === id && ('result' in message || 'error' in message)) return message;
        if (message) onMessage(message);
      }
      if (done) return buffer ? parseEvent(buffer) : null;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/**
 * The JSON of one SSE event's data lines, or null (comments, empty events, non-JSON data).
 * @param {string} event
 */
export function parseEvent(event) {
  const data = event.split('\n').filter(line => line.startsWith('data:')).map(line => line.slice(line.startsWith('data: ') ? 6 : 5)).join('\n');
  if (!data) return null;
  try { return JSON.parse(data); } catch { return null; }
}
