#!/usr/bin/env node
// The MCP stdio bridge for desktop clients: see apps/agent-api/src/mcp/mcp-stdio.bridge.ts.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('@swc-node/register/esm', pathToFileURL('./'));
await import('../src/mcp/stdio-main.ts');
