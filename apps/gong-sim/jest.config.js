import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'gong-sim', rootDir: '.', setupFilesAfterEnv: ['<rootDir>/test/jest.setup.ts'] };
