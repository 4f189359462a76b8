import { describe, expect, it } from '@jest/globals';
import { ManualClock, readSimConfig, type GongSimOptions } from '@gong-connector/gong-sim';
import { simProcessEnv } from './stack.js';

describe('simProcessEnv (a stack whose gong-sim runs as its own process)', () => {
  it('gives the gong-sim process the same options, read back by its own config', () => {
    const options: GongSimOptions = {
      port: 4321,
      seed: 'actions-bench',
      accounts: 450,
      transcriptDelayMs: 0,
      live: true,
      callsPerMinute: 1.5,
      webhookUrls: ['http://127.0.0.1:1/webhooks/gong/a', 'http://127.0.0.1:2/webhooks/gong/b'],
      faults: { slowAnswer: { ms: 30_000, rate: 0.03, paths: ['/v2/flows/prospects/assign'] } },
    };
    const env = simProcessEnv(options);
    expect(env).toMatchObject({ GONG_SIM_PORT: '4321', GONG_SIM_SEED: 'actions-bench', GONG_SIM_TRANSCRIPT_DELAY_MS: '0', GONG_SIM_LIVE: 'true' });
    expect(readSimConfig([], env).options).toMatchObject(options); // with the defaults of the rest
  });

  it('refuses an option a process cannot be given', () => {
    expect(() => simProcessEnv({ seed: 'x', clock: new ManualClock(0) })).toThrow('gong-sim option clock cannot be passed to a gong-sim process');
  });
});
