/**
 * A Clock tests move by hand: time stands still unless a test advances it.
 * @module
 */
import type { Clock } from '../../engine/ports.js';

export class FakeClock implements Clock {
  #now: number;

  constructor(start: Date | string = '2026-12-01T09:00:00Z') {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  advance(ms: number): Date {
    this.#now += ms;
    return this.now();
  }

  set(at: Date | string): void {
    this.#now = new Date(at).getTime();
  }
}
