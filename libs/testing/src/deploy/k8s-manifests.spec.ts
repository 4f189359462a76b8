import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { containersOf, overlayDirs, renderKustomization, type K8sObject } from './kustomize.renderer.js';
import { promqlErrors, promqlMetricNames } from './promql.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** The Kubernetes schemas (kubernetes-models: OpenAPI schemas of a current Kubernetes release), offline. */
/** A PrometheusRule as the prometheus-operator's CRD (monitoring.coreos.com/v1) defines it. */
const PrometheusRuleSchema = z.object({
  metadata: z.object({ name: z.string() }),
  spec: z.strictObject({
    groups: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          interval: z.string().regex(/^\d+[smh]$/).optional(),
          rules: z
            .array(
              z.union([
                z.strictObject({
                  alert: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
                  expr: z.string().min(1),
                  for: z.string().regex(/^\d+[smh]$/).optional(),
                  labels: z.record(z.string(), z.string()).optional(),
                  annotations: z.record(z.string(), z.string()).optional(),
                }),
                z.strictObject({ record: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/), expr: z.string().min(1), labels: z.record(z.string(), z.string()).optional() }),
              ]),
            )
            .min(1),
        }),
      )
      .min(1),
  }),
});

async function validateAgainstKubernetes(o: K8sObject): Promise<void> {
  if (o.apiVersion === 'monitoring.coreos.com/v1' && o.kind === 'PrometheusRule') {
    PrometheusRuleSchema.parse(o);
    return;
  }
  if (o.apiVersion === 'monitoring.coreos.com/v1') {
    z.object({
      metadata: z.object({ name: z.string() }),
      spec: z.strictObject({
        selector: z.object({ matchLabels: z.record(z.string(), z.string()) }),
        endpoints: z.array(z.strictObject({ port: z.string(), path: z.string(), interval: z.string().regex(/^\d+[smh]$/) })).min(1),
      }),
    }).parse(o);
    return;
  }
  const group = o.apiVersion.includes('/') ? o.apiVersion : `v1`;
  const modulePath = o.apiVersion.includes('/') ? `kubernetes-models/${group}/${o.kind}` : `kubernetes-models/v1/${o.kind}`;
  const mod = (await import(modulePath)) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = mod[o.kind];
  if (!Model) throw new Error(`no schema for ${o.apiVersion} ${o.kind}`);
  new Model(o).validate();
}

