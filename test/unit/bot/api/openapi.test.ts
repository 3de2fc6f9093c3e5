import { describe, expect, it } from 'vitest';
import { createOpenApiDocument } from '../../../../bot/api/openapi.js';

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => (key === '$ref' && typeof v === 'string' ? [v] : refsIn(v)));
}

describe('OpenAPI document', () => {
  const doc = createOpenApiDocument() as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, Record<string, unknown>> };
  };

  it('is OpenAPI 3.1 with every route of the API', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/departments',
      '/api/v1/handoffs',
      '/api/v1/handoffs/preview',
      '/api/v1/handoffs/{id}',
      '/api/v1/handoffs/{id}/cancel',
      '/api/v1/handoffs/{id}/items',
      '/api/v1/handoffs/{id}/retry',
      '/api/v1/handoffs/{id}/return',
      '/api/v1/handoffs/{id}/undo',
      '/api/v1/hr-people',
      '/api/v1/hr-people/{person}',
      '/api/v1/kinds',
      '/api/v1/people',
      '/api/v1/roles',
      '/api/v1/roles/{name}',
      '/api/v1/vacations',
      '/api/v1/vacations/{externalId}',
      '/api/v1/webhooks',
      '/api/v1/webhooks/{webhookId}',
      '/api/v1/webhooks/{webhookId}/deliveries',
      '/healthz',
    ]);
  });

  it('resolves every $ref to a component and keeps no standalone $id/$schema inside components', () => {
    const refs = refsIn(doc);
    const missing = refs.filter(
      (ref) => doc.components.schemas[ref.replace('#/components/schemas/', '')] === undefined,
    );

    expect(refs.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
    for (const schema of Object.values(doc.components.schemas)) {
      expect(schema).not.toHaveProperty('$id');
      expect(schema).not.toHaveProperty('$schema');
    }
  });

  it('writes the plan from the zod schema: closed object, from and to required, dates as ISO or phrase', () => {
    const plan = doc.components.schemas.Plan as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, unknown>;
    };

    expect(plan.required.sort()).toEqual(['from', 'to']);
    expect(plan.additionalProperties).toBe(false);
    expect(Object.keys(plan.properties).sort()).toEqual(
      [
        'allItems',
        'dryRun',
        'forceReturn',
        'from',
        'kinds',
        'notify',
        'returnAt',
        'start',
        'sweep',
        'targets',
        'to',
      ].sort(),
    );
    expect(JSON.stringify(doc.components.schemas.When)).toContain('"format":"date-time"');
    expect(JSON.stringify(doc.components.schemas.When)).toContain('timeZone');
  });

  it('shows the looked-up names as optional added fields: Person on from and initiatorUser, names on targets', () => {
    const schemas = doc.components.schemas as Record<
      string,
      {
        required?: string[];
        properties?: Record<string, unknown>;
        oneOf?: { properties: object; required: string[] }[];
      }
    >;
    const handoff = schemas.Handoff;
    const resolved = schemas.ResolvedTarget?.oneOf ?? [];

    expect(schemas.Person?.required).toEqual(['id']);
    expect(Object.keys(schemas.Person?.properties ?? {})).toEqual(['id', 'name', 'email']);
    expect(handoff?.properties?.from).toEqual({ $ref: '#/components/schemas/Person' });
    expect(handoff?.properties?.initiatorUser).toMatchObject({ $ref: '#/components/schemas/Person' });
    expect(handoff?.required).not.toContain('initiatorUser');
    expect(resolved.map((r) => Object.keys(r.properties))).toEqual([
      ['type', 'id', 'via', 'name', 'email'],
      ['type', 'id', 'memberIds', 'name', 'members'],
    ]);
    expect(resolved.map((r) => r.required)).toEqual([
      ['type', 'id', 'via'],
      ['type', 'id', 'memberIds'],
    ]);
  });
});
