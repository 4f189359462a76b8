// `npm run backfill -- --from 2026-01-01 --to 2026-03-01`: starts and follows a backfill through a
// running ingest's admin API (INGEST_ADMIN_URL, INGEST_ADMIN_TOKEN). See src/cli/backfill.cli.ts.
import { BackfillCli } from '../src/cli/backfill.cli.js';

const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
const code = await new BackfillCli({ out: process.stdout, err: process.stderr, signal: stop.signal }).run(process.argv.slice(2), process.env);
process.exit(code);
