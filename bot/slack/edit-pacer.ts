/**
 * Paces in-place edits of progress messages: per message the latest state wins (coalescing), at most one edit per
 * `minIntervalMs`, every edit takes a token from the workspace bucket, and a 429's Retry-After pauses the workspace.
 * A final edit is never dropped: it waits for its turn like the others (slack.md §3.4).
 * @module
 */
import type { Clock, Logger } from '../../engine/ports.js';
import type { TokenBucket } from './token-bucket.js';

/** What one edit attempt came to; `retryAfterMs` says Slack rate-limited it and it should be tried again. */
export type EditOutcome = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs?: number };

export type Edit = () => Promise<EditOutcome>;

export interface Timers {
  /** Runs `fn` after `ms`; returns a cancel function. */
  setTimeout(fn: () => void, ms: number): () => void;
}

export const realTimers: Timers = {
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};

export interface EditPacer {
  /** Queues the latest edit for `key`, replacing an edit not sent yet. */
  submit(key: string, edit: Edit): void;
  /** Counts a send made elsewhere (the post that created the message) for the message's pace. */
  markSent(key: string): void;
  /** Resolves once nothing is queued or in flight (shutdown, tests). */
  idle(): Promise<void>;
}

export interface EditPacerOptions {
  readonly bucket: TokenBucket;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Minimum gap between two edits of one message. Default 3000 ms. */
  readonly minIntervalMs?: number;
  readonly timers?: Timers;
}

interface MessageState {
  pending: Edit | undefined;
  inFlight: boolean;
  lastSentAt: number;
  cancelTimer: (() => void) | undefined;
}

export function createEditPacer(options: EditPacerOptions): EditPacer {
  const minIntervalMs = options.minIntervalMs ?? 3000;
  const timers = options.timers ?? realTimers;
  const states = new Map<string, MessageState>();
  let idleWaiters: (() => void)[] = [];

  function busy(): boolean {
    for (const s of states.values()) if (s.pending !== undefined || s.inFlight) return true;
    return false;
  }

  function settleIdle(): void {
    if (busy()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function stateOf(key: string): MessageState {
    let state = states.get(key);
    if (state === undefined) {
      state = { pending: undefined, inFlight: false, lastSentAt: Number.NEGATIVE_INFINITY, cancelTimer: undefined };
      states.set(key, state);
    }
    return state;
  }

  /** Drops messages with nothing queued whose pace no longer matters, so the map stays small. */
  function forgetQuiet(now: number): void {
    for (const [key, s] of states) {
      if (!s.inFlight && s.pending === undefined && now - s.lastSentAt >= minIntervalMs) states.delete(key);
    }
  }

  function drain(key: string): void {
    const state = states.get(key);
    if (state === undefined || state.inFlight || state.pending === undefined) {
      settleIdle();
      return;
    }
    const now = options.clock.now().getTime();
    const due = Math.max(state.lastSentAt + minIntervalMs, options.bucket.nextAvailableAt(now));
    if (due > now || !options.bucket.tryTake(now)) {
      state.cancelTimer?.();
      state.cancelTimer = timers.setTimeout(
        () => {
          state.cancelTimer = undefined;
          drain(key);
        },
        Math.max(due - now, 50),
      );
      return;
    }
    const edit = state.pending;
    state.pending = undefined;
    state.inFlight = true;
    state.lastSentAt = now;
    edit()
      .then(
        (outcome) => {
          if (!outcome.ok && outcome.retryAfterMs !== undefined) {
            options.bucket.pauseUntil(options.clock.now().getTime() + outcome.retryAfterMs);
            // Retry this state unless a newer one arrived meanwhile (the newer one wins).
            state.pending ??= edit;
          }
        },
        (err: unknown) => options.logger.warn({ err, key }, 'progress edit failed'),
      )
      .finally(() => {
        state.inFlight = false;
        drain(key);
      });
  }

  return {
    submit(key, edit) {
      forgetQuiet(options.clock.now().getTime());
      stateOf(key).pending = edit;
      drain(key);
    },
    markSent(key) {
      stateOf(key).lastSentAt = options.clock.now().getTime();
    },
    idle() {
      if (!busy()) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
