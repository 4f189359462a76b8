import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';

/**
 * A small kustomize renderer covering the features deploy/k8s uses: `resources` (files and
 * kustomization directories), `namespace`, `labels` (metadata only), `images` (newName/newTag)
 * and strategic-merge `patches` by path (matched by kind and name; lists of named items merge by
 * name). It fails loudly on anything else, so a kustomization cannot silently use a feature the
 * check does not understand.
 */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
};

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'images', 'patches']);

export function renderKustomization(dir: string): K8sObject[] {
  const file = join(dir, 'kustomization.yaml');
  const k = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const unknown = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unknown.length) throw new Error(`${file}: unsupported kustomize fields ${unknown.join(', ')}`);
  let objects: K8sObject[] = [];
  for (const entry of (k.resources as string[] | undefined) ?? []) {
    const path = resolve(dir, entry);
    if (!existsSync(path)) throw new Error(`${file}: resource ${entry} does not exist`);
    objects.push(...(statSync(path).isDirectory() ? renderKustomization(path) : readObjects(path)));
  }
  for (const patch of (k.patches as { path?: string }[] | undefined) ?? []) {
    if (!patch.path) throw new Error(`${file}: only patches with a path are supported`);
    for (const p of readObjects(resolve(dir, patch.path))) {
      const target = objects.find((o) => o.kind === p.kind && o.metadata.name === p.metadata.name);
      if (!target) throw new Error(`${file}: patch ${patch.path} matches no ${p.kind}/${p.metadata.name}`);
      objects = objects.map((o) => (o === target ? (strategicMerge(o, p) as K8sObject) : o));
    }
  }
  for (const { pairs } of (k.labels as { pairs: Record<string, string> }[] | undefined) ?? []) {
    for (const o of objects) o.metadata.labels = { ...(o.metadata.labels ?? {}), ...pairs };
  }
  if (typeof k.namespace === 'string') for (const o of objects) o.metadata.namespace = k.namespace;
  for (const image of (k.images as { name: string; newName?: string; newTag?: string }[] | undefined) ?? []) {
    for (const c of containersOf(objects)) {
      const [name, tag] = splitImage(c.image);
      if (name === image.name) c.image = `${image.newName ?? name}:${image.newTag ?? tag ?? 'latest'}`;
    }
  }
  return objects;
}

function readObjects(path: string): K8sObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((d) => {
      if (d.errors.length) throw new Error(`${path}: ${d.errors[0]!.message}`);
      return d.toJS() as K8sObject;
    })
    .filter(Boolean);
}

function splitImage(image: string): [string, string | undefined] {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/') ? [image.slice(0, at), image.slice(at + 1)] : [image, undefined];
}

export function containersOf(objects: K8sObject[]): { name: string; image: string; [k: string]: unknown }[] {
  return objects.flatMap((o) => {
    const spec = (o.spec as { template?: { spec?: { containers?: []; initContainers?: [] } } } | undefined)?.template?.spec;
    return [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  });
}

function strategicMerge(base: unknown, patch: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(patch)) {
    const named = (xs: unknown[]) => xs.every((x) => x && typeof x === 'object' && 'name' in (x as object));
    if (!named(base) || !named(patch)) return patch;
    const out = [...base] as { name: string }[];
    for (const p of patch as { name: string }[]) {
      const i = out.findIndex((b) => b.name === p.name);
      if (i >= 0) out[i] = strategicMerge(out[i], p) as { name: string };
      else out.push(p);
    }
    return out;
  }
  if (base && patch && typeof base === 'object' && typeof patch === 'object' && !Array.isArray(patch)) {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(patch)) out[k] = k in out ? strategicMerge(out[k], v) : v;
    return out;
  }
  return patch;
}

export const deployDir = (root: string): string => join(root, 'deploy');
export const overlayDirs = (root: string): string[] => ['dev', 'production'].map((o) => join(root, 'deploy', 'k8s', 'overlays', o));
export { dirname };
