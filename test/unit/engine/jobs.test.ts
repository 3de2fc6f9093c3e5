import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJobHandlers, parseJobPayload } from '../../../engine/jobs.js';
import { createHarness, createRecordingLogger, type LogLine, plan, TENANT } from './harness.js';

describe('job payloads and handlers', () => {
  it('parses { tenantId, handoffId } and refuses anything else without throwing', () => {
    expect(parseJobPayload({ tenantId: 't1', handoffId: 'h-1' })).toEqual({
      ok: true,
      value: { tenantId: 't1', handoffId: 'h-1' },
    });
    expect(parseJobPayload({ tenantId: '' }).ok).toBe(false);
    expect(parseJobPayload(null).ok).toBe(false);
  });

  it('runs the engine job for a stored payload and drops a bad one with a log line', async () => {
    const h = createHarness();
    h.ws.addItems('deals', 1, 2);
    const { view } = await h.service.create(plan());
    const lines: LogLine[] = [];
    const handlers = createJobHandlers(h.service.jobs, createRecordingLogger(lines));

    await handlers['handoff.start']({ tenantId: 't1', handoffId: view.handoff.id });
    await handlers['handoff.start']({ nope: true });

    expect((await h.service.get(TENANT, view.handoff.no)).handoff.status).toBe('completed');
    expect(lines.some((l) => l.level === 'error' && l.msg === 'invalid job payload')).toBe(true);
  });
});

describe('engine imports', () => {
  it('imports nothing but zod, node builtins and its own files', () => {
    const dir = join(import.meta.dirname, '..', '..', '..', 'engine');
    const builtins = new Set(builtinModules);
    const offenders: string[] = [];

    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const [, spec = ''] of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
        const ok =
          spec === 'zod' || spec.startsWith('node:') || builtins.has(spec) || /^\.\/[a-z0-9-]+\.js$/.test(spec);
        if (!ok) offenders.push(`${file} → ${spec}`);
      }
      if (/\bfetch\(/.test(text)) offenders.push(`${file} calls fetch`);
    }

    expect(offenders).toEqual([]);
  });
});
