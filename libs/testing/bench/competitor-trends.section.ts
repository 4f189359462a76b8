// The competitor_trends section of `npm run bench:deals`: runs `npm run bench:competitors` (it
// belongs to agent-api: GET /v1/competitors at 1 and 32 concurrent over 10,000 indexed calls) as a
// child process, passes its figures lines through and returns its last line's JSON.
// BENCH_COMPETITORS=false skips it (the figure is then null).
import { spawn } from 'node:child_process';

export interface CompetitorTrendsFigures {
  competitor_trends_p95_ms_32: number;
  competitor_trends_p95_ms_1: number;
  gong_requests: number;
  load_avg_1m: number;
}

export async function competitorTrendsFigures(): Promise<CompetitorTrendsFigures | null> {
  if (process.env.BENCH_COMPETITORS === 'false') return null;
  process.stdout.write('competitor_trends: npm run bench:competitors ...\n');
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'bench:competitors'], { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`bench:competitors exited with ${code}`))));
  });
  const lines = out.trim().split('\n');
  for (const line of lines.slice(0, -1)) process.stdout.write(`  ${line}\n`);
  return JSON.parse(lines[lines.length - 1]!) as CompetitorTrendsFigures;
}
