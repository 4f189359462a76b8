import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { overlayDirs, renderKustomization } from './kustomize.renderer.js';
import { NetworkPolicies, podsOf, type Endpoint } from './network-policy.evaluator.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const [devDir, prodDir] = overlayDirs(root) as [string, string];
const DEFAULT_PORTS: Record<string, number> = { 'nats:': 4222, 'postgres:': 5432, 'postgresql:': 5432, 'http:': 80, 'https:': 443 };

type Flow = `${string}->${string}:${number}/${'TCP' | 'UDP'}`;
const flow = (from: string, to: string, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): Flow => `${from}->${to}:${port}/${protocol}`;

/**
 * The connections the compose stack makes, read from docker-compose.yml (every *_URL(S) setting of
 * our services that names another compose service) and deploy/prometheus/prometheus.yml (scrapes).
 */
function composeFlows(): Flow[] {
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, { environment?: Record<string, string> }> };
  const names = new Set(Object.keys(compose.services));
  const flows: Flow[] = [];
  for (const s of Object.values(compose.services)) {
    const self = s.environment?.SERVICE;
    if (!self) continue;
    for (const [key, value] of Object.entries(s.environment ?? {})) {
      if (!/_URLS?$/.test(key)) continue;
      for (const raw of value.split(',')) {
        const url = new URL(raw.trim());
        if (!names.has(url.hostname) || url.hostname === self) continue;
        flows.push(flow(self, url.hostname, url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol]!));
      }
    }
  }
  const prometheus = parse(readFileSync(join(root, 'deploy/prometheus/prometheus.yml'), 'utf8')) as { scrape_configs: { static_configs: { targets: string[] }[] }[] };
  for (const target of prometheus.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets))) {
    const [host, port] = target.split(':');
    flows.push(flow('prometheus', host!, Number(port)));
  }
  return flows;
}

/** Everything that could talk: our pods, the infrastructure beside them, DNS, Prometheus, the internet. */
function universe(dir: string): { policies: NetworkPolicies; endpoints: Endpoint[]; ports: Map<string, [number, 'TCP' | 'UDP'][]> } {
  const objects = renderKustomization(dir);
  const ours = podsOf(objects);
  const namespace = ours[0]!.pod!.namespace;
  const infra = (name: string, port: number, ns = namespace, labels: Record<string, string> = { 'app.kubernetes.io/name': name }): Endpoint => ({
    name,
    pod: { namespace: ns, labels, ports: { main: port } },
  });
  const endpoints: Endpoint[] = [
    ...ours,
    infra('postgres', 5432),
    infra('nats', 4222),
    infra('elasticsearch', 9200),
    infra('kube-dns', 53, 'kube-system', { 'k8s-app': 'kube-dns' }),
    infra('prometheus', 9090, 'monitoring'),
    { name: 'internet' },
  ];
  const ports = new Map<string, [number, 'TCP' | 'UDP'][]>();
  for (const e of endpoints) ports.set(e.name, Object.values(e.pod?.ports ?? {}).map((p) => [p, 'TCP']));
  ports.get('kube-dns')!.push([53, 'UDP']);
  ports.set('internet', [[443, 'TCP'], [80, 'TCP'], [4010, 'TCP']]);
  return { policies: new NetworkPolicies(objects), endpoints, ports };
}

const services = ['access', 'agent-api', 'ingest', 'quota-broker', 'transcript-processor'];
const dns = (names: string[]): Flow[] => names.flatMap((n) => [flow(n, 'kube-dns', 53, 'UDP'), flow(n, 'kube-dns', 53)]);
/** Flows compose makes implicitly or that only Kubernetes has, each with its reason. */
const beyondCompose: Flow[] = [
  ...dns([...services, 'migrate']), // every pod resolves the names compose's embedded DNS resolves
  flow('migrate', 'postgres', 5432), // the migration job
  flow('ingest', 'quota-broker', 8082), // QUOTA_BROKER_URL (read for backfill ETAs)
];
/** The public edges (compose publishes them): Gong's webhooks into ingest, agents into agent-api, from outside. */
const PUBLIC = new Set(['ingest:8081/TCP', 'agent-api:8080/TCP']);
/** Production talks to Gong itself, over HTTPS, instead of gong-sim. */
const gongHttps: Flow[] = ['access', 'agent-api', 'ingest'].map((n) => flow(n, 'internet', 443));

