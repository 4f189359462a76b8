import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { isLosslessNumber, isSafeNumber, LosslessNumber, parse } from 'lossless-json';
import { readFileSync } from 'node:fs';
import type { Body } from './gong-sim.fixture.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Schema = Record<string, unknown>;

/** Fields Gong is seen to send as null although the spec types them without `nullable`. */
const OBSERVED_NULLABLE = new Set(['teamLeadIds']);

const DROP = new Set(['example', 'exampleSetFlag', 'types', 'xml', 'externalDocs', 'deprecated', 'discriminator', 'readOnly', 'writeOnly']);

/**
 * Turns the spec's OpenAPI 3.0.1 schemas into JSON Schema for ajv:
 * - `nullable: true` (and fields whose description documents null, e.g. "Null when…", plus
 *   `teamLeadIds`, observed null live) become `anyOf [schema, null]`;
 * - int64 integers accept raw JSON numbers beyond 2^53 (parsed losslessly), nothing else;
 * - `type: object` without properties (Gong's generator for Java `Object`, e.g. CRM field values)
 *   accepts any JSON value;
 * - objects with properties get `additionalProperties: false`: the simulator may not invent fields;
 * - OpenAPI-only keywords (example, exampleSetFlag, types, writeOnly...) are dropped; format `url`
 *   is checked as a URL.
 */
export class OpenApiValidator {
  private readonly ajv: Ajv;
  readonly spec: Body;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(specPath: string) {
    this.spec = JSON.parse(readFileSync(specPath, 'utf8'));
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addFormat('url', { type: 'string', validate: (s: string) => URL.canParse(s) });
    this.ajv.addKeyword({
      keyword: 'x-int64',
      errors: false,
      validate: (_schema: unknown, data: unknown) =>
        (typeof data === 'number' && Number.isInteger(data)) || (isLosslessNumber(data) && /^-?\d+$/.test((data as LosslessNumber).value)),
    });
    const definitions: Record<string, Schema> = {};
    for (const [name, schema] of Object.entries(this.spec.components.schemas as Record<string, Schema>)) definitions[name] = convert(schema);
    this.ajv.addSchema({ $id: 'gong', definitions });
  }

  /** The response schema the spec gives for an operation and status, if any. */
  responseSchema(method: string, specPath: string, status: number): Schema | undefined {
    const op = this.spec.paths[specPath]?.[method.toLowerCase()];
    return op?.responses?.[String(status)]?.content?.['application/json']?.schema;
  }

  operationExists(method: string, specPath: string): boolean {
    return Boolean(this.spec.paths[specPath]?.[method.toLowerCase()]);
  }

  /** Validates a raw body; errors as readable strings (empty when valid). */
  validate(schema: Schema, body: string): string[] {
    const key = JSON.stringify(schema);
    let fn = this.cache.get(key);
    if (!fn) {
      fn = this.ajv.compile(convert(schema));
      this.cache.set(key, fn);
    }
    let data: unknown;
    try {
      data = parse(body, null, (digits) => (isSafeNumber(digits) ? Number(digits) : new LosslessNumber(digits)));
    } catch (e) {
      return [`body is not JSON: ${(e as Error).message}`];
    }
    if (fn(data)) return [];
    return (fn.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  }
}

function convert(node: unknown, nullable = false): Schema {
  if (!node || typeof node !== 'object') return node as Schema;
  const src = node as Schema;
  let out: Schema;
  if (typeof src.$ref === 'string') {
    out = { $ref: `gong#/definitions/${src.$ref.split('/').pop()}` };
  } else {
    out = {};
    for (const [k, v] of Object.entries(src)) {
      if (DROP.has(k) || k === 'nullable' || k === 'description') continue;
      if (k === 'properties') {
        const props: Record<string, Schema> = {};
        for (const [name, prop] of Object.entries(v as Record<string, Schema>)) {
          const documentedNull = typeof prop.description === 'string' && /\bnull\b/i.test(prop.description);
          props[name] = convert(prop, prop.nullable === true || documentedNull || OBSERVED_NULLABLE.has(name));
        }
        out.properties = props;
      } else if (k === 'items' || k === 'additionalProperties') {
        out[k] = typeof v === 'object' ? convert(v) : v;
      } else if (k === 'allOf' || k === 'oneOf' || k === 'anyOf') {
        out[k] = (v as unknown[]).map((x) => convert(x));
      } else out[k] = v;
    }
    if (out.type === 'integer' && out.format === 'int64') {
      delete out.type;
      delete out.format;
      out['x-int64'] = true;
    }
    if (out.type === 'object' && !out.properties && out.additionalProperties === undefined) {
      out = {};
    } else if (out.properties && out.additionalProperties === undefined) {
      out.additionalProperties = false;
    }
  }
  return nullable ? { anyOf: [out, { type: 'null' }] } : out;
}
