/**
 * Runs every benchmark in sequence, each in a fresh child process (so one's heap, JIT state and memory peak never
 * colour the next), and prints a summary table: best and median per figure over the runs, against its goal.
 * Run: `npm run bench`, or `node dist/bench/run-all.js [--runs 3] [--only end-to-end,memory]` after a build.
 * @module
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatSummary, type SummaryRow } from './summary.js';

interface Benchmark {
  readonly name: string;
  /** Node flags the benchmark's process needs. */
  readonly execArgv?: readonly string[];
  readonly run: () => Promise<SummaryRow[]>;
}

const BENCHMARKS: readonly Benchmark[] = [
  {
    name: 'store',
    run: async () => (await import('./store.js')).main(),
  },
  {
    name: 'bitrix24-reassign',
    run: async () => {
      const { main, summarizeReassignBench } = await import('./bitrix24-reassign.js');
      return summarizeReassignBench(await main());
    },
  },
  {
    name: 'end-to-end',
    run: async () => (await import('./handoff-end-to-end.js')).main(),
  },
  {
    name: 'sizes',
    run: async () => (await import('./handoff-sizes.js')).main(),
  },
  {
    name: 'memory',
    // A collected heap before the baseline is read.
    execArgv: ['--expose-gc'],
    run: async () => (await import('./handoff-memory.js')).main(),
  },
];

type ChildMessage = { type: 'rows'; rows: SummaryRow[] } | { type: 'error'; message: string };

/** Runs one benchmark in a child process of this same file and collects its summary rows. */
function runInChild(bench: Benchmark): Promise<SummaryRow[]> {
  const self = fileURLToPath(import.meta.url);
  const child = fork(self, ['--child', bench.name], {
    execArgv: [...process.execArgv, ...(bench.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let answer: ChildMessage | undefined;
    child.on('message', (message: ChildMessage) => {
      answer = message;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (answer?.type === 'rows') resolve(answer.rows);
      else reject(new Error(answer?.type === 'error' ? answer.message : `${bench.name} exited with code ${code}`));
    });
  });
}

async function child(name: string): Promise<void> {
  const bench = BENCHMARKS.find((b) => b.name === name);
  if (!bench) throw new Error(`unknown benchmark ${name}`);
  let message: ChildMessage;
  try {
    message = { type: 'rows', rows: await bench.run() };
  } catch (error) {
    console.error(error);
    message = { type: 'error', message: `${name}: ${String(error)}` };
  }
  // Leave once the answer is written (an idle keep-alive socket must not keep us alive).
  process.send?.(message, undefined, undefined, () => process.exit(0));
}

async function parent(runs: number, only: readonly string[] | undefined): Promise<void> {
  const selected = BENCHMARKS.filter((b) => !only || only.includes(b.name));
  if (selected.length === 0) throw new Error(`no benchmark matches --only; known: ${BENCHMARKS.map((b) => b.name)}`);
  const results: SummaryRow[][] = [];
  const failures: string[] = [];
  const loads: number[] = [];
  for (let round = 1; round <= runs; round += 1) {
    for (const bench of selected) {
      console.log(`\n=== ${bench.name} (run ${round} of ${runs}) ===`);
      loads.push(loadavg()[0] ?? 0);
      try {
        results.push(await runInChild(bench));
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  }
  console.log(`\n=== summary: ${runs} run(s) of each ===`);
  console.log(formatSummary(results));
  console.log(
    `machine load average (1 min) before each benchmark: ${loads.map((l) => l.toFixed(2)).join(', ')} ` +
      '(requests are serialized per portal, so a busy machine shows up in the ratios)',
  );
  if (failures.length > 0) {
    console.error(`\n${failures.length} benchmark run(s) failed:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
  // A single run past its goal is a figure (the machine may be busy), not a failure; the table judges the median.
  const misses = results.flatMap((rows) =>
    rows
      .filter((r) => r.goalMax !== undefined && r.value > r.goalMax)
      .map((r) => `${r.bench} ${r.metric}: ${r.value.toFixed(r.digits)}`),
  );
  if (misses.length > 0) console.log(`single runs past their goal: ${misses.join('; ')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '1' }, only: { type: 'string' }, child: { type: 'string' } },
  });
  const task = values.child
    ? child(values.child)
    : parent(Math.max(1, Number.parseInt(values.runs, 10) || 1), values.only?.split(','));
  task.catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