function check(dir: string, expected: Set<Flow>): { missing: Flow[]; extra: Flow[] } {
  const { policies, endpoints, ports } = universe(dir);
  const missing: Flow[] = [];
  const extra: Flow[] = [];
  for (const from of endpoints) {
    for (const to of endpoints) {
      if (from === to) continue;
      for (const [port, protocol] of ports.get(to.name)!) {
        const f = flow(from.name, to.name, port, protocol);
        // anyone outside our pods (the internet, an ingress controller) reaches the public edges;
        // our own pods' egress stays as narrow as everything else
        if (PUBLIC.has(`${to.name}:${port}/${protocol}`) && from.pod?.labels['app.kubernetes.io/part-of'] !== 'gong-connector') {
          if (!policies.allows(from, to, port, protocol)) missing.push(f);
          continue;
        }
        const allowed = policies.allows(from, to, port, protocol);
        if (expected.has(f) && !allowed) missing.push(f);
        // infrastructure we do not deploy is not isolated by our policies: only flows that start
        // or end at a gong-connector pod are ours to allow or refuse
        const ours = [from, to].some((e) => e.pod?.labels['app.kubernetes.io/part-of'] === 'gong-connector');
        if (!expected.has(f) && allowed && ours) extra.push(f);
      }
    }
  }
  return { missing, extra };
}

describe('NetworkPolicy: default deny, then exactly the flows the services need', () => {
  const compose = composeFlows();

  it('reads the compose stack’s flows (database, NATS, Elasticsearch, gong-sim both ways, scrapes)', () => {
    expect(compose).toEqual(
      expect.arrayContaining([
        flow('ingest', 'postgres', 5432),
        flow('quota-broker', 'nats', 4222),
        flow('transcript-processor', 'elasticsearch', 9200),
        flow('agent-api', 'gong-sim', 4010),
        flow('gong-sim', 'ingest', 8081),
        flow('prometheus', 'access', 8084),
        flow('ingest', 'quota-broker', 8082),
      ]),
    );
  });

  it('dev (gong-sim, like compose): every compose flow is allowed, and nothing else', () => {
    const expected = new Set<Flow>([...compose, ...beyondCompose, ...dns(['gong-sim']), ...gongHttps]);
    expect(check(devDir, expected)).toEqual({ missing: [], extra: [] });
  });

  it('production (Gong over HTTPS, no gong-sim): the same flows with Gong in place of gong-sim, and nothing else', () => {
    const expected = new Set<Flow>([...compose.filter((f) => !f.includes('gong-sim')), ...beyondCompose, ...gongHttps]);
    expect(check(prodDir, expected)).toEqual({ missing: [], extra: [] });
  });

  it('refuses what a compromised pod would try: the transcript processor calling Gong or agent-api, anyone reaching access directly', () => {
    const { policies, endpoints } = universe(prodDir);
    const at = (name: string) => endpoints.find((e) => e.name === name)!;
    expect(policies.allows(at('transcript-processor'), at('internet'), 443)).toBe(false);
    expect(policies.allows(at('transcript-processor'), at('agent-api'), 8080)).toBe(false);
    expect(policies.allows(at('internet'), at('access'), 8084)).toBe(false);
    expect(policies.allows(at('quota-broker'), at('internet'), 443)).toBe(false);
    expect(policies.allows(at('migrate'), at('nats'), 4222)).toBe(false);
  });
});
