import type { Stack } from './stack.js';

/** Calls agent-api's admin API of a stack with its admin token: GET without a body, POST with one; throws on a status of 300 or more. */
export function stackAdmin(stack: () => Stack): (path: string, body?: unknown) => Promise<unknown> {
  return async (path, body) => {
    const res = await fetch(`${stack().services['agent-api'].url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${stack().adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
}
