import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

export const START = '<!-- config-reference:start -->';
export const END = '<!-- config-reference:end -->';

interface Row {
  key: string;
  defaultValue: string;
  description: string;
}

/** A field's description, also when it was given before `.optional()` or `.default()` wrapped it. */
function descriptionOf(field: z.ZodType): string {
  let f: unknown = field;
  for (let depth = 0; f && depth < 5; depth++) {
    const d = (f as z.ZodType).description;
    if (d) return d;
    f = (f as { def?: { innerType?: unknown } }).def?.innerType;
  }
  return '';
}

function rowsOf(schema: z.ZodObject): Row[] {
  return Object.entries(schema.shape).map(([key, field]) => {
    const f = field as z.ZodType;
    const parsedDefault = f.safeParse(undefined);
    const description = descriptionOf(f);
    const isSecret = /secret/i.test(description) || /(SECRET|TOKEN|PASSWORD|KEY)$/.test(key);
    let defaultValue = 'required';
    if (parsedDefault.success) {
      defaultValue = parsedDefault.data === undefined ? 'unset' : isSecret ? '(demo default)' : `\`${String(parsedDefault.data)}\``;
    }
    return { key, defaultValue, description: description.replace(/\|/g, '\\|') };
  });
}

/** Every app's config schema (any ZodObject exported from apps/<app>/src/config.ts). */
export async function loadAppConfigSchemas(workspaceRoot: string): Promise<Map<string, z.ZodObject>> {
  const out = new Map<string, z.ZodObject>();
  const apps = join(workspaceRoot, 'apps');
  for (const app of readdirSync(apps).sort()) {
    const file = join(apps, app, 'src', 'config.ts');
    if (!existsSync(file)) continue;
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const schema = Object.values(mod).find((v): v is z.ZodObject => v instanceof z.ZodObject);
    if (schema) out.set(app, schema);
  }
  return out;
}

/** The README's configuration reference, generated from the schemas. */
export function renderConfigReference(schemas: Map<string, z.ZodObject>): string {
  const parts: string[] = [];
  for (const [app, schema] of schemas) {
    parts.push(`### ${app}\n`, '| key | default | meaning |', '|---|---|---|');
    for (const r of rowsOf(schema)) parts.push(`| \`${r.key}\` | ${r.defaultValue} | ${r.description} |`);
    parts.push('');
  }
  return parts.join('\n');
}

export function readmeBlock(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} … ${END} markers`);
  return readme.slice(start + START.length, end).trim();
}

export async function writeConfigReference(workspaceRoot: string): Promise<void> {
  const file = join(workspaceRoot, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const block = renderConfigReference(await loadAppConfigSchemas(workspaceRoot));
  const start = readme.indexOf(START) + START.length;
  const end = readme.indexOf(END);
  writeFileSync(file, `${readme.slice(0, start)}\n${block}\n${readme.slice(end)}`);
}
