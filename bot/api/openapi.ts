/**
 * The OpenAPI 3.1 document of /api/v1, written from the same zod schemas that check requests and describe answers
 * (`z.toJSONSchema`, JSON Schema 2020-12 as OpenAPI 3.1 uses), so it cannot drift from what the API does.
 * @module
 */
import { z } from 'zod';
import { DepartmentListOut, PeopleListOut, PeopleQuery } from './directory-schemas.js';
import { HrPeopleOut, HrPersonInput } from './hr-people-routes.js';
import {
  ErrorOut,
  HandoffListOut,
  HandoffOut,
  ItemPageOut,
  KindListOut,
  PersonOut,
  PreviewOut,
  ResolvedTargetOut,
  StatusCountsOut,
  TargetOut,
} from './response-schemas.js';
import { RoleInput, RoleListOut, RoleOut } from './role-schemas.js';
import { HandoffListQuery, ItemListQuery, PlanInput, ReturnInput, TargetInput, WhenInput } from './schemas.js';
import {
  VacationChangeOut,
  VacationInput,
  VacationListOut,
  VacationListQuery,
  VacationMoveInput,
  VacationOut,
} from './vacation-schemas.js';
import { DeliveryListOut, WebhookCreatedOut, WebhookInput, WebhookListOut } from './webhook-routes.js';

const COMPONENTS: readonly [string, z.ZodType][] = [
  ['Plan', PlanInput],
  ['Target', TargetInput],
  ['When', WhenInput],
  ['ReturnOptions', ReturnInput],
  ['Handoff', HandoffOut],
  ['HandoffList', HandoffListOut],
  ['Item', ItemPageOut.shape.items.element],
  ['ItemPage', ItemPageOut],
  ['Preview', PreviewOut],
  ['KindList', KindListOut],
  ['StatusCounts', StatusCountsOut],
  ['TargetOut', TargetOut],
  ['Person', PersonOut],
  ['ResolvedTarget', ResolvedTargetOut],
  ['Error', ErrorOut],
  ['PeopleList', PeopleListOut],
  ['DepartmentList', DepartmentListOut],
  ['VacationInput', VacationInput],
  ['VacationMove', VacationMoveInput],
  ['Vacation', VacationOut],
  ['VacationChange', VacationChangeOut],
  ['VacationList', VacationListOut],
  ['RoleInput', RoleInput],
  ['Role', RoleOut],
  ['RoleList', RoleListOut],
  ['HrPersonInput', HrPersonInput],
  ['HrPeople', HrPeopleOut],
  ['WebhookInput', WebhookInput],
  ['WebhookCreated', WebhookCreatedOut],
  ['WebhookList', WebhookListOut],
  ['DeliveryList', DeliveryListOut],
];

function componentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of COMPONENTS) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    // No schema here has defaults or transforms, so input and output shapes are the same.
    io: 'input',
    unrepresentable: 'any',
  });
  const out: Record<string, unknown> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    // `$id` and `$schema` belong to standalone documents; inside components they only confuse tools.
    const { $id: _id, $schema: _schema, ...rest } = schema as Record<string, unknown>;
    out[id] = rest;
  }
  return out;
}

function queryParameters(schema: z.ZodObject): unknown[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { description?: string }>;
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: false,
    ...(property.description === undefined ? {} : { description: property.description }),
    schema: property,
  }));
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string) => ({ content: { 'application/json': { schema: ref(id) } } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { description: ERROR_TEXT[s] ?? 'Error', ...json('Error') }]));

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad input: the body, a field, a date phrase or a person; `error.field` names it.',
  401: 'No valid API key.',
  404: 'No such handoff for this tenant.',
  409: 'A conflicting handoff (already_running, with error.handoff), a receiver who is away (receiver_away, with error.handoff, error.until and error.backup to hand to instead) or a wrong status.',
  413: 'The body is larger than 64 KB.',
  422: 'The Idempotency-Key was already used with a different plan (another body, or another person); the message names the key.',
  502: 'The Bitrix24 portal failed.',
  503: 'The database cannot be written now (storage_full, storage_read_only, storage_unavailable); reads keep working.',
};

const HEALTH_SCHEMA = {
  type: 'object',
  required: ['ok', 'checks'],
  properties: {
    ok: { type: 'boolean' },
    checks: {
      type: 'object',
      description: 'One entry per part: "ok", or what is wrong. `database`: a real write, cached a few seconds.',
      additionalProperties: { type: 'string' },
    },
  },
};

const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The handoff, as H-<n> (or n).',
  schema: { type: 'string', pattern: '^(?:[Hh]-)?\\d{1,9}$' },
};

const idempotencyParam = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'A retry with the same key never creates a second handoff; it answers the first one again. The same key with a different plan answers 422.',
  schema: { type: 'string', minLength: 1, maxLength: 200 },
};

