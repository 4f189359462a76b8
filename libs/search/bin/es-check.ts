// `npm run es:check -- --url https://es.example:9200 [--api-key <key> | --username <u> --password <p>]
//   [--ca-fingerprint <sha256> | --ca-cert <file.pem>] [--compat 8|9] [--no-tls-verify]`
//
// What an operator runs against a real cluster before pointing the connector at it: checks the
// connection (version, credentials), then runs the whole SearchIndex contract suite against a
// scratch alias of its own (created, filled, searched, then removed with its indexes and template)
// and prints one line per contract, then `N passed, N failed`. Exit code 0 only when all passed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { errors } from '@elastic/elasticsearch';
import { z } from 'zod';
import { ElasticsearchConfigFields } from '../src/factory/elasticsearch-config.fields.js';
import { elasticsearchConnection } from '../src/factory/search-index.factory.js';
import { createElasticsearchClient } from '../src/elasticsearch/elasticsearch-client.factory.js';

const USAGE =
  'usage: npm run es:check -- --url <https://host:9200> [--api-key <key> | --username <user> --password <password>]\n' +
  '         [--ca-fingerprint <sha256> | --ca-cert <file.pem>] [--compat 8|9] [--no-tls-verify] [--timeout-ms <ms>]';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    'api-key': { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
    'ca-fingerprint': { type: 'string' },
    'ca-cert': { type: 'string' },
    compat: { type: 'string' },
    'no-tls-verify': { type: 'boolean' },
    'timeout-ms': { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.url || !/^https?:\/\/\S+$/.test(values.url)) {
  console.error(`es:check: --url is required: the cluster URL, like https://es.example:9200\n${USAGE}`);
  process.exit(2);
}

// The same settings (and checks) a service reads from its environment.
const env: Record<string, string> = {
  ELASTICSEARCH_URL: values.url,
  ...(values['api-key'] ? { ELASTICSEARCH_API_KEY: values['api-key'] } : {}),
  ...(values.username ? { ELASTICSEARCH_USERNAME: values.username } : {}),
  ...(values.password ? { ELASTICSEARCH_PASSWORD: values.password } : {}),
  ...(values['ca-fingerprint'] ? { ELASTICSEARCH_CA_FINGERPRINT: values['ca-fingerprint'] } : {}),
  ...(values['ca-cert'] ? { ELASTICSEARCH_CA_CERT_FILE: values['ca-cert'] } : {}),
  ...(values.compat ? { ELASTICSEARCH_COMPATIBILITY: values.compat } : {}),
  ...(values['no-tls-verify'] ? { ELASTICSEARCH_TLS_VERIFY: 'false' } : {}),
  ...(values['timeout-ms'] ? { ELASTICSEARCH_REQUEST_TIMEOUT_MS: values['timeout-ms'] } : {}),
};
const parsed = z.object(ElasticsearchConfigFields).safeParse(env);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`es:check: ${issue.path.join('.')}: ${issue.message}`);
  process.exit(2);
}

let client;
try {
  client = createElasticsearchClient(elasticsearchConnection(values.url, parsed.data));
} catch (error) {
  console.error(`es:check: ${(error as Error).message}`);
  process.exit(2);
}
try {
  const info = await client.info();
  console.log(`cluster ${info.cluster_name}: Elasticsearch ${info.version.number} at ${values.url} (compatible-with=${parsed.data.ELASTICSEARCH_COMPATIBILITY})`);
  const major = Number(info.version.number.split('.')[0]);
  if (major < 8) console.log(`  warning: Elasticsearch ${major}.x is not supported (8.x and 9.x are)`);
} catch (error) {
  const status = error instanceof errors.ResponseError ? error.statusCode : undefined;
  const body = error instanceof errors.ResponseError ? JSON.stringify(error.body ?? '') : '';
  let hint = '';
  if (status === 401) hint = ' (check --api-key, or --username and --password)';
  else if (status === 403) hint = ' (the credentials lack the cluster privilege "monitor")';
  else if (status === 400 && /compatible|media.type|Accept/i.test(body)) hint = ' (an 8.x cluster: add --compat 8)';
  else if (/certificate|fingerprint|self.signed|CERT/i.test((error as Error).message)) hint = ' (check --ca-fingerprint or --ca-cert)';
  console.error(`es:check: cannot reach the cluster: ${(error as Error).name}${status ? ` ${status}` : ''}: ${(error as Error).message.slice(0, 300)}${hint}`);
  await client.close();
  process.exit(1);
}
await client.close();

// The contract suite, as jest runs it, against a scratch alias; one line per contract.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const alias = `gc-check-${Date.now().toString(36)}`;
const dir = mkdtempSync(join(tmpdir(), 'es-check-'));
const out = join(dir, 'results.json');
console.log(`running the SearchIndex contract against alias ${alias} (removed at the end) ...`);
const run = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '-c', join(root, 'libs', 'search', 'jest.config.js'), '--rootDir', join(root, 'libs', 'search'), '--runInBand', '--json', `--outputFile=${out}`, 'src/elasticsearch/elasticsearch-search.index.int-spec.ts'],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, ...env, ES_CHECK_ALIAS: alias, NODE_OPTIONS: '--experimental-vm-modules --disable-warning=ExperimentalWarning' },
  },
);
if (!existsSync(out)) {
  console.error(`es:check: the contract suite did not run:\n${(run.stderr ?? '').slice(-2000)}`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
}
interface Assertion {
  ancestorTitles: string[];
  title: string;
  status: string;
  failureMessages: string[];
}
const report = JSON.parse(readFileSync(out, 'utf8')) as { testResults: { assertionResults: Assertion[]; message: string }[] };
rmSync(dir, { recursive: true, force: true });
let passed = 0;
let failed = 0;
for (const file of report.testResults) {
  for (const a of file.assertionResults) {
    const name = [...a.ancestorTitles.slice(1), a.title].join(' › ');
    if (a.status === 'passed') {
      passed++;
      console.log(`PASS  ${name}`);
    } else if (a.status === 'failed') {
      failed++;
      const first = (a.failureMessages[0] ?? '').split('\n').find((l) => l.trim() !== '') ?? '';
      console.log(`FAIL  ${name}: ${first.trim().slice(0, 300)}`);
    } else {
      console.log(`SKIP  ${name}`);
    }
  }
  if (file.assertionResults.length === 0 && file.message) {
    failed++;
    console.log(`FAIL  the suite did not load: ${file.message.split('\n').find((l) => l.trim() !== '')?.trim()}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
