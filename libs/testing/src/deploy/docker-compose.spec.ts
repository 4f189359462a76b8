import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadAppConfigSchemas } from '../docs/config-reference.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

type ComposeService = { environment?: Record<string, string>; ports?: string[]; depends_on?: Record<string, unknown> | string[]; image?: string };

describe('docker-compose.yml', () => {
  // `yaml` resolves anchors and merge keys (`<<`) like Compose does.
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
  const services = Object.entries(compose.services);
  const ours = services.filter(([, s]) => s.environment?.SERVICE);

  it('names only services that exist in apps/, and runs every one of them', () => {
    for (const [, s] of ours) expect(existsSync(join(root, 'apps', s.environment!.SERVICE!, 'src', 'main.ts'))).toBe(true);
    const named = ours.map(([, s]) => s.environment!.SERVICE).sort();
    expect(named).toEqual(['access', 'agent-api', 'gong-sim', 'ingest', 'quota-broker', 'transcript-processor']);
    for (const infra of ['nats', 'postgres', 'elasticsearch', 'prometheus', 'grafana']) expect(compose.services[infra]).toBeDefined();
  });

  it('publishes no host port twice', () => {
    const hostPorts = services.flatMap(([, s]) => (s.ports ?? []).map((p) => String(p).split(':')[0]));
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('starts services only after what they depend on is healthy, and every dependency exists', () => {
    for (const [name, s] of services) {
      const deps = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
      for (const d of deps) expect([name, compose.services[d] ? 'exists' : 'missing']).toEqual([name, 'exists']);
    }
  });

  it("gives each service an environment that satisfies that service's config schema", async () => {
    const schemas = await loadAppConfigSchemas(root);
    for (const [, s] of ours) {
      const schema = schemas.get(s.environment!.SERVICE!);
      expect([s.environment!.SERVICE, schema ? 'has a config schema' : 'none']).toEqual([s.environment!.SERVICE, 'has a config schema']);
      const env = Object.fromEntries(Object.entries(s.environment!).filter(([k]) => k in schema!.shape));
      const result = schema!.safeParse(env);
      expect([s.environment!.SERVICE, result.success ? 'valid' : result.error.issues]).toEqual([s.environment!.SERVICE, 'valid']);
    }
  });
});
