import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAppConfigSchemas, readmeBlock, renderConfigReference } from './config-reference.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

describe("README's configuration reference", () => {
  it('matches every app config schema (regenerate with `npm run docs:config`)', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const expected = renderConfigReference(await loadAppConfigSchemas(root)).trim();
    expect(readmeBlock(readme)).toBe(expected);
  });
});