describe.each(overlayDirs(root).map((d) => [d.split('/').pop()!, d]))('kustomize overlay %s', (_name, dir) => {
  const objects = renderKustomization(dir);
  const byKind = (kind: string) => objects.filter((o) => o.kind === kind);

  it('renders and every object validates against the Kubernetes schemas', async () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const o of objects) {
      await expect(validateAgainstKubernetes(o).then(() => 'valid')).resolves.toBe('valid');
    }
  });

  it('runs every service with probes on the health endpoints, resources and a restricted security context', () => {
    const names = byKind('Deployment').map((d) => d.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['agent-api', 'ingest', 'quota-broker', 'transcript-processor', 'access']));
    for (const d of byKind('Deployment')) {
      const pod = (d.spec as { template: { spec: Record<string, unknown> } }).template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of containersOf([d])) {
        expect(c).toMatchObject({
          resources: { requests: expect.any(Object), limits: expect.any(Object) },
          readinessProbe: expect.any(Object),
          livenessProbe: expect.any(Object),
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        });
        if (d.metadata.name !== 'gong-sim') {
          expect(c).toMatchObject({ readinessProbe: { httpGet: { path: '/health/ready' } }, livenessProbe: { httpGet: { path: '/health/live' } } });
        }
      }
    }
  });

  it('references secrets and never inlines them; every referenced ConfigMap exists', () => {
    expect(byKind('Secret')).toEqual([]);
    const configMaps = new Set(byKind('ConfigMap').map((c) => c.metadata.name));
    const text = JSON.stringify(objects);
    for (const m of text.matchAll(/"configMapRef":\{"name":"([^"]+)"/g)) expect(configMaps).toContain(m[1]);
    for (const m of text.matchAll(/"secretKeyRef":\{"name":"([^"]+)"/g)) expect(m[1]).toBe('gong-connector-secrets');
  });

  it('has Services, PDBs and HPAs that point at real Deployments, and scrape annotations', () => {
    const deployments = new Set(byKind('Deployment').map((d) => d.metadata.name));
    for (const s of byKind('Service')) expect(deployments).toContain((s.spec as { selector: Record<string, string> }).selector['app.kubernetes.io/name']);
    for (const p of byKind('PodDisruptionBudget')) expect(deployments).toContain((p.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels['app.kubernetes.io/name']);
    expect(byKind('HorizontalPodAutoscaler').map((h) => (h.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name).sort()).toEqual(['agent-api', 'transcript-processor']);
    expect(byKind('ServiceMonitor')).toHaveLength(1);
    const broker = byKind('Deployment').find((d) => d.metadata.name === 'quota-broker')!;
    expect((broker.spec as { replicas: number }).replicas).toBe(2); // one active (Postgres lease), one standby
    for (const d of byKind('Deployment').filter((x) => x.metadata.name !== 'gong-sim')) {
      expect((d.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations['prometheus.io/scrape']).toBe('true');
    }
    for (const o of objects) expect(o.metadata.namespace).toMatch(/^gong-connector/);
  });
});

describe('overlay differences', () => {
  const [dev, prod] = overlayDirs(root).map(renderKustomization);
  const config = (objs: K8sObject[]) => (objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'gong-connector-config')!.data as Record<string, string>);

  it('dev runs against gong-sim; production against Gong with a pinned image', () => {
    expect(config(dev!).GONG_BASE_URL).toBe('http://gong-sim:4010');
    expect(dev!.some((o) => o.kind === 'Deployment' && o.metadata.name === 'gong-sim')).toBe(true);
    expect(config(prod!).GONG_BASE_URL).toMatch(/^https:\/\/.*api\.gong\.io$/);
    expect(prod!.some((o) => o.metadata.name === 'gong-sim')).toBe(false);
    for (const c of containersOf(prod!)) expect(c.image).toBe('registry.example.com/gong-connector:0.1.0');
  });
});

type Rule = { alert?: string; record?: string; expr: string; labels?: Record<string, string> };
type RuleGroup = { name: string; rules: Rule[] };

describe('alert and recording rules (PrometheusRule and deploy/prometheus/alerts.yml)', () => {
  const alertsYml = (parse(readFileSync(join(root, 'deploy/prometheus/alerts.yml'), 'utf8')) as { groups: RuleGroup[] }).groups;
  const rendered = overlayDirs(root).map((d) => renderKustomization(d).filter((o) => o.kind === 'PrometheusRule'));
  const rules = alertsYml.flatMap((g) => g.rules);
  const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));

  it('every overlay carries one PrometheusRule holding exactly the groups of alerts.yml (compose and Kubernetes alert alike)', () => {
    for (const objects of rendered) {
      expect(objects).toHaveLength(1);
      expect((objects[0]!.spec as { groups: RuleGroup[] }).groups).toEqual(alertsYml);
    }
  });

  it.each(rules.map((r) => [r.alert ?? r.record!, r.expr]))('%s parses as PromQL', (_name, expr) => {
    expect(promqlErrors(expr)).toEqual([]);
  });

  it('every recording rule is named level:metric:operations and used by an alert (or the dashboard), once', () => {
    const names = rules.flatMap((r) => (r.record ? [r.record] : []));
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^gong:[a-z0-9_]+:[a-z0-9_]+$/);
    const used = new Set(rules.flatMap((r) => (r.alert ? promqlMetricNames(r.expr) : [])));
    const dashboard = readFileSync(join(root, 'deploy/grafana/dashboards/gong-connector.json'), 'utf8');
    for (const name of names) expect([name, used.has(name) || dashboard.includes(name)]).toEqual([name, true]);
  });

  it('a rule names a recorded series only when a recording rule defines it (the other names are checked against the running services in observability.e2e-spec.ts)', () => {
    for (const r of rules) {
      for (const name of promqlMetricNames(r.expr).filter((n) => n.includes(':'))) expect([r.alert ?? r.record, name, recorded.has(name)]).toEqual([r.alert ?? r.record, name, true]);
    }
  });

  it('has multi-window burn-rate alerts for both SLOs: post-call p95 <= 10 s and the quota lasting until 22:00', () => {
    const slo = rules.filter((r) => r.labels?.slo);
    expect(slo.map((r) => `${r.labels!.slo}/${r.alert}`).sort()).toEqual([
      'post-call-p95/GongPostCallSloFastBurn',
      'post-call-p95/GongPostCallSloSlowBurn',
      'quota-until-2200/GongQuotaSloFastBurn',
      'quota-until-2200/GongQuotaSloSlowBurn',
    ]);
    for (const r of slo) {
      // a long and a short window of the same burn rate, both required
      const windows = [...r.expr.matchAll(/:ratio_rate(\d+[mh])/g)].map((m) => m[1]);
      expect([r.alert, windows.length, r.expr.includes(' and ')]).toEqual([r.alert, 2, true]);
      expect(new Set(windows).size).toBe(2);
    }
    // the SLO's 10 s threshold is a bucket boundary of the histogram it reads
    const transcriptMetrics = readFileSync(join(root, 'apps/transcript-processor/src/metrics/transcript.metrics.ts'), 'utf8');
    expect(transcriptMetrics).toMatch(/'transcript_webhook_to_indexed_seconds',[\s\S]*?\[[^\]]*\b10,/);
  });
});

