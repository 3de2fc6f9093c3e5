/**
 * The docs link only inside the repository: every Markdown link in a tracked .md file points at a file or folder
 * that exists in the repo, never at a web page or a path outside it (a newcomer's clone has nothing else).
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const SKIP = new Set(['node_modules', 'dist', 'data', '.git', 'coverage']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** Link targets in Markdown text outside fenced code blocks: `[text](target)`, `[ref]: target` and `<scheme:…>`. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? '');
  const references = [...prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1] ?? '');
  const autolinks = [...prose.matchAll(/<([a-z][a-z0-9+.-]*:[^>\s]+)>/gi)].map((m) => m[1] ?? '');
  return [...inline, ...references, ...autolinks];
}

/** Why a link leaves the repository (or is broken), or null when it stays inside and exists. */
function problemWith(file: string, target: string, repoRoot: string): string | null {
  if (target.startsWith('#')) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return 'leaves the repository (a URL)';
  const path = decodeURIComponent(target.split('#')[0] ?? '');
  if (isAbsolute(path)) return 'leaves the repository (an absolute path)';
  const resolved = resolve(dirname(file), path);
  const inside = relative(repoRoot, resolved);
  if (inside.startsWith('..') || isAbsolute(inside) || inside.split(sep)[0] === '..') {
    return 'leaves the repository (a path above its root)';
  }
  return existsSync(resolved) ? null : 'points at nothing in the repository';
}

describe('Markdown links stay inside the repository', () => {
  const files = markdownFiles(root);

  it('finds the docs it checks', () => {
    const names = files.map((f) => relative(root, f));

    expect(names).toEqual(
      expect.arrayContaining([
        'README.md',
        join('docs', 'ARCHITECTURE.md'),
        join('docs', 'STYLE.md'),
        join('docs', 'reference', 'bitrix24-rest.md'),
        join('docs', 'reference', 'slack.md'),
      ]),
    );
  });

  it('no link leaves the repository or points at nothing', () => {
    const offenders = files.flatMap((file) =>
      linkTargets(readFileSync(file, 'utf8')).flatMap((target) => {
        const problem = problemWith(file, target, root);
        return problem === null ? [] : [`${relative(root, file)}: ${target} ${problem}`];
      }),
    );

    expect(offenders).toEqual([]);
  });

  it('no doc names the team folder outside the repository', () => {
    const offenders = files
      .filter((file) => /\/work\/shared|\.\.\/shared\//.test(readFileSync(file, 'utf8')))
      .map((f) => relative(root, f));

    expect(offenders).toEqual([]);
  });

  it.each([
    ['[x](https://example.com)', 'leaves the repository (a URL)'],
    ['[x](../shared/ARCHITECTURE.md)', 'leaves the repository (a path above its root)'],
    ['[x](/work/shared/STYLE.md)', 'leaves the repository (an absolute path)'],
    ['<https://example.com>', 'leaves the repository (a URL)'],
    ['[x](docs/missing.md)', 'points at nothing in the repository'],
    ['[x](docs/STYLE.md#7-testing)', null],
    ['`[x](https://in.code/span)` and\n```\n[y](https://in.fence)\n```', undefined],
  ])('the checker itself: %s', (markdown, expected) => {
    const targets = linkTargets(markdown);
    const problems = targets.map((t) => problemWith(join(root, 'README.md'), t, root));

    if (expected === undefined) expect(targets).toEqual([]);
    else expect(problems).toEqual([expected]);
  });
});

describe('the docs stay current with the code', () => {
  it('README.md and docs/ARCHITECTURE.md document every variable bot/config.ts reads', () => {
    const config = readFileSync(join(root, 'bot', 'config.ts'), 'utf8');
    const env = config.slice(
      config.indexOf('const Env = z.object({'),
      config.indexOf('\n});', config.indexOf('const Env')),
    );
    const variables = [...env.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1] ?? '');
    const docs = ['README.md', join('docs', 'ARCHITECTURE.md')].map((name) => ({
      name,
      text: readFileSync(join(root, name), 'utf8'),
    }));

    const missing = docs.flatMap(({ name, text }) =>
      variables.filter((v) => !text.includes(`\`${v}\``)).map((v) => `${name}: ${v}`),
    );

    expect(variables.length).toBeGreaterThan(15);
    expect(missing).toEqual([]);
  });
});
