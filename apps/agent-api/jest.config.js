import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'agent-api', rootDir: '.', setupFilesAfterEnv: ['<rootDir>/test/jest.setup.ts'] };
