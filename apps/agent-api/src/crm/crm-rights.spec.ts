import { describe, expect, it } from '@jest/globals';
import { mayImportCrmData } from './crm-rights.js';

const profile = (userIds: string[], raw: unknown) => ({ userIds, raw });

describe('mayImportCrmData (the narrower reading of crmDataImport)', () => {
  it.each<[string, Array<ReturnType<typeof profile>>, boolean]>([
    ['every profile grants it', [profile(['1'], { crmDataImport: true }), profile(['1', '2'], { crmDataImport: true })], true],
    ['one profile of two does not', [profile(['1'], { crmDataImport: true }), profile(['1'], { crmDataImport: false })], false],
    ['the profile does not say', [profile(['1'], {})], false],
    ['the user holds no profile', [profile(['2'], { crmDataImport: true })], false],
    ['the flag is a string', [profile(['1'], { crmDataImport: 'true' })], false],
  ])('%s', (_, profiles, expected) => {
    expect(mayImportCrmData(profiles, '1')).toBe(expected);
  });
});
