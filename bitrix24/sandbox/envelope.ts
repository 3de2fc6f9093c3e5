/**
 * Success and error envelopes with the `time` object (reference §1), and PHP-array JSON for batch maps.
 * @module
 */

export interface TimeInfo {
  readonly start: number;
  readonly finish: number;
  readonly duration: number;
  readonly processing: number;
  readonly date_start: string;
  readonly date_finish: string;
  readonly operating: number;
  readonly operating_reset_at: number;
}

/** The `time` object of a call that started at `startMs` and finished at `finishMs`. */
export function timeInfo(startMs: number, finishMs: number): TimeInfo {
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  return {
    start: startMs / 1000,
    finish: finishMs / 1000,
    duration: (finishMs - startMs) / 1000,
    processing: (finishMs - startMs) / 1000,
    date_start: iso(startMs),
    date_finish: iso(finishMs),
    operating: 0,
    operating_reset_at: Math.floor(finishMs / 1000) + 600,
  };
}

/**
 * A map as PHP's json_encode prints an array: `[]` when empty, a JSON array when its keys are 0..n-1, else an object.
 * @example phpMap(new Map()) // []
 */
export function phpMap(map: ReadonlyMap<string, unknown>): unknown {
  if (map.size === 0) return [];
  const keys = [...map.keys()];
  if (keys.every((k, i) => k === String(i))) return [...map.values()];
  return Object.fromEntries(map);
}
