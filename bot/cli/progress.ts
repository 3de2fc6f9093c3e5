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
}

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

/** Polls until the handoff stops moving; returns its last view. */
export async function watchHandoff(first: HandoffOut, options: WatchOptions): Promise<HandoffOut> {
  const { stderr } = options;
  const tty = stderr.isTTY === true;
  let view = first;
  let last = '';
  const draw = () => {
    const line = progressLine(view);
    if (line === last) return;
    last = line;
    stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  };
  draw();
  while (isMoving(view)) {
    await options.sleep(options.intervalMs);
    view = await options.client.get<HandoffOut>(`/api/v1/handoffs/${view.id}`);
    draw();
  }
  if (tty) stderr.write('\n');
  return view;
}
