import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'ingest', rootDir: '.', setupFilesAfterEnv: ['<rootDir>/test/jest.setup.ts'] };
