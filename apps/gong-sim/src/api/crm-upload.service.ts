import type { Clock } from '@gong-connector/contracts';
import type { IdFactory } from '../company/id.factory.js';
import { GongHttpError } from '../http/gong-http.error.js';

export const CRM_OBJECT_TYPES = ['ACCOUNT', 'CONTACT', 'DEAL', 'LEAD', 'BUSINESS_USER', 'STAGE'] as const;
export type CrmObjectType = (typeof CRM_OBJECT_TYPES)[number];

export interface CrmIntegration {
  integrationId: string;
  ownerEmail: string;
  name: string;
}

interface AsyncRequest {
  integrationId: string;
  clientRequestId: string;
  submittedAt: number;
  errors: Array<{ line: number; description: string }>;
  successCount: number;
}

export interface RequestStatus {
  status: 'PENDING' | 'IN_PROGRESS' | 'DONE' | 'FAILED';
  errors?: Array<{ line: number; description: string }>;
  totalErrorCount: number;
  totalSuccessCount: number;
}

const OBJECT_ID = /^([A-Za-z0-9-]{1,64}|[^\s@]{1,64}@[^\s@]+\.[^\s@]+)$/;
const DATE_NO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;
const CLIENT_REQUEST_ID = /^[A-Za-z0-9_-]+$/;

/**
 * Gong's generic CRM integration: one registered integration at a time, LDJSON uploads processed
 * asynchronously (PENDING, then IN_PROGRESS, then DONE or FAILED with line errors, at most 20
 * listed), and asynchronous deletion of the integration.
 */
export class CrmUploadService {
  private integration: CrmIntegration | undefined;
  private readonly requests = new Map<string, AsyncRequest>();
  /** Uploaded objects by type, then objectId (the latest version of each). */
  readonly objects = new Map<CrmObjectType, Map<string, Record<string, unknown>>>();
  /** Custom fields by type, then uniqueName. */
  private readonly schemas = new Map<CrmObjectType, Map<string, Record<string, unknown>>>();

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdFactory,
    private readonly processingMs: () => number,
  ) {}

  register(ownerEmail: string, name: string): CrmIntegration {
    if (this.integration) throw new GongHttpError(409, ['An active integration already exists']);
    this.integration = { integrationId: this.ids.next(), ownerEmail, name };
    return this.integration;
  }

  list(): CrmIntegration[] {
    return this.integration ? [this.integration] : [];
  }

  delete(integrationId: string, clientRequestId: string): void {
    this.requireIntegration(integrationId);
    this.claim(integrationId, clientRequestId, [], 0);
    this.integration = undefined;
    this.objects.clear();
    this.schemas.clear();
  }

  upload(integrationId: string, objectType: string, clientRequestId: string, data: string): void {
    this.requireIntegration(integrationId);
    const type = this.objectType(objectType);
    const errors: Array<{ line: number; description: string }> = [];
    let success = 0;
    const accepted: Array<Record<string, unknown>> = [];
    const lines = data.split(/\r?\n/);
    lines.forEach((text, i) => {
      if (text.trim() === '') return;
      const problem = validateLine(type, text);
      if (typeof problem === 'string') errors.push({ line: i + 1, description: problem });
      else {
        success++;
        accepted.push(problem);
      }
    });
    if (success === 0 && errors.length === 0) errors.push({ line: 0, description: 'The file contains no objects' });
    this.claim(integrationId, clientRequestId, errors, success);
    const store = this.objects.get(type) ?? new Map<string, Record<string, unknown>>();
    this.objects.set(type, store);
    for (const obj of accepted) {
      if (obj.isDeleted === true) store.delete(String(obj.objectId));
      else store.set(String(obj.objectId), obj);
    }
  }

  /** The custom fields selected for an object type (GET /v2/crm/entity-schema). */
  schema(integrationId: string, objectType: string): Array<Record<string, unknown>> {
    this.requireIntegration(integrationId);
    return [...(this.schemas.get(this.objectType(objectType)) ?? new Map()).values()];
  }

  /** Adds, changes or (isDeleted) removes custom fields of an object type. */
  updateSchema(integrationId: string, objectType: string, fields: Array<Record<string, unknown> & { uniqueName: string; isDeleted?: boolean | undefined }>): void {
    this.requireIntegration(integrationId);
    const type = this.objectType(objectType);
    const fieldsByName = this.schemas.get(type) ?? new Map<string, Record<string, unknown>>();
    this.schemas.set(type, fieldsByName);
    for (const field of fields) {
      if (field.isDeleted === true) fieldsByName.delete(field.uniqueName);
      else fieldsByName.set(field.uniqueName, field);
    }
  }

  private objectType(objectType: string): CrmObjectType {
    if (!(CRM_OBJECT_TYPES as readonly string[]).includes(objectType)) {
      throw GongHttpError.badRequest(`objectType: must be one of ${CRM_OBJECT_TYPES.join(', ')}`);
    }
    return objectType as CrmObjectType;
  }

  status(integrationId: string, clientRequestId: string): RequestStatus {
    const req = this.requests.get(key(integrationId, clientRequestId));
    if (!req) throw GongHttpError.notFound('Request not found for this integrationId and clientRequestId');
    const elapsed = this.clock.now() - req.submittedAt;
    const total = this.processingMs();
    if (elapsed < total / 3) return { status: 'PENDING', totalErrorCount: 0, totalSuccessCount: 0 };
    if (elapsed < total) return { status: 'IN_PROGRESS', totalErrorCount: 0, totalSuccessCount: 0 };
    if (req.errors.length) {
      return { status: 'FAILED', errors: req.errors.slice(0, 20), totalErrorCount: req.errors.length, totalSuccessCount: req.successCount };
    }
    return { status: 'DONE', totalErrorCount: 0, totalSuccessCount: req.successCount };
  }

  private claim(integrationId: string, clientRequestId: string, errors: AsyncRequest['errors'], successCount: number): void {
    if (!CLIENT_REQUEST_ID.test(clientRequestId)) {
      throw GongHttpError.badRequest('clientRequestId: valid characters are letters, numbers, dashes and underscores');
    }
    const k = key(integrationId, clientRequestId);
    if (this.requests.has(k)) throw new GongHttpError(409, ['Client request id has already been used']);
    this.requests.set(k, { integrationId, clientRequestId, submittedAt: this.clock.now(), errors, successCount });
  }

  private requireIntegration(integrationId: string): void {
    if (!this.integration || this.integration.integrationId !== integrationId) {
      throw GongHttpError.badRequest(`integrationId: no active integration ${integrationId}`);
    }
  }
}

