// Sections of `npm run bench:deals` that belong to other benches: each runs `npm run <script>` as a
// child process, passes its figures lines through and returns its last line's JSON.
// - competitor_trends: `bench:competitors` (GET /v1/competitors at 1 and 32 concurrent over 10,000
//   indexed calls); BENCH_COMPETITORS=false skips it.
// - meeting_prep: `bench:meeting-prep` (meeting_prep over MCP, 1 concurrent, with its live check);
//   BENCH_MEETING_PREP=false skips it.
// A skipped section's figures are null.
import { spawn } from 'node:child_process';

export interface CompetitorTrendsFigures {
  competitor_trends_p95_ms_32: number;
  competitor_trends_p95_ms_1: number;
  gong_requests: number;
  load_avg_1m: number;
}

export interface MeetingPrepFigures {
  meeting_prep_p95_ms_1: number;
  meeting_prep_gong_requests: number;
}

async function childBenchFigures<T>(script: string, skipVariable: string): Promise<T | null> {
  if (process.env[skipVariable] === 'false') return null;
  process.stdout.write(`npm run ${script} ... (${skipVariable}=false skips it)\n`);
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script], { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`${script} exited with ${code}`))));
  });
  const lines = out.trim().split('\n');
  for (const line of lines.slice(0, -1)) process.stdout.write(`  ${line}\n`);
  return JSON.parse(lines[lines.length - 1]!) as T;
}

export const competitorTrendsFigures = (): Promise<CompetitorTrendsFigures | null> => childBenchFigures('bench:competitors', 'BENCH_COMPETITORS');
export const meetingPrepFigures = (): Promise<MeetingPrepFigures | null> => childBenchFigures('bench:meeting-prep', 'BENCH_MEETING_PREP');
