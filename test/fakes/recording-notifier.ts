/**
 * A Notifier that records every call for assertions; it can be told to throw, to show that notifier failures never
 * break a handoff.
 * @module
 */
import type { Handoff, ItemCounts, Progress } from '../../engine/model.js';
import type { HandoffNotice, ItemSummary, Notifier, ParticipantPhase } from '../../engine/ports.js';
import type { WaitingGroup } from '../../engine/waiting.js';

export class RecordingNotifier implements Notifier {
  readonly progressCalls: { handoff: Handoff; progress: Progress }[] = [];
  readonly itemBatches: { handoff: Handoff; items: readonly ItemSummary[] }[] = [];
  readonly participantCalls: {
    handoff: Handoff;
    phase: ParticipantPhase;
    counts: ItemCounts;
    waiting?: readonly WaitingGroup[];
  }[] = [];
  readonly noticeCalls: { handoff: Handoff; notice: HandoffNotice }[] = [];
  /** When set, every call throws this (after recording). */
  failWith: Error | undefined;
  /** When false, item summaries are counted but not kept (for large runs). */
  keepItems = true;
  itemCount = 0;

  async progress(handoff: Handoff, progress: Progress): Promise<void> {
    this.progressCalls.push({ handoff, progress });
    if (this.failWith) throw this.failWith;
  }

  async items(handoff: Handoff, items: readonly ItemSummary[]): Promise<void> {
    this.itemCount += items.length;
    if (this.keepItems) this.itemBatches.push({ handoff, items });
    if (this.failWith) throw this.failWith;
  }

  async participants(
    handoff: Handoff,
    phase: ParticipantPhase,
    counts: ItemCounts,
    waiting?: readonly WaitingGroup[],
  ): Promise<void> {
    this.participantCalls.push({ handoff, phase, counts, ...(waiting === undefined ? {} : { waiting }) });
    if (this.failWith) throw this.failWith;
  }

  async notice(handoff: Handoff, notice: HandoffNotice): Promise<void> {
    this.noticeCalls.push({ handoff, notice });
    if (this.failWith) throw this.failWith;
  }

  /** Final snapshots, in order. */
  finals(): Progress[] {
    return this.progressCalls.filter((c) => c.progress.final).map((c) => c.progress);
  }

  summaries(): ItemSummary[] {
    return this.itemBatches.flatMap((b) => b.items);
  }
}
