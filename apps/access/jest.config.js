import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'access', rootDir: '.', setupFilesAfterEnv: ['<rootDir>/test/jest.setup.ts'] };
