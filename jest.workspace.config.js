// One Jest run over every project, so `npm test` gives one total.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const projects = ['apps', 'libs'].flatMap((dir) =>
  existsSync(join(root, dir))
    ? readdirSync(join(root, dir))
        .filter((name) => existsSync(join(root, dir, name, 'jest.config.js')))
        .map((name) => `<rootDir>/${dir}/${name}/jest.config.js`)
    : [],
);

export default {
  projects,
  // A global option: Jest ignores `testTimeout` in a project's config (the preset's never applied,
  // so libs' integration files had 5 s for creating a schema and running migrations on a busy
  // machine). Apps' setup files set their own with jest.setTimeout.
  testTimeout: 30_000,
  globalSetup: '<rootDir>/libs/testing/jest/global-setup.mjs',
  globalTeardown: '<rootDir>/libs/testing/jest/global-teardown.mjs',
};
