/**
 * What the Docker files promise, checked without a Docker engine (none runs in CI here): the image runs as an
 * unprivileged user that owns /data, has a health check on /healthz, and leaves the build context lean; the compose
 * files run two replicas on MongoDB behind one port, or one container on SQLite, and pass only variables that
 * bot/config.ts reads.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const read = (name: string) => readFileSync(join(root, name), 'utf8');

/** Variable names the server's zod schema reads (the keys of `Env` in bot/config.ts). */
function configVariables(): Set<string> {
  const source = read('bot/config.ts');
  const body = source.slice(
    source.indexOf('const Env = z.object({'),
    source.indexOf('\n});', source.indexOf('const Env')),
  );
  return new Set([...body.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1] ?? ''));
}

/** The Dockerfile's instructions of the final stage, joined continuation lines. */
function finalStage(dockerfile: string): string[] {
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n');
  const from = lines.map((l, i) => (/^FROM\s/i.test(l) ? i : -1)).filter((i) => i >= 0);
  return lines.slice(from.at(-1)).filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
}

/** `KEY: value` names under each `environment:` block of a compose file. */
function composeVariables(compose: string): string[] {
  const names: string[] = [];
  const lines = compose.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^(\s*)environment:\s*$/.exec(lines[i] ?? '');
    if (!match) continue;
    const indent = (match[1] ?? '').length;
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j] ?? '';
      if (line.trim() === '') continue;
      if (line.length - line.trimStart().length <= indent) break;
      const key = /^\s+([A-Z][A-Z0-9_]*):/.exec(line);
      if (key?.[1]) names.push(key[1]);
    }
  }
  return names;
}

describe('Dockerfile', () => {
  const stage = finalStage(read('Dockerfile'));
  const index = (pattern: RegExp) => stage.findIndex((l) => pattern.test(l));

  it('runs as the unprivileged node user, set after everything that needs root', () => {
    const user = index(/^USER\s+node\b/);

    expect(user).toBeGreaterThan(0);
    expect(stage.slice(user + 1).some((l) => /^(RUN|COPY|ADD)\s/.test(l))).toBe(false);
    expect(stage.some((l) => /^USER\s+(root|0)\b/.test(l))).toBe(false);
  });

  it('creates /data owned by that user before declaring it a volume, and puts the database there', () => {
    const chown = index(/^RUN\s.*mkdir -p \/data.*chown\s+node:node\s+\/data/);
    const volume = index(/^VOLUME\s+\/data\b/);

    expect(chown).toBeGreaterThanOrEqual(0);
    expect(volume).toBeGreaterThan(chown);
    expect(stage.join('\n')).toMatch(/DATABASE_PATH=\/data\/handoff\.db/);
  });

  it('has a health check on /healthz and starts the compiled server', () => {
    expect(stage.find((l) => l.startsWith('HEALTHCHECK'))).toMatch(/\/healthz/);
    expect(stage.at(-1)).toBe('CMD ["node", "dist/bot/main.js"]');
    expect(stage.join('\n')).toMatch(/COPY --from=build \/app\/storage\/migrations/);
  });

  it('sets only variables the server reads (besides Node’s own)', () => {
    const env = stage
      .filter((l) => l.startsWith('ENV '))
      .flatMap((l) => [...l.matchAll(/([A-Z_]+)=/g)].map((m) => m[1] ?? ''));
    const known = configVariables();

    expect(env.filter((name) => !known.has(name) && name !== 'NODE_ENV' && name !== 'TZ')).toEqual([]);
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, builds, data and git history out of the build context', () => {
    const entries = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());

    expect(entries).toEqual(expect.arrayContaining(['node_modules', 'data', 'dist', '.git']));
  });
});

describe('docker-compose.yml (MongoDB, two replicas, one port)', () => {
  const compose = read('docker-compose.yml');
  const known = configVariables();

  it('runs MongoDB, two Handoff replicas on it and one proxy', () => {
    for (const service of ['mongo', 'handoff-1', 'handoff-2', 'proxy']) {
      expect(compose).toMatch(new RegExp(`^ {2}${service}:`, 'm'));
    }
    expect(compose).toMatch(/MONGODB_URL: mongodb:\/\/mongo:27017\/\w+/);
    expect(compose).toMatch(/condition: service_healthy/);
  });

  it('publishes one port, on the proxy only', () => {
    const published = [...compose.matchAll(/^\s+ports:\s*\n((?:\s+- .*\n)+)/gm)].map((m) => m[1]?.trim());

    expect(published).toHaveLength(1);
    expect(published[0]).toMatch(/:8080"$/);
    const caddy = read('deploy/Caddyfile');
    expect(caddy).toMatch(/^:8080 \{/m);
    expect(caddy).toMatch(/reverse_proxy handoff-1:3000 handoff-2:3000/);
  });

  it('passes only variables bot/config.ts reads', () => {
    const names = composeVariables(compose);

    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => !known.has(n))).toEqual([]);
  });
});

describe('docker-compose.sqlite.yml (one container)', () => {
  const compose = read('docker-compose.sqlite.yml');

  it('keeps the SQLite file in a volume at /data and passes only known variables', () => {
    expect(compose).toMatch(/- handoff-data:\/data/);
    expect(compose).toMatch(/DATABASE_PATH: \/data\/handoff\.db/);
    expect(compose).not.toMatch(/MONGODB_URL/);
    expect(composeVariables(compose).filter((n) => !configVariables().has(n))).toEqual([]);
  });
});
