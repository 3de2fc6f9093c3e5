/**
 * A serial, non-blocking queue in front of the Notifier: the hot path never waits for chat APIs unless the backlog
 * grows past a bound, progress snapshots coalesce to the latest, item summaries go out in batches, and every
 * notifier failure is caught and logged (a slow or broken chat surface must never stop a handoff).
 * @module
 */
import type { Handoff, ItemCounts, Progress } from './model.js';
import type { ItemSummary, Logger, Notifier, ParticipantPhase } from './ports.js';
import type { WaitingGroup } from './waiting.js';

export interface NotifyQueue {
  /** Queues a snapshot; an unsent earlier snapshot is replaced by this one. */
  progress(handoff: Handoff, progress: Progress): void;
  /** Buffers one processed item; a full batch is queued. */
  item(handoff: Handoff, summary: ItemSummary): void;
  participants(handoff: Handoff, phase: ParticipantPhase, counts: ItemCounts, waiting?: readonly WaitingGroup[]): void;
  /** Waits only when the backlog is past its bound (backpressure for a slow notifier). */
  relieve(): Promise<void>;
  /** Queues the buffered items and waits until everything queued was delivered (or failed and was logged). */
  flush(handoff: Handoff): Promise<void>;
}

/** Queued calls beyond which the hot path waits for the notifier. */
const MAX_BACKLOG = 20;

export function createNotifyQueue(notifier: Notifier, logger: Logger, summaryBatchSize: number): NotifyQueue {
  let chain: Promise<void> = Promise.resolve();
  let backlog = 0;
  let latestProgress: { handoff: Handoff; progress: Progress } | undefined;
  let buffer: ItemSummary[] = [];

  function enqueue(name: string, call: () => Promise<void>): void {
    backlog += 1;
    chain = chain.then(async () => {
      try {
        await call();
      } catch (err) {
        logger.warn({ err, call: name }, 'notifier call failed');
      } finally {
        backlog -= 1;
      }
    });
  }

  function queueItems(handoff: Handoff): void {
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    enqueue('items', () => notifier.items(handoff, batch));
  }

  return {
    progress(handoff, progress) {
      // The thread gets every item summary before the last snapshot.
      if (progress.final) queueItems(handoff);
      const alreadyQueued = latestProgress !== undefined;
      latestProgress = { handoff, progress };
      if (alreadyQueued) return;
      enqueue('progress', async () => {
        const latest = latestProgress;
        latestProgress = undefined;
        if (latest) await notifier.progress(latest.handoff, latest.progress);
      });
    },
    item(handoff, summary) {
      buffer.push(summary);
      if (buffer.length >= summaryBatchSize) queueItems(handoff);
    },
    participants(handoff, phase, counts, waiting) {
      enqueue('participants', () => notifier.participants(handoff, phase, counts, waiting));
    },
    async relieve() {
      if (backlog > MAX_BACKLOG) await chain;
    },
    async flush(handoff) {
      queueItems(handoff);
      await chain;
    },
  };
}
