// The MCP stdio bridge for desktop clients, in plain JavaScript (no TypeScript compiled at start):
// each JSON-RPC message a client writes to stdin is POSTed to a running agent API's /mcp with the
// user's bearer token, and each answer is written to stdout. It speaks whatever revision the client
// speaks (2026-07-28 messages carry their envelope and get their Mcp-Method/Mcp-Name headers from
// the SDK transport; a 2025 client's initialize answer sets the MCP-Protocol-Version header of the
// requests after it). The token stays in this process's memory; permissions are applied by the server.
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';

export class McpStdioBridge {
  /**
   * @param {string} baseUrl base URL of the agent API, e.g. http://127.0.0.1:8080
   * @param {string} token the user's bearer token
   * @param {{ stdin?: import('node:stream').Readable, stdout?: import('node:stream').Writable, onClosed?: () => void }} [options]
   */
  constructor(baseUrl, token, options = {}) {
    this.stdio = new StdioServerTransport(options.stdin ?? process.stdin, options.stdout ?? process.stdout);
    this.http = new StreamableHTTPClientTransport(new URL(`${baseUrl.replace(/\/+$/, '')}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    this.onClosed = options.onClosed ?? (() => {});
    /** Ids of `initialize` requests in flight (their answer names the 2025 revision to send as a header). */
    this.initializing = new Set();
    this.closed = false;
  }

  async start() {
    this.http.onmessage = (message) => {
      if ('id' in message && this.initializing.delete(message.id) && message.result && typeof message.result.protocolVersion === 'string') {
        this.http.setProtocolVersion(message.result.protocolVersion);
      }
      this.stdio.send(message).catch(() => this.close());
    };
    this.http.onerror = (error) => process.stderr.write(`gong-connector-mcp: agent API: ${error.message}\n`);
    this.stdio.onmessage = (message) => {
      if (message.method === 'initialize' && 'id' in message) this.initializing.add(message.id);
      this.http.send(message).catch((error) => {
        if ('id' in message && message.id !== undefined && 'method' in message) {
          const reason = error instanceof Error ? error.message : String(error);
          this.stdio.send({ jsonrpc: '2.0', id: message.id, error: { code: -32000, message: `agent API unreachable or refused: ${reason}` } }).catch(() => {});
        }
      });
    };
    this.stdio.onclose = () => void this.close();
    await this.http.start();
    await this.stdio.start();
  }

  /** Ends the bridge: the client closed stdin, or a signal asked it to stop. */
  async close() {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([this.stdio.close(), this.http.close()]);
    this.onClosed();
  }
}
