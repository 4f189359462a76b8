/** JSON-RPC "invalid params". */
export const INVALID_PARAMS = -32602;

export interface McpInvalidParams {
  jsonrpc: '2.0';
  id: string | number | null;
  error: { code: typeof INVALID_PARAMS; message: string; data: { path: string } };
}

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? 'a string' : `a ${typeof v}`);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The shape of MCP `tools/call` requests, checked before the MCP server sees them: `params` must be an
 * object with a string `name` and, when present, `arguments` a JSON object. The SDK refuses other
 * shapes with a raw schema dump (or an internal error); this answers JSON-RPC -32602 (invalid
 * params) with a sentence naming what to fix. Other methods pass.
 */
export function checkMcpToolCallShape(body: unknown): McpInvalidParams | undefined {
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  for (const message of messages) {
    if (!isObject(message) || message.method !== 'tools/call') continue;
    const id = typeof message.id === 'string' || typeof message.id === 'number' ? message.id : null;
    const refuse = (path: string, message: string): McpInvalidParams => ({ jsonrpc: '2.0', id, error: { code: INVALID_PARAMS, message: `Invalid params: ${message}`, data: { path } } });
    const params = message.params;
    if (!isObject(params)) return refuse('params', `params must be an object like {"name": "search_calls", "arguments": {...}}, not ${kindOf(params)}`);
    if (typeof params.name !== 'string' || params.name === '') return refuse('params.name', `params.name must be the tool's name (a string), not ${kindOf(params.name)}`);
    if (params.arguments !== undefined && !isObject(params.arguments)) {
      return refuse('params.arguments', `params.arguments must be a JSON object of the tool's arguments (like {"q": "pricing"}), not ${kindOf(params.arguments)}`);
    }
  }
  return undefined;
}
