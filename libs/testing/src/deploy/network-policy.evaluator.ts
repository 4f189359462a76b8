import type { K8sObject } from './kustomize.renderer.js';

/**
 * Kubernetes NetworkPolicy semantics, small enough to read: a pod selected by a policy of a type
 * (Ingress, Egress) is isolated for that direction and accepts only what some rule of those
 * policies allows; a connection needs the source's egress and the destination's ingress. Peers by
 * podSelector (the policy's namespace), namespaceSelector (namespaces by label) or both; ports by
 * number or by the destination container's port name. ipBlock is not used by deploy/k8s and is
 * refused, so a policy cannot silently mean something this check does not understand.
 */
export interface Endpoint {
  name: string;
  /** Pods have a namespace and labels; an endpoint outside the cluster (the internet) has neither. */
  pod?: { namespace: string; labels: Record<string, string>; ports: Record<string, number> };
}

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
type Peer = { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: unknown };
type PortRule = { protocol?: string; port?: number | string; endPort?: number };
type Rule = { to?: Peer[]; from?: Peer[]; ports?: PortRule[] };
type PolicySpec = { podSelector: Selector; policyTypes?: ('Ingress' | 'Egress')[]; ingress?: Rule[]; egress?: Rule[] };

export function selects(selector: Selector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const ok =
      e.operator === 'In' ? has && (e.values ?? []).includes(labels[e.key]!)
      : e.operator === 'NotIn' ? !has || !(e.values ?? []).includes(labels[e.key]!)
      : e.operator === 'Exists' ? has
      : e.operator === 'DoesNotExist' ? !has
      : (() => {
          throw new Error(`unsupported selector operator ${e.operator}`);
        })();
    if (!ok) return false;
  }
  return true;
}

export class NetworkPolicies {
  private readonly policies: { namespace: string; name: string; spec: PolicySpec }[];

  constructor(objects: K8sObject[]) {
    this.policies = objects
      .filter((o) => o.kind === 'NetworkPolicy')
      .map((o) => {
        if (!o.metadata.namespace) throw new Error(`NetworkPolicy ${o.metadata.name} has no namespace`);
        return { namespace: o.metadata.namespace, name: o.metadata.name, spec: o.spec as PolicySpec };
      });
  }

  /** Whether `from` may open a connection to `to` on `port`/`protocol`. */
  allows(from: Endpoint, to: Endpoint, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): boolean {
    return this.direction('Egress', from, to, to, port, protocol) && this.direction('Ingress', to, from, to, port, protocol);
  }

  private direction(type: 'Ingress' | 'Egress', subject: Endpoint, peer: Endpoint, destination: Endpoint, port: number, protocol: string): boolean {
    const pod = subject.pod;
    if (!pod) return true;
    const isolating = this.policies.filter((p) => p.namespace === pod.namespace && selects(p.spec.podSelector, pod.labels) && this.types(p.spec).includes(type));
    if (isolating.length === 0) return true;
    return isolating.some((p) =>
      ((type === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []).some((rule) => {
        const peers = type === 'Ingress' ? rule.from : rule.to;
        const peerOk = peers === undefined || peers.length === 0 || peers.some((x) => this.peerMatches(x, p.namespace, peer));
        const portOk = rule.ports === undefined || rule.ports.length === 0 || rule.ports.some((r) => this.portMatches(r, destination, port, protocol));
        return peerOk && portOk;
      }),
    );
  }

  private types(spec: PolicySpec): string[] {
    if (spec.policyTypes) return spec.policyTypes;
    return spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
  }

  private peerMatches(peer: Peer, policyNamespace: string, endpoint: Endpoint): boolean {
    if (peer.ipBlock) throw new Error('ipBlock peers are not supported by this check');
    const pod = endpoint.pod;
    if (!pod) return false;
    if (peer.namespaceSelector) {
      if (!selects(peer.namespaceSelector, { 'kubernetes.io/metadata.name': pod.namespace })) return false;
    } else if (pod.namespace !== policyNamespace) return false;
    return selects(peer.podSelector ?? {}, pod.labels);
  }

  private portMatches(rule: PortRule, destination: Endpoint, port: number, protocol: string): boolean {
    if ((rule.protocol ?? 'TCP') !== protocol) return false;
    if (rule.port === undefined) return true;
    if (typeof rule.port === 'number') return rule.endPort ? port >= rule.port && port <= rule.endPort : port === rule.port;
    return destination.pod?.ports[rule.port] === port;
  }
}

/** The pods of the rendered Deployments and Jobs, by their `app.kubernetes.io/name` label. */
export function podsOf(objects: K8sObject[]): Endpoint[] {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
    .map((o) => {
      const template = (o.spec as { template: { metadata: { labels: Record<string, string> }; spec: { containers: { ports?: { name?: string; containerPort: number }[] }[] } } }).template;
      const ports: Record<string, number> = {};
      for (const c of template.spec.containers) for (const p of c.ports ?? []) if (p.name) ports[p.name] = p.containerPort;
      return { name: template.metadata.labels['app.kubernetes.io/name']!, pod: { namespace: o.metadata.namespace!, labels: template.metadata.labels, ports } };
    });
}