function action(summary: string, body?: string) {
  return {
    post: {
      summary,
      parameters: [idParam],
      ...(body === undefined ? {} : { requestBody: { required: false, ...json(body) } }),
      responses: {
        '200': { description: 'The handoff after the request.', ...json('Handoff') },
        ...errors(401, 404, 409, 502, 503),
      },
    },
  };
}

const externalIdParam = {
  name: 'externalId',
  in: 'path',
  required: true,
  description: "The HR system's id of the vacation.",
  schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$' },
};

const roleNameParam = {
  name: 'name',
  in: 'path',
  required: true,
  description: 'The role, e.g. paralegal (case-insensitive; stored lower-case).',
  schema: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,39}$' },
};

/** Named roles: who holds `paralegal` today (the robot "Change Related Responsible" names roles). */
function rolePaths(): Record<string, unknown> {
  return {
    '/api/v1/roles': {
      get: {
        summary: 'The named roles, by name',
        responses: { '200': { description: 'Roles', ...json('RoleList') }, ...errors(401) },
      },
    },
    '/api/v1/roles/{name}': {
      get: {
        summary: 'One role and who holds it',
        parameters: [roleNameParam],
        responses: { '200': { description: 'The role', ...json('Role') }, ...errors(400, 401, 404) },
      },
      put: {
        summary: 'Set who holds the role: a user (id or e-mail), a department, or whoever heads a department',
        parameters: [roleNameParam],
        requestBody: { required: true, ...json('RoleInput') },
        responses: { '200': { description: 'The role as stored', ...json('Role') }, ...errors(400, 401, 502) },
      },
      delete: {
        summary: 'Remove the role (robots naming it then report it as undefined)',
        parameters: [roleNameParam],
        responses: { '204': { description: 'Removed' }, ...errors(400, 401, 404) },
      },
    },
  };
}

function vacationPaths(): Record<string, unknown> {
  const change = (summary: string, body?: string) => ({
    summary,
    parameters: [externalIdParam],
    ...(body === undefined ? {} : { requestBody: { required: true, ...json(body) } }),
    responses: {
      '200': { description: 'What happened (outcome) and the vacation after it.', ...json('VacationChange') },
      ...errors(400, 401, 404, 409, 502),
    },
  });
  return {
    '/api/v1/vacations': {
      post: {
        summary: 'Schedule cover for a vacation: a temporary handoff from its start until its end',
        requestBody: { required: true, ...json('VacationInput') },
        responses: {
          '201': { description: 'Created', ...json('Vacation') },
          '200': { description: 'The same externalId again: the vacation created first', ...json('Vacation') },
          ...errors(400, 401, 409, 413, 502),
        },
      },
      get: {
        summary: 'List vacations, newest first',
        parameters: queryParameters(VacationListQuery),
        responses: { '200': { description: 'Vacations', ...json('VacationList') }, ...errors(400, 401) },
      },
    },
    '/api/v1/vacations/{externalId}': {
      get: {
        summary: 'A vacation with the status of its handoff',
        parameters: [externalIdParam],
        responses: { '200': { description: 'The vacation', ...json('Vacation') }, ...errors(401, 404) },
      },
      put: change(
        'Move its dates: shortened → earlier return, extended → later; an end now or past ends it (cancelled before the start, returned after)',
        'VacationMove',
      ),
      delete: change('Cancel it: cancelled before the start, everything returned now after it'),
    },
  };
}

