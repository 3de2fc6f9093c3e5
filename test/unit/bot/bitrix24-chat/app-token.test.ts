import { describe, expect, it } from 'vitest';
import {
  applicationTokenMatches,
  checkPortalRequest,
  hashApplicationToken,
} from '../../../../bot/bitrix24-chat/app-token.js';
import { formString, parseForm } from '../../../../bot/bitrix24-chat/form-body.js';
import { toTenantId } from '../../../../engine/ids.js';
import { MemoryTenantStore } from '../../../../storage/tenant-store.js';

function form(body: string) {
  const parsed = parseForm(body);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
}

describe('parseForm', () => {
  it('reads PHP-style nested keys as Bitrix24 posts them', () => {
    const value = form(
      'event=ONIMBOTMESSAGEADD&data%5BPARAMS%5D%5BMESSAGE%5D=%5BUSER%3D12%5DAnna%5B%2FUSER%5D+to+me&auth%5Bmember_id%5D=m1&a[]=x&a[]=y',
    );
    expect(formString(value, 'event')).toBe('ONIMBOTMESSAGEADD');
    expect(formString(value, 'data', 'PARAMS', 'MESSAGE')).toBe('[USER=12]Anna[/USER] to me');
    expect(formString(value, 'auth', 'member_id')).toBe('m1');
    expect(formString(value, 'a', '1')).toBe('y');
    expect(formString(value, 'data', 'PARAMS')).toBeUndefined();
  });

  it('refuses prototype keys, malformed and too deep keys', () => {
    expect(parseForm('__proto__[x]=1').ok).toBe(false);
    expect(parseForm('a[b]c=1').ok).toBe(false);
    expect(parseForm(`a${'[x]'.repeat(9)}=1`).ok).toBe(false);
    expect(parseForm('a=%E0%A4%A').ok).toBe(false);
  });
});

describe('application token', () => {
  it('matches only the token whose hash is stored', () => {
    const hash = hashApplicationToken('tok-1');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(applicationTokenMatches(hash, 'tok-1')).toBe(true);
    expect(applicationTokenMatches(hash, 'tok-2')).toBe(false);
    expect(applicationTokenMatches(hash, '')).toBe(false);
    expect(applicationTokenMatches(undefined, 'tok-1')).toBe(false);
  });

  it('checks a portal request against the tenant of its member id', async () => {
    const tenants = new MemoryTenantStore();
    const id = toTenantId('b24-m1');
    await tenants.ensureTenant({ id, name: 'Acme' });
    await tenants.updateTenant(id, {
      app: { memberId: 'm1', domain: 'acme.bitrix24.com', applicationTokenHash: hashApplicationToken('tok-1') },
    });

    const good = await checkPortalRequest(tenants, form('auth[member_id]=m1&auth[application_token]=tok-1'));
    expect(good.ok && good.tenant.id).toBe(id);
    expect(await checkPortalRequest(tenants, form('auth[member_id]=m1&auth[application_token]=tok-2'))).toEqual({
      ok: false,
      reason: 'token_mismatch',
    });
    expect(await checkPortalRequest(tenants, form('auth[member_id]=m2&auth[application_token]=tok-1'))).toEqual({
      ok: false,
      reason: 'unknown_portal',
    });
    expect(await checkPortalRequest(tenants, form('auth[application_token]=tok-1'))).toEqual({
      ok: false,
      reason: 'no_member_id',
    });
    await tenants.updateTenant(id, { app: { memberId: 'm1', domain: 'acme.bitrix24.com' } });
    expect(await checkPortalRequest(tenants, form('auth[member_id]=m1&auth[application_token]=tok-1'))).toEqual({
      ok: false,
      reason: 'not_installed',
    });
  });
});
