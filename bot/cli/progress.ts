/**
 * The CLI's progress bar: polls a handoff's status while it runs (or returns) and draws a bar on stderr, redrawn in
 * place on a terminal and one line per change otherwise. Stops when the handoff leaves running/returning.
 * @module
 */
import type { HandoffOut } from '../api/response-schemas.js';
import type { ApiClient } from './api-client.js';
import { formatCounts } from './render.js';

export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
}

export interface WatchOptions {
  readonly client: ApiClient;
  readonly stderr: TextSink;
  readonly sleep: (ms: number) => Promise<void>;
  readonly intervalMs: number;
  /** What was asked: a transfer (start, retry) or a return (return, undo). Default `transfer`. */
  readonly phase?: WatchPhase;
  /** Polls without any change before giving up watching (the server may not be running its jobs). Default 300. */
  readonly patience?: number;
}

export type WatchPhase = 'transfer' | 'return';

const MOVING: readonly string[] = ['running', 'returning'];
const BAR_WIDTH = 30;

/**
 * @example progressLine({ total: 10, counts: { pending: 5, moved: 5, … } }) // '[###############...............]  50%  5/10 …'
 */
export function progressLine(view: Pick<HandoffOut, 'id' | 'status' | 'total' | 'counts'>): string {
  const done = view.total - view.counts.pending;
  const share = view.total === 0 ? 0 : done / view.total;
  const filled = Math.round(share * BAR_WIDTH);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  const { pending: _pending, ...rest } = view.counts;
  return `${view.id} ${view.status} [${bar}] ${percent}  ${done}/${view.total}  ${formatCounts(rest)}`;
}

/** True while the handoff is moving items (there is something to watch). */
export function isMoving(view: Pick<HandoffOut, 'status'>): boolean {
  return MOVING.includes(view.status);
}

/**
 * True while there is something to wait for: items moving, or a job asked for and not yet begun (a start without a
 * future start instant; a return that has not reached `returned`). Once it was seen moving, it ends when it stops.
 */
export function isAwaited(
  view: Pick<HandoffOut, 'status' | 'startAt' | 'counts'>,
  phase: WatchPhase,
  seenMoving: boolean,
): boolean {
  if (isMoving(view)) return true;
  // `return` on a running handoff: the transfer stops as cancelled, then the return of what moved follows.
  if (phase === 'return' && view.status === 'cancelled' && view.counts.moved + view.counts.pending > 0) return true;
  if (seenMoving) return false;
  return phase === 'transfer' ? view.status === 'scheduled' && view.startAt === null : view.status !== 'returned';
}

/** Polls until the handoff is no longer awaited (see isAwaited); returns its last view. */
export async function watchHandoff(first: HandoffOut, options: WatchOptions): Promise<HandoffOut> {
  const { stderr } = options;
  const phase = options.phase ?? 'transfer';
  const tty = stderr.isTTY === true;
  let view = first;
  let last = '';
  let seenMoving = false;
  let unchanged = 0;
  const draw = () => {
    const line = progressLine(view);
    if (line === last) return false;
    last = line;
    stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    return true;
  };
  draw();
  while (isAwaited(view, phase, seenMoving)) {
    seenMoving ||= isMoving(view);
    await options.sleep(options.intervalMs);
    view = await options.client.get<HandoffOut>(`/api/v1/handoffs/${view.id}`);
    unchanged = draw() ? 0 : unchanged + 1;
    if (unchanged >= (options.patience ?? 300)) {
      stderr.write(
        `${tty ? '\n' : ''}${view.id} has not changed for a while; check later with "handoff status ${view.id}".\n`,
      );
      return view;
    }
  }
  if (tty) stderr.write('\n');
  return view;
}
