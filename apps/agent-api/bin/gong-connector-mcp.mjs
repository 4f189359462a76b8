#!/usr/bin/env node
// gong-connector-mcp: the MCP stdio bridge for desktop clients (see src/mcp/mcp-stdio.bridge.mjs).
// Plain JavaScript importing only the MCP SDK packages, so it starts in a fraction of a second.
//
//   AGENT_API_URL         base URL of the agent API (default http://127.0.0.1:8080)
//   AGENT_API_TOKEN       the user's bearer token, or
//   AGENT_API_TOKEN_FILE  a file holding it (first line)
//
// The token is never taken from the command line, where every user of the machine can read it (ps).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { McpStdioBridge } from '../src/mcp/mcp-stdio.bridge.mjs';

const USAGE =
  'Usage: AGENT_API_TOKEN=<token> gong-connector-mcp [--url http://127.0.0.1:8080]\n' +
  '   or: AGENT_API_TOKEN_FILE=/path/to/token gong-connector-mcp [--url ...]\n';

function fail(message) {
  process.stderr.write(`gong-connector-mcp: ${message}\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({ options: { url: { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean' } }, strict: true }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (values.token !== undefined) {
  fail('--token is refused: a command line is visible to every user of this machine (ps, /proc). Put the token in AGENT_API_TOKEN, or in a file named by AGENT_API_TOKEN_FILE.');
}

let token = process.env.AGENT_API_TOKEN?.trim();
const tokenFile = process.env.AGENT_API_TOKEN_FILE?.trim();
if (!token && tokenFile) {
  try {
    token = readFileSync(tokenFile, 'utf8').split(/\r?\n/)[0].trim();
  } catch (error) {
    fail(`cannot read AGENT_API_TOKEN_FILE (${tokenFile}): ${error instanceof Error && 'code' in error ? error.code : 'unreadable'}`);
  }
  if (!token) fail(`AGENT_API_TOKEN_FILE (${tokenFile}) is empty`);
}
if (!token) fail('no token: set AGENT_API_TOKEN, or AGENT_API_TOKEN_FILE to a file holding it.');

const url = values.url ?? process.env.AGENT_API_URL ?? 'http://127.0.0.1:8080';
if (!/^https?:\/\/\S+$/.test(url)) fail(`the agent API URL must be http(s)://..., got ${JSON.stringify(url)}`);

const bridge = new McpStdioBridge(url, token, { onClosed: () => process.exit(0) });
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.once(signal, () => void bridge.close());
await bridge.start();