describe('migrations run once, in a job, before the replicas start', () => {
  for (const dir of overlayDirs(root)) {
    it(`${dir.split('/').pop()}: a migration Job (SERVICE=migrate) and every service on DATABASE_MIGRATIONS=verify`, () => {
      const objects = renderKustomization(dir);
      const jobs = objects.filter((o) => o.kind === 'Job');
      expect(jobs.map((j) => j.metadata.name)).toEqual(['gong-connector-migrate']);
      const [job] = containersOf(jobs);
      expect(job).toMatchObject({ env: expect.arrayContaining([{ name: 'SERVICE', value: 'migrate' }]) });
      expect(job!.image).toBe(containersOf(objects.filter((o) => o.kind === 'Deployment' && o.metadata.name === 'ingest'))[0]!.image);
      const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'gong-connector-config')!.data as Record<string, string>;
      expect(config.DATABASE_MIGRATIONS).toBe('verify');
      for (const d of objects.filter((o) => o.kind === 'Deployment' && o.metadata.name !== 'gong-sim')) {
        for (const c of containersOf([d])) {
          expect(c.envFrom).toEqual(expect.arrayContaining([{ configMapRef: { name: 'gong-connector-config' } }]));
          expect(((c.env as { name: string }[] | undefined) ?? []).map((e) => e.name)).not.toContain('DATABASE_MIGRATIONS');
        }
      }
    });
  }
});

const kubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('the renderer agrees with kubectl kustomize', () => {
  const sortKey = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
  for (const dir of overlayDirs(root)) {
    (kubectl ? it : it.skip)(`${dir.split('/').pop()}: same objects as \`kubectl kustomize\`${kubectl ? '' : ' (skipped: kubectl is not installed)'}`, () => {
      const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
      const theirs = parseAllDocuments(out).map((d) => d.toJS() as K8sObject).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
      const ours = renderKustomization(dir).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
      expect(JSON.parse(JSON.stringify(ours))).toEqual(theirs);
    });
  }
});
