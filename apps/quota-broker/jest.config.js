import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'quota-broker', rootDir: '.', setupFilesAfterEnv: ['<rootDir>/test/jest.setup.ts'] };
