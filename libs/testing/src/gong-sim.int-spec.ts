import { describe, expect, it } from '@jest/globals';
import { startGongSim } from '@gong-connector/testing/gong-sim';

describe('@gong-connector/testing/gong-sim', () => {
  it('starts the simulator for other projects’ tests', async () => {
    const sim = await startGongSim({ port: 0, seed: 'testing-entry', users: 20, calls: 10 });
    try {
      const res = await fetch(`${sim.baseUrl}/v2/workspaces`, { headers: { authorization: sim.credentials.basicAuthorization } });
      expect(res.status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
