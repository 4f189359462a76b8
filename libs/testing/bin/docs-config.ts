// Regenerates the configuration reference in README.md from every app's config schema.
import { resolve } from 'node:path';
import { writeConfigReference } from '../src/docs/config-reference.js';

await writeConfigReference(resolve(process.argv[2] ?? '.'));
console.log('README.md configuration reference updated');
