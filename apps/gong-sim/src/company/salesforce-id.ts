import type { SeededRandom } from './seeded.random.js';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** An 18-character Salesforce-style id with the object's key prefix (001 Account, 006 Opportunity...). */
export function salesforceId(random: SeededRandom, prefix: '001' | '003' | '005' | '006'): string {
  return `${prefix}${random.chars(3, '0123456789')}${random.chars(12, ALNUM)}`;
}