function key(integrationId: string, clientRequestId: string): string {
  return `${integrationId}/${clientRequestId}`;
}

/** The parsed object, or what is wrong with the line. */
function validateLine(type: CrmObjectType, text: string): Record<string, unknown> | string {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    return 'Malformed JSON';
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return 'Each line must be a JSON object';
  const o = obj as Record<string, unknown>;
  if (typeof o.objectId !== 'string' || !OBJECT_ID.test(o.objectId)) {
    return 'objectId is mandatory: up to 64 letters, digits and dashes, or an email address';
  }
  if (type !== 'STAGE' || o.modifiedDate !== undefined) {
    if (typeof o.modifiedDate !== 'string' || !DATE_NO_MILLIS.test(o.modifiedDate)) {
      return 'modifiedDate is mandatory: an ISO-8601 date-time without milliseconds';
    }
  }
  if (o.isDeleted !== undefined && typeof o.isDeleted !== 'boolean') return 'isDeleted must be a boolean';
  if (type === 'BUSINESS_USER' && o.isDeleted !== true && typeof o.emailAddress !== 'string') return 'emailAddress is mandatory for a business user';
  if (type === 'STAGE' && typeof o.name !== 'string') return 'name is mandatory for a stage';
  if (type === 'DEAL' && o.status !== undefined && !['WON', 'LOST', 'OPEN'].includes(String(o.status))) return 'status must be WON, LOST or OPEN';
  if (type === 'ACCOUNT' && o.domains !== undefined && !(Array.isArray(o.domains) && o.domains.every((d) => typeof d === 'string'))) {
    return 'domains must be an array of strings';
  }
  return o;
}
