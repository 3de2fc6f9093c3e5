import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
}

describe('dependency direction (ARCHITECTURE.md)', () => {
  it('the engine imports no surface, driver or scheduler code and calls no fetch', () => {
    const forbidden = /^(hono|@hono\/|@slack\/|drizzle-orm|better-sqlite3|mongodb|agenda|@agendajs\/|pino)/;
    const offenders: string[] = [];

    for (const file of sourceFiles(join(root, 'engine'))) {
      const rel = relative(root, file);
      for (const spec of importsOf(file)) {
        if (forbidden.test(spec) || /^\.\.\/(bot|storage|bitrix24|commands)\//.test(spec))
          offenders.push(`${rel} → ${spec}`);
      }
      if (/\bfetch\(/.test(readFileSync(file, 'utf8'))) offenders.push(`${rel} calls fetch`);
    }

    expect(offenders).toEqual([]);
  });

  it('bitrix24/ never imports bot/', () => {
    const offenders = sourceFiles(join(root, 'bitrix24')).filter((file) =>
      importsOf(file).some((spec) => /(^|\/)bot\//.test(spec)),
    );

    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});
