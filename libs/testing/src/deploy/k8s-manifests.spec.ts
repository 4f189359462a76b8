import { describe, expect, it } from '@jest/globals';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { containersOf, overlayDirs, renderKustomization, type K8sObject } from './kustomize.renderer.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** The Kubernetes schemas (kubernetes-models: OpenAPI schemas of a current Kubernetes release), offline. */
async function validateAgainstKubernetes(o: K8sObject): Promise<void> {
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