/** Builds the document (cheap, but callers keep the result: it never changes while the process runs). */
export function createOpenApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Handoff API',
      version: '1.0.0',
      description:
        'Move ownership of Bitrix24 CRM items and tasks from one person to another, now or until a return date. ' +
        'Errors answer { "error": { "code", "message", "field"? } }.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A per-tenant API key.' } },
      schemas: componentSchemas(),
    },
    paths: {
      '/healthz': {
        get: {
          summary:
            'Liveness and the state of the parts; `checks.database` is "ok" only when the database takes a write',
          security: [],
          responses: {
            '200': { description: 'Healthy', content: { 'application/json': { schema: HEALTH_SCHEMA } } },
            '503': {
              description:
                'A part is unhealthy, e.g. checks.database: "not writable: The database is full: …" (checked by a real write, cached 5 s)',
              content: { 'application/json': { schema: HEALTH_SCHEMA } },
            },
          },
        },
      },
      '/api/v1/kinds': {
        get: {
          summary: 'Entity kinds the portal offers',
          responses: { '200': { description: 'Kinds', ...json('KindList') }, ...errors(401, 502) },
        },
      },
      '/api/v1/people': {
        get: {
          summary: "The portal's people with their ids, departments and the departments they head",
          parameters: queryParameters(PeopleQuery),
          responses: { '200': { description: 'People, by id', ...json('PeopleList') }, ...errors(400, 401, 502) },
        },
      },
      '/api/v1/departments': {
        get: {
          summary: "The portal's departments with their ids, heads and active member counts",
          responses: { '200': { description: 'Departments, by id', ...json('DepartmentList') }, ...errors(401, 502) },
        },
      },
      '/api/v1/handoffs/preview': {
        post: {
          summary: 'Count what a plan would move, per kind and receiver; changes nothing',
          requestBody: { required: true, ...json('Plan') },
          responses: { '200': { description: 'The preview', ...json('Preview') }, ...errors(400, 401, 502) },
        },
      },
      '/api/v1/handoffs': {
        post: {
          summary: 'Create a handoff: started now, or scheduled when it has a future start',
          parameters: [idempotencyParam],
          requestBody: { required: true, ...json('Plan') },
          responses: {
            '201': {
              description: 'Created (or the same handoff again, for a repeated Idempotency-Key)',
              ...json('Handoff'),
            },
            ...errors(400, 401, 409, 413, 422, 502, 503),
          },
        },
        get: {
          summary: 'List handoffs, newest first',
          parameters: queryParameters(HandoffListQuery),
          responses: { '200': { description: 'A page of handoffs', ...json('HandoffList') }, ...errors(400, 401) },
        },
      },
      '/api/v1/handoffs/{id}': {
        get: {
          summary: 'Status, counts per kind and item status, timestamps, return instant',
          parameters: [idParam],
          responses: { '200': { description: 'The handoff', ...json('Handoff') }, ...errors(401, 404) },
        },
      },
      '/api/v1/handoffs/{id}/items': {
        get: {
          summary: 'Items of a handoff, paged (follow nextCursor)',
          parameters: [idParam, ...queryParameters(ItemListQuery)],
          responses: { '200': { description: 'A page of items', ...json('ItemPage') }, ...errors(400, 401, 404) },
        },
      },
      '/api/v1/handoffs/{id}/cancel': action('Cancel a scheduled handoff, or stop a running one after its batch'),
      '/api/v1/handoffs/{id}/retry': action('Run the failed items again'),
      '/api/v1/handoffs/{id}/return': action(
        'Return a temporary handoff now; a running one stops after its batch and gives back what moved',
        'ReturnOptions',
      ),
      '/api/v1/handoffs/{id}/undo': action('Give back everything a finished handoff moved', 'ReturnOptions'),
      ...vacationPaths(),
      ...rolePaths(),
      '/api/v1/webhooks': {
        post: {
          summary:
            'Subscribe a URL to handoff.scheduled, started, completed, returned, failed (signed: Handoff-Signature)',
          requestBody: { required: true, ...json('WebhookInput') },
          responses: {
            '201': { description: 'Created; the secret is shown only here', ...json('WebhookCreated') },
            ...errors(400, 401),
          },
        },
        get: {
          summary: 'Webhook subscriptions (no secrets)',
          responses: { '200': { description: 'The list', ...json('WebhookList') }, ...errors(401) },
        },
      },
      '/api/v1/webhooks/{webhookId}': {
        delete: {
          summary: 'Remove a subscription and its pending deliveries',
          parameters: [{ name: 'webhookId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Removed' }, ...errors(401, 404) },
        },
      },
      '/api/v1/webhooks/{webhookId}/deliveries': {
        get: {
          summary: 'Recent deliveries of a subscription: status, attempts, last error',
          parameters: [{ name: 'webhookId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'Deliveries, newest first', ...json('DeliveryList') },
            ...errors(401, 404),
          },
        },
      },
      '/api/v1/hr-people': {
        get: {
          summary: "HR people: who may hand off anyone's work in chat",
          responses: { '200': { description: 'The list', ...json('HrPeople') }, ...errors(401) },
        },
        post: {
          summary: 'Add an HR person (by portal user id, e-mail or Slack user id); adding again changes nothing',
          requestBody: { required: true, ...json('HrPersonInput') },
          responses: {
            '201': { description: 'Added; the list after', ...json('HrPeople') },
            '200': { description: 'Already there; the list', ...json('HrPeople') },
            ...errors(400, 401, 502),
          },
        },
      },
      '/api/v1/hr-people/{person}': {
        delete: {
          summary: 'Remove an HR person',
          parameters: [
            {
              name: 'person',
              in: 'path',
              required: true,
              description: '`portal:<id>` or `slack:<id>`, as listed.',
              schema: { type: 'string' },
            },
          ],
          responses: { '200': { description: 'The list after', ...json('HrPeople') }, ...errors(401, 404) },
        },
      },
    },
  };
}
