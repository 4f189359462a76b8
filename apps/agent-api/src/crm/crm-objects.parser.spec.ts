import { describe, expect, it } from '@jest/globals';
import { AppError } from '@gong-connector/contracts';
import { MAX_CRM_OBJECTS, parseCrmObjects, type CrmObjectType } from './crm-objects.parser.js';

const ok = { objectId: 'acc-1', modifiedDate: '2026-11-30T17:05:00Z', name: 'Acme' };
const refusalOf = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('parseCrmObjects (LDJSON checked before anything is sent)', () => {
  it('turns objects into one LDJSON line each and says what each line does', () => {
    const parsed = parseCrmObjects('ACCOUNT', { objects: [ok, { objectId: 'jane@acme.example', modifiedDate: '2026-11-30T17:05:00+02:00', isDeleted: true }] });
    expect(parsed.ldjson).toBe(`${JSON.stringify(ok)}\n${JSON.stringify({ objectId: 'jane@acme.example', modifiedDate: '2026-11-30T17:05:00+02:00', isDeleted: true })}\n`);
    expect(parsed.objects).toEqual([
      { line: 1, objectId: 'acc-1', deleted: false },
      { line: 2, objectId: 'jane@acme.example', deleted: true },
    ]);
  });

  it('keeps the line numbers of an LDJSON text, blank lines skipped', () => {
    const parsed = parseCrmObjects('ACCOUNT', { ldjson: `\n${JSON.stringify(ok)}\r\n\n${JSON.stringify({ ...ok, objectId: 'acc-2' })}\n` });
    expect(parsed.objects.map((o) => o.line)).toEqual([2, 4]);
  });

  it.each<[string, CrmObjectType, string, string]>([
    ['broken JSON', 'ACCOUNT', '{"objectId": "a"', 'ldjson line 1: not valid JSON'],
    ['an array line', 'ACCOUNT', '[1,2]', 'ldjson line 1: must be a JSON object'],
    ['no objectId', 'ACCOUNT', JSON.stringify({ modifiedDate: ok.modifiedDate }), 'ldjson line 1: objectId is mandatory'],
    ['an objectId with other characters', 'CONTACT', JSON.stringify({ ...ok, objectId: 'a/b' }), 'objectId is mandatory'],
    ['an objectId over 64 characters', 'CONTACT', JSON.stringify({ ...ok, objectId: 'a'.repeat(65) }), 'objectId is mandatory'],
    ['a numeric objectId', 'CONTACT', JSON.stringify({ ...ok, objectId: 12 }), 'objectId is mandatory'],
    ['no modifiedDate', 'DEAL', JSON.stringify({ objectId: 'd1' }), 'modifiedDate is mandatory'],
    ['modifiedDate with milliseconds', 'DEAL', JSON.stringify({ objectId: 'd1', modifiedDate: '2026-11-30T17:05:00.123Z' }), 'without milliseconds'],
    ['modifiedDate without offset', 'LEAD', JSON.stringify({ objectId: 'l1', modifiedDate: '2026-11-30T17:05:00' }), 'modifiedDate is mandatory'],
    ['isDeleted as a string', 'LEAD', JSON.stringify({ ...ok, isDeleted: 'yes' }), 'isDeleted must be true or false'],
    ['a business user without email', 'BUSINESS_USER', JSON.stringify(ok), 'emailAddress is mandatory'],
    ['a stage without name', 'STAGE', JSON.stringify({ objectId: 's1' }), 'name is mandatory for a STAGE'],
  ])('refuses %s with the line and what to fix', (_, type, line, message) => {
    const error = refusalOf(() => parseCrmObjects(type, { ldjson: `${line}\n` }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('nothing was sent');
    expect(error.message).toContain(message);
    expect(error.details[0]).toEqual({ path: 'ldjson line 1', message: expect.any(String) });
  });

  it('accepts a deleted business user without email and a stage without modifiedDate', () => {
    expect(parseCrmObjects('BUSINESS_USER', { objects: [{ objectId: 'u1', modifiedDate: ok.modifiedDate, isDeleted: true }] }).objects).toHaveLength(1);
    expect(parseCrmObjects('STAGE', { objects: [{ objectId: 's1', name: 'Won' }] }).objects).toHaveLength(1);
  });

  it('lists every bad line (at most 20, with the count) and names objects by index', () => {
    const objects = [ok, ...Array.from({ length: 25 }, (_, i) => ({ objectId: `x${i}` }))];
    const error = refusalOf(() => parseCrmObjects('ACCOUNT', { objects }));
    expect(error.message).toMatch(/^25 of 26 ACCOUNT objects cannot be uploaded/);
    expect(error.message).toContain('and 5 more');
    expect(error.details).toHaveLength(20);
    expect(error.details[0]).toEqual({ path: 'objects[1]', message: expect.stringContaining('modifiedDate') });
  });

  it('refuses a second line for one object (Gong wants it in another file)', () => {
    const error = refusalOf(() => parseCrmObjects('ACCOUNT', { objects: [ok, { ...ok, name: 'Acme 2' }] }));
    expect(error.details).toEqual([{ path: 'objects[1]', message: expect.stringContaining('already on objects[0]') }]);
  });

  it('refuses an empty upload and one over the limit', () => {
    expect(refusalOf(() => parseCrmObjects('ACCOUNT', { ldjson: '\n \n' })).message).toContain('no CRM objects');
    const many = Array.from({ length: MAX_CRM_OBJECTS + 1 }, (_, i) => ({ ...ok, objectId: `a${i}` }));
    expect(refusalOf(() => parseCrmObjects('ACCOUNT', { objects: many })).message).toContain(`at most ${MAX_CRM_OBJECTS}`);
  });
});
