import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * MCP over stdio for desktop clients, as a bridge to a running agent API's `/mcp`: each message
 * from stdin is sent over Streamable HTTP with the user's bearer token, and each answer is written
 * to stdout. The token stays on the user's machine; permissions are applied by the server.
 */
export class McpStdioBridge {
  private readonly stdio = new StdioServerTransport();
  private readonly http: StreamableHTTPClientTransport;

  constructor(baseUrl: string, token: string) {
    this.http = new StreamableHTTPClientTransport(new URL(`${baseUrl.replace(/\/+$/, '')}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
  }

  async start(): Promise<void> {
    this.http.onmessage = (message) => void this.stdio.send(message);
    this.http.onerror = (error) => process.stderr.write(`agent API: ${error.message}\n`);
    this.stdio.onmessage = (message: JSONRPCMessage) => {
      this.http.send(message).catch((error: unknown) => {
        if ('id' in message && message.id !== undefined && 'method' in message) {
          void this.stdio.send({ jsonrpc: '2.0', id: message.id, error: { code: -32000, message: `agent API unreachable or refused: ${error instanceof Error ? error.message : String(error)}` } });
        }
      });
    };
    this.stdio.onclose = () => void this.http.close();
    await this.http.start();
    await this.stdio.start();
  }
}
