import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

// The rules of the MCP registry's server.json schema (static.modelcontextprotocol.io/schemas/2025-12-11/
// server.schema.json, checked 2026-12-06) for the fields this file uses: ServerDetail (name, title,
// description, version), RemoteTransport (streamable-http, a URL template with its variables,
// headers), Package (registryType oci, identifier, transport, runtime arguments, environment).
const input = z.strictObject({
  description: z.string().optional(),
  isRequired: z.boolean().optional(),
  isSecret: z.boolean().optional(),
  format: z.enum(['string', 'number', 'boolean', 'filepath']).optional(),
  value: z.string().optional(),
  default: z.string().optional(),
  placeholder: z.string().optional(),
  choices: z.array(z.string()).optional(),
});
const keyValue = input.extend({ name: z.string() });
const httpUrlTemplate = z.string().regex(/^https?:\/\/[^\s]+$/);
const versionNotRange = z
  .string()
  .min(1)
  .max(255)
  .refine((v) => v !== 'latest' && !/^[\^~><=]|\.x$|\.\*$/.test(v), 'a specific version, not a range');
const ServerJsonSchema = z.strictObject({
  $schema: z.literal('https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json'),
  name: z.string().min(3).max(200).regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/),
  title: z.string().min(1).max(100).optional(),
  description: z.string().min(1).max(100),
  version: versionNotRange,
  remotes: z.array(
    z.strictObject({
      type: z.enum(['streamable-http', 'sse']),
      url: httpUrlTemplate,
      variables: z.record(z.string(), input).optional(),
      headers: z.array(keyValue).optional(),
    }),
  ),
  packages: z.array(
    z.strictObject({
      registryType: z.enum(['npm', 'pypi', 'nuget', 'oci', 'mcpb']),
      identifier: z.string().min(1),
      version: versionNotRange.optional(),
      runtimeHint: z.string().optional(),
      runtimeArguments: z.array(keyValue.extend({ type: z.enum(['named', 'positional']) })).optional(),
      transport: z.union([z.strictObject({ type: z.literal('stdio') }), z.strictObject({ type: z.enum(['streamable-http', 'sse']), url: httpUrlTemplate, headers: z.array(keyValue).optional() })]),
      environmentVariables: z.array(keyValue).optional(),
    }),
  ),
});

describe('server.json for the MCP registry', () => {
  const text = readFileSync(join(root, 'server.json'), 'utf8');
  const server = ServerJsonSchema.parse(JSON.parse(text));

  it('follows the registry schema, with the version the repository is at', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(server.version).toBe(pkg.version);
  });

  it('names a streamable-http remote at https://{host}/mcp whose template variables are all declared', () => {
    const remote = server.remotes.find((r) => r.type === 'streamable-http')!;
    expect(remote.url).toBe('https://{host}/mcp');
    const used = [...remote.url.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    expect(Object.keys(remote.variables ?? {}).sort()).toEqual(used.sort());
    expect(remote.variables!.host).toMatchObject({ isRequired: true });
    expect(remote.headers?.find((h) => h.name === 'Authorization')).toMatchObject({ isSecret: true });
  });

  it('lists the OCI image at the same version, labelled with this server name as the registry checks', () => {
    const image = server.packages.find((p) => p.registryType === 'oci')!;
    expect(image.identifier).toMatch(new RegExp(`:${server.version.replace(/\./g, '\\.')}$`));
    expect(image.environmentVariables?.find((e) => e.name === 'SERVICE')).toMatchObject({ value: 'agent-api' });
    for (const secret of ['DATABASE_URL', 'AGENT_API_ADMIN_TOKEN']) expect(image.environmentVariables?.find((e) => e.name === secret)).toMatchObject({ isSecret: true });
    const dockerfile = readFileSync(join(root, 'deploy', 'docker', 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`LABEL io.modelcontextprotocol.server.name="${server.name}"`);
  });

  it('refuses what the registry refuses (the check can fail)', () => {
    const ok = JSON.parse(text) as Record<string, unknown>;
    expect(ServerJsonSchema.safeParse({ ...ok, name: 'gong-connector' }).success).toBe(false);
    expect(ServerJsonSchema.safeParse({ ...ok, version: '^0.1.0' }).success).toBe(false);
    expect(ServerJsonSchema.safeParse({ ...ok, description: 'x'.repeat(101) }).success).toBe(false);
    expect(ServerJsonSchema.safeParse({ ...ok, remotes: [{ type: 'websocket', url: 'wss://x/mcp' }] }).success).toBe(false);
  });
});
