import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startStack, workspaceRoot, type Stack } from '../gong-sim.js';
import { exportedSeriesNames, promqlErrors, promqlMetricNames } from './promql.js';

const alerts = parse(readFileSync(join(workspaceRoot, 'deploy/prometheus/alerts.yml'), 'utf8')) as {
  groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
};
/** Series the recording rules write (their own expressions are checked like the alerts'). */
const recorded = new Set(alerts.groups.flatMap((g) => g.rules.flatMap((r) => (r.record ? [r.record] : []))));
const dashboard = JSON.parse(readFileSync(join(workspaceRoot, 'deploy/grafana/dashboards/gong-connector.json'), 'utf8')) as {
  panels: { title: string; targets?: { expr: string }[] }[];
};
const expressions: { where: string; expr: string }[] = [
  ...alerts.groups.flatMap((g) => g.rules.map((r) => ({ where: r.alert ? `alert ${r.alert}` : `recording rule ${r.record}`, expr: r.expr }))),
  ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr }))),
];

describe('alert rules and dashboard', () => {
  it('has an expression for every alert the deployment promises', () => {
    expect(alerts.groups.flatMap((g) => g.rules.filter((r) => r.alert)).length).toBeGreaterThanOrEqual(14);
    expect(recorded.size).toBeGreaterThanOrEqual(8);
  });

  it.each(expressions.map((e) => [e.where, e.expr]))('%s parses as PromQL', (_where, expr) => {
    expect(promqlErrors(expr)).toEqual([]);
  });
});

describe('every metric named in the alerts, the recording rules and the dashboard is exported by a running service (or recorded by a rule)', () => {
  let stack: Stack;
  let exported: Set<string>;

  beforeAll(async () => {
    stack = await startStack({ sim: { seed: 'observability', users: 20, calls: 10 } });
    exported = new Set();
    for (const service of Object.values(stack.services)) {
      const res = await fetch(`${service.url}/metrics`);
      expect(res.status).toBe(200);
      for (const name of exportedSeriesNames(await res.text())) exported.add(name);
    }
  }, 600_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(expressions.map((e) => [e.where, e.expr]))('%s', (_where, expr) => {
    const names = promqlMetricNames(expr);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const source = exported.has(name) ? 'exported' : recorded.has(name) ? 'recorded' : 'not exported by any service';
      expect([name, source]).toEqual([name, name.includes(':') ? 'recorded' : 'exported']);
    }
  });
});
