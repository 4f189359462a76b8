import { createLogger } from '@gong-connector/platform';
import { readSimConfig, usage } from './config.js';
import { startGongSim } from './sim/gong-sim.js';

const config = readSimConfig();
if (config.help) {
  process.stdout.write(`${usage()}\n`);
  process.exit(0);
}
const logger = createLogger({ name: 'gong-sim', level: config.options.logLevel ?? 'info' });
const sim = await startGongSim({ ...config.options, logger });
const truth = sim.groundTruth({ includeCalls: false });
logger.info(
  {
    baseUrl: sim.baseUrl,
    // The access key id is not a secret; the access key secret is never logged.
    accessKeyId: sim.credentials.accessKey,
    oauthClientId: sim.credentials.oauthClientId,
    webhookPublicKey: `${sim.baseUrl}/__sim/webhook-public-key`,
    groundTruth: `${sim.baseUrl}/__sim/company`,
    seed: truth.seed,
    sizes: truth.sizes,
    company: truth.company.name,
    seedSeconds: Number(sim.seedSeconds.toFixed(3)),
    limits: { perSecond: sim.settings.ratePerSecond, perDay: sim.settings.dailyLimit },
    webhookRules: sim.settings.webhookUrls.length,
    live: sim.settings.live ? { callsPerMinute: sim.settings.callsPerMinute } : false,
  },
  `gong-sim listening on ${sim.baseUrl}`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'gong-sim stopping');
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
