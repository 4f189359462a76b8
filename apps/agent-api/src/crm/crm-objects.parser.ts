import { AppError, ErrorCode } from '@gong-connector/contracts';

/** Gong's generic CRM object types (POST /v2/crm/entities `objectType`, case-sensitive). */
export const CRM_OBJECT_TYPES = ['ACCOUNT', 'CONTACT', 'DEAL', 'LEAD', 'BUSINESS_USER', 'STAGE'] as const;
export type CrmObjectType = (typeof CRM_OBJECT_TYPES)[number];

/** Most objects in one upload (one request body is at most 1 MB anyway): split bigger files. */
export const MAX_CRM_OBJECTS = 5_000;
/** Problems listed in a refusal (the count says how many there were). */
const LISTED = 20;

/** Gong: up to 64 letters, digits and "-", or an email address. */
const OBJECT_ID = /^([A-Za-z0-9-]{1,64}|(?=.{1,64}$)[^\s@]+@[^\s@]+\.[^\s@]+)$/;
/** Gong: ISO-8601 date-time without milliseconds. */
const DATE_NO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

/** An upload checked and ready to send: the LDJSON file and what it does, line by line. */
export interface ParsedCrmObjects {
  ldjson: string;
  objects: Array<{ line: number; objectId: string; deleted: boolean }>;
}

/**
 * Checks CRM objects the way Gong documents every upload line (POST /v2/crm/entities) before anything
 * is sent: each line one JSON object; `objectId` mandatory (up to 64 letters, digits and "-", or an
 * email address); `modifiedDate` mandatory (ISO-8601 without milliseconds; optional for STAGE);
 * `isDeleted` a boolean; `emailAddress` mandatory for a BUSINESS_USER not being deleted; `name` for a
 * STAGE; and one line per object (Gong wants several updates of one object in separate files). The
 * entity fields themselves (custom fields, references, picklists) are Gong's to check: it reports the
 * lines it refuses in the request status, which the upload job keeps.
 *
 * Takes either the objects (line n = objects[n-1]) or an LDJSON text (blank lines skipped, line
 * numbers those of the text); throws a 400 listing every bad line, and sends nothing.
 */
export function parseCrmObjects(objectType: CrmObjectType, input: { objects?: readonly unknown[] | undefined; ldjson?: string | undefined }): ParsedCrmObjects {
  const fromObjects = input.objects !== undefined;
  const where = (line: number): string => (fromObjects ? `objects[${line - 1}]` : `ldjson line ${line}`);
  const lines: Array<{ line: number; text?: string; value?: unknown }> = fromObjects
    ? input.objects!.map((value, i) => ({ line: i + 1, value }))
    : (input.ldjson ?? '')
        .split(/\r?\n/)
        .map((text, i) => ({ line: i + 1, text }))
        .filter((l) => l.text.trim() !== '');
  if (lines.length === 0) throw refusal(fromObjects ? 'objects' : 'ldjson', 'no CRM objects: give at least one (one JSON object per line)', []);
  if (lines.length > MAX_CRM_OBJECTS) {
    throw refusal(fromObjects ? 'objects' : 'ldjson', `${lines.length} objects: at most ${MAX_CRM_OBJECTS} per upload; split the file into several uploads`, []);
  }

  const problems: Array<{ path: string; message: string }> = [];
  const objects: ParsedCrmObjects['objects'] = [];
  const out: string[] = [];
  const firstLineOf = new Map<string, number>();
  for (const l of lines) {
    let value = l.value;
    if (!fromObjects) {
      try {
        value = JSON.parse(l.text!);
      } catch {
        problems.push({ path: where(l.line), message: 'not valid JSON: each line must be one complete JSON object' });
        continue;
      }
    }
    const problem = lineProblem(objectType, value);
    if (problem) {
      problems.push({ path: where(l.line), message: problem });
      continue;
    }
    const o = value as Record<string, unknown>;
    const objectId = o.objectId as string;
    const earlier = firstLineOf.get(objectId);
    if (earlier !== undefined) {
      problems.push({ path: where(l.line), message: `objectId ${objectId} is already on ${where(earlier)}: send another update of one object in a separate upload` });
      continue;
    }
    firstLineOf.set(objectId, l.line);
    objects.push({ line: l.line, objectId, deleted: o.isDeleted === true });
    out.push(JSON.stringify(o));
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, LISTED);
    const more = problems.length > LISTED ? `; and ${problems.length - LISTED} more` : '';
    throw refusal(
      fromObjects ? 'objects' : 'ldjson',
      `${problems.length} of ${lines.length} ${objectType} objects cannot be uploaded, so nothing was sent: ${shown.map((p) => `${p.path}: ${p.message}`).join('; ')}${more}`,
      shown,
    );
  }
  return { ldjson: `${out.join('\n')}\n`, objects };
}

function lineProblem(type: CrmObjectType, value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'must be a JSON object (one per line)';
  const o = value as Record<string, unknown>;
  if (typeof o.objectId !== 'string' || !OBJECT_ID.test(o.objectId)) return 'objectId is mandatory: up to 64 letters, digits and "-", or an email address';
  if (type !== 'STAGE' || o.modifiedDate !== undefined) {
    if (typeof o.modifiedDate !== 'string' || !DATE_NO_MILLIS.test(o.modifiedDate) || Number.isNaN(Date.parse(o.modifiedDate))) {
      return 'modifiedDate is mandatory: an ISO-8601 date-time without milliseconds, e.g. 2026-11-30T17:05:00Z';
    }
  }
  if (o.isDeleted !== undefined && typeof o.isDeleted !== 'boolean') return 'isDeleted must be true or false';
  if (type === 'BUSINESS_USER' && o.isDeleted !== true && typeof o.emailAddress !== 'string') return 'emailAddress is mandatory for a BUSINESS_USER (unless isDeleted is true)';
  if (type === 'STAGE' && typeof o.name !== 'string') return 'name is mandatory for a STAGE';
  return undefined;
}

function refusal(path: string, message: string, details: Array<{ path: string; message: string }>): AppError {
  return new AppError(ErrorCode.VALIDATION_FAILED, message, { details: details.length > 0 ? details : [{ path, message }] });
}
