/**
 * `handoff people` and `handoff departments` as text: one line each, the id first, so it can be copied into
 * `--from`, `--to` or `--to dept:<id>`.
 * @module
 */
import type { DepartmentListOut, PeopleListOut } from '../api/directory-schemas.js';

export function renderPeople(list: PeopleListOut, query: string | undefined): string {
  if (list.people.length === 0) {
    return query === undefined ? 'No people in the portal.\n' : `Nobody matches "${query}".\n`;
  }
  // Columns as wide as their longest cell (at least the old widths), so a long name or e-mail keeps them aligned.
  const nameWidth = Math.max(24, ...list.people.map((p) => p.name.length));
  const emailWidth = Math.max(30, ...list.people.map((p) => (p.email ?? '—').length));
  const lines = list.people.map((p) => {
    const departments = p.departments
      .map((d) => (p.headOf.some((h) => h.id === d.id) ? `${d.name} (head)` : d.name))
      .join(', ');
    const inactive = p.active ? '' : '  [deactivated]';
    return `${String(p.id).padStart(5)}  ${p.name.padEnd(nameWidth)} ${(p.email ?? '—').padEnd(emailWidth)} ${departments}${inactive}`;
  });
  return `${'id'.padStart(5)}  ${'name'.padEnd(nameWidth)} ${'e-mail'.padEnd(emailWidth)} departments\n${lines.join('\n')}\n`;
}

export function renderDepartments(list: DepartmentListOut): string {
  if (list.departments.length === 0) return 'No departments in the portal.\n';
  const lines = list.departments.map((d) => {
    const head = d.head === null ? '—' : `${d.head.name} (${d.head.id})`;
    const parent = d.parentId === null ? '' : `  under ${d.parentId}`;
    return `${String(d.id).padStart(5)}  ${d.name.padEnd(24)} ${head.padEnd(30)} ${String(d.activeMembers).padStart(3)} active${parent}`;
  });
  return `${'id'.padStart(5)}  ${'department'.padEnd(24)} ${'head'.padEnd(30)} members\n${lines.join('\n')}\n`;
}
