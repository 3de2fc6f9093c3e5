/**
 * Injected faults: the next N calls of a method fail (over HTTP and inside a batch alike), and denied items.
 * @module
 */
import type { EntityKind } from '../../engine/kinds.js';
import type { FaultError } from './types.js';

export const DEFAULT_FAULT: FaultError = {
  status: 500,
  error: 'INTERNAL_SERVER_ERROR',
  description: 'Internal server error',
};

export class Faults {
  private readonly failing = new Map<string, { remaining: number; error: FaultError }>();
  private readonly denied = new Set<string>();

  failMethod(method: string, times: number, error: FaultError = DEFAULT_FAULT): void {
    if (times <= 0) this.failing.delete(method.toLowerCase());
    else this.failing.set(method.toLowerCase(), { remaining: times, error });
  }

  /** Consumes one failure of `method` when one is armed. */
  takeFailure(method: string): FaultError | undefined {
    const key = method.toLowerCase();
    const entry = this.failing.get(key);
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.failing.delete(key);
    return entry.error;
  }

  denyItem(kind: EntityKind, id: number): void {
    this.denied.add(`${kind}|${id}`);
  }

  allowItem(kind: EntityKind, id: number): void {
    this.denied.delete(`${kind}|${id}`);
  }

  isDenied(kind: EntityKind, id: number): boolean {
    return this.denied.has(`${kind}|${id}`);
  }

  clear(): void {
    this.failing.clear();
    this.denied.clear();
  }
}
