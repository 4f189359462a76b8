import { loadConfig } from '@gong-connector/platform';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { McpStdioBridge } from './mcp-stdio.bridge.js';

/** `npm run mcp:stdio -- --token <token> [--url http://127.0.0.1:8080]`, or AGENT_API_TOKEN / AGENT_API_URL. */
const StdioEnvSchema = z.object({
  AGENT_API_TOKEN: z.string().min(1).optional().describe('Bearer token of the user (secret)'),
  AGENT_API_URL: z.string().regex(/^https?:\/\/\S+$/).default('http://127.0.0.1:8080').describe('Base URL of the agent API'),
});

const env = loadConfig(StdioEnvSchema);
const { values } = parseArgs({ options: { token: { type: 'string' }, url: { type: 'string' } } });
const token = values.token ?? env.AGENT_API_TOKEN;
if (!token) {
  process.stderr.write('Usage: npm run mcp:stdio -- --token <token> [--url http://127.0.0.1:8080] (or set AGENT_API_TOKEN)\n');
  process.exit(2);
}
await new McpStdioBridge(values.url ?? env.AGENT_API_URL, token).start();
