/**
 * The CLI's words for command-line mistakes, before node:util's parseArgs sees them: an unknown flag is named and the
 * closest known one suggested (`--untill` → did you mean `--until`?); a flag without its value says so in flag
 * words. parseArgs' own messages speak of "options" and "positional arguments", which is not how `handoff help` talks.
 * @module
 */

/** A flag as parseArgs describes it. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
}

/** Edit distance (insert, delete, substitute, swap of neighbours), for suggestions only. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The known flag closest to `typed`, when close enough to be a slip (distance ≤ 2, or a prefix either way);
 * `preferred` (the command's own flags) win ties.
 * @example closestFlag('untill', ['until', 'url']) // 'until'
 */
export function closestFlag(typed: string, known: readonly string[], preferred: readonly string[] = []): string | null {
  const word = typed.toLowerCase();
  let best: { name: string; score: number } | null = null;
  for (const name of known) {
    // A prefix either way is a slip too: `--forc` for --force, `--force-return` where only --force is taken.
    const prefix = (name.startsWith(word) && word.length >= 3) || (word.startsWith(name) && name.length >= 4);
    const distance = prefix ? 1 : editDistance(word, name);
    const limit = Math.min(2, Math.max(1, Math.floor(name.length / 3)));
    if (distance > limit) continue;
    const score = distance * 2 - (preferred.includes(name) ? 1 : 0);
    if (best === null || score < best.score) best = { name, score };
  }
  return best?.name ?? null;
}

/**
 * The first problem with the flags of `argv` in the CLI's words, or null when parseArgs may take it.
 * Stops at `--` (what follows is not flags).
 */
export function flagProblem(
  argv: readonly string[],
  flags: Readonly<Record<string, FlagSpec>>,
  commandFlags: readonly string[] = [],
): string | null {
  const names = Object.keys(flags);
  const shorts = new Map(
    Object.entries(flags).flatMap(([name, spec]) => (spec.short ? [[spec.short, name] as const] : [])),
  );
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (token === '--') break;
    if (!token.startsWith('-') || token === '-') continue;
    let name: string;
    let inlineValue: boolean;
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      name = eq === -1 ? token.slice(2) : token.slice(2, eq);
      inlineValue = eq !== -1;
    } else {
      // Negative numbers are values (e.g. of --limit), and a lone short flag must be one we know.
      if (/^-\d/.test(token)) continue;
      const short = token.slice(1, 2);
      const long = shorts.get(short);
      if (long === undefined || token.length > 2)
        return `Unknown flag ${token}.${suggest(token.slice(1), names, commandFlags)}`;
      name = long;
      inlineValue = false;
    }
    const spec = flags[name];
    if (spec === undefined) return `Unknown flag --${name}.${suggest(name, names, commandFlags)}`;
    if (spec.type === 'boolean' && inlineValue) return `--${name} takes no value.`;
    if (spec.type === 'string' && !inlineValue) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) return `--${name} needs a value.`;
      i += 1;
    }
  }
  return null;
}

function suggest(typed: string, names: readonly string[], preferred: readonly string[]): string {
  const close = closestFlag(typed, names, preferred);
  return close === null ? '' : ` Did you mean --${close}?`;
}
