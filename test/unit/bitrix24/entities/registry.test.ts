import { describe, expect, it } from 'vitest';
import { ENTITY_MODULES, parseEntityModule, toEntityModule } from '../../../../bitrix24/entities/index.js';
import { toPortalUserId } from '../../../../engine/ids.js';
import { STATIC_KINDS } from '../../../../engine/kinds.js';

const context = { finalStageIds: async () => ['DT31_2:P', 'DT31_2:D'], stagesEnabled: async () => false };

describe('entity registry', () => {
  it('has one module per static kind, keyed by its kind', () => {
    expect(Object.keys(ENTITY_MODULES).sort()).toEqual([...STATIC_KINDS].sort());
    for (const kind of STATIC_KINDS) expect(ENTITY_MODULES[kind].kind).toBe(kind);
  });

  it('makes smart-process modules on demand and names an unknown kind', () => {
    expect(toEntityModule('spa:130').kind).toBe('spa:130');
    const unknown = parseEntityModule('widgets');
    expect(unknown.ok).toBe(false);
    expect(unknown.ok ? '' : unknown.problem).toContain('"widgets"');
    expect(() => toEntityModule('spa:12')).toThrow(/Unknown entity kind "spa:12"/);
  });

  it.each([
    ['leads', { assignedById: 7, stageSemanticId: 'P' }],
    ['deals', { assignedById: 7, closed: 'N' }],
    ['contacts', { assignedById: 7 }],
    ['companies', { assignedById: 7, isMyCompany: 'N' }],
    ['quotes', { assignedById: 7, closed: 'N' }],
    ['invoices', { assignedById: 7, '!@stageId': ['DT31_2:P', 'DT31_2:D'] }],
    ['spa:128', { assignedById: 7 }],
    ['tasks', { RESPONSIBLE_ID: 7, '!REAL_STATUS': 5, '<REAL_STATUS': 7 }],
    ['activities', { RESPONSIBLE_ID: 7, COMPLETED: 'N' }],
  ])('%s: open filter per the reference', async (kind, filter) => {
    const query = await toEntityModule(kind).ownerQuery(toPortalUserId(7), 'open', context);

    expect(query.filter).toEqual(filter);
  });

  it('reads rows of every API family into items with a human title', () => {
    expect(ENTITY_MODULES.contacts.toWorkItem({ id: 4, assignedById: 2, name: 'Ann', lastName: 'Lee' })).toEqual({
      itemId: 4,
      ownerId: 2,
      title: 'Ann Lee',
    });
    expect(ENTITY_MODULES.tasks.toWorkItem({ id: '9', responsibleId: '3', title: '' })).toEqual({
      itemId: 9,
      ownerId: 3,
      title: 'Task #9',
    });
    expect(ENTITY_MODULES.activities.toWorkItem({ ID: '5', RESPONSIBLE_ID: '0', SUBJECT: 'Call' })).toBeNull();
  });

  it('builds the owner change of each API family', () => {
    expect(ENTITY_MODULES.deals.updateCommand(5, toPortalUserId(3))).toEqual({
      method: 'crm.item.update',
      params: { entityTypeId: 2, id: 5, fields: { assignedById: 3 } },
    });
    expect(ENTITY_MODULES.tasks.updateCommand(5, toPortalUserId(3)).params).toEqual({
      taskId: 5,
      fields: { RESPONSIBLE_ID: 3 },
    });
  });
});
