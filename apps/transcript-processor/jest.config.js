import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'transcript-processor', rootDir: '.', setupFilesAfterEnv: ['<rootDir>/test/jest.setup.ts'] };
