import { describe, expect, it } from '@jest/globals';
import { ManualClock, startGongSim, type GongSim } from '@gong-connector/gong-sim';

describe('@gong-connector/gong-sim public entry', () => {
  it('starts an in-process simulator on a random port that other services can call', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 15, 12));
    const sim: GongSim = await startGongSim({ port: 0, seed: 'public-api', users: 20, accounts: 10, calls: 40, clock });
    try {
      expect(sim.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sim.port).toBeGreaterThan(0);
      const res = await fetch(`${sim.baseUrl}/v2/workspaces`, { headers: { authorization: sim.credentials.basicAuthorization } });
      expect(res.status).toBe(200);
      expect(sim.groundTruth().calls).toHaveLength(40);
      expect(sim.webhookPublicKeyPem).toContain('BEGIN PUBLIC KEY');
    } finally {
      await sim.close();
    }
    await expect(fetch(`${sim.baseUrl}/v2/workspaces`)).rejects.toThrow();
  });
});
