// `npm run demo`: the main job on embedded defaults. The full demo (gong-sim seeded, every service
// started, backfill with progress, live calls, three users' agents asking the same question) is
// assembled as the services land; until then it says what exists and exits cleanly.
const services = ['gong-sim', 'quota-broker', 'ingest', 'transcript-processor', 'access', 'agent-api'];
console.log('gong-connector demo: not yet.');
console.log(`The services it will start (${services.join(', ')}) are still being built;`);
console.log('see README.md for what works today and `npm test` for the running proof.');
