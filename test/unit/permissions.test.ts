import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OrganisationKind, Role } from '../../shared/organisation';
import {
  answersChecklists,
  appliesToKind,
  assessRefusal,
  canAcknowledge,
  canAddOrganisation,
  canAssess,
  canChangeItem,
  canCompleteAccessReview,
  canContribute,
  canDraftChecklists,
  canManageMembers,
  canReadAudit,
  canReadReceipts,
  canReviewAccess,
  canSeeAssessment,
  canSeeOverdueReviews,
  hasRole,
  isCommissionAdmin,
  isRecipientOrganisation,
  seesEveryAssessment,
} from '../../shared/permissions';
import type { Viewer } from '../../shared/viewer';

const root = join(import.meta.dirname, '..', '..');
const roles: Role[] = ['reader', 'contributor', 'org_admin'];
const kinds: OrganisationKind[] = ['port_authority', 'shipping_company', 'agency', 'commission'];
const assessedKinds = ['port_authority', 'shipping_company', 'agency'];

/** The viewer belongs to "own"; "other" is any other organisation. */
const own = 'own-org';
const other = 'other-org';
const viewer = (role: Role): Viewer => ({ memberId: 'm-1', email: 'm@x.example', organisationId: own, role });

/** A rule asked for a viewer of a role in an organisation of a kind, about a target organisation. */
type Rule = (viewer: Viewer, kind: OrganisationKind, target: string) => boolean;

const rules: Record<string, Rule> = {
  'hasRole reader': (v) => hasRole(v, 'reader'),
  'hasRole contributor': (v) => hasRole(v, 'contributor'),
  'hasRole org_admin': (v) => hasRole(v, 'org_admin'),
  isCommissionAdmin: (v, k) => isCommissionAdmin(v, k),
  canManageMembers: (v, k, t) => canManageMembers(v, k, t),
  canAddOrganisation: (v, k) => canAddOrganisation(v, k),
  canReadAudit: (v, k, t) => canReadAudit(v, k, t),
  canReviewAccess: (v, k, t) => canReviewAccess(v, k, t),
  canCompleteAccessReview: (v, _, t) => canCompleteAccessReview(v, t),
  canSeeOverdueReviews: (v, k) => canSeeOverdueReviews(v, k),
  canContribute: (v) => canContribute(v),
  canChangeItem: (v, _, t) => canChangeItem(v, { authorOrganisationId: t }),
  isRecipientOrganisation: (v, _, t) => isRecipientOrganisation(v, { recipients: { organisations: [t] } }),
  canAcknowledge: (v, _, t) => canAcknowledge(v, { recipients: { organisations: [t] } }),
  canReadReceipts: (v, _, t) => canReadReceipts(v, { authorOrganisationId: t }),
  canDraftChecklists: (v, k) => canDraftChecklists(v, k),
  seesEveryAssessment: (_, k) => seesEveryAssessment(k),
  answersChecklists: (_, k) => answersChecklists(k),
  canSeeAssessment: (v, k, t) => canSeeAssessment(v, k, t),
  'canAssess (every assessed kind)': (v, k) => canAssess(v, k, assessedKinds),
  'canAssess (port authorities only)': (v, k) => canAssess(v, k, ['port_authority']),
  'assessRefusal is null': (v, k, t) => assessRefusal(v, k, t, assessedKinds) === null,
};

/**
 * The expected answer for each rule, target and kind, as three marks for reader, contributor and
 * org_admin ("Y" allowed, "." refused). Written out by hand from the rules the API had before they
 * moved here (routes, shared/checklist.ts, web/src/routes.tsx, web/src/pages/checklists/access.ts).
 */
type Marks = `${'Y' | '.'}${'Y' | '.'}${'Y' | '.'}`;
type Row = [rule: keyof typeof rules, target: string, pa: Marks, sc: Marks, ag: Marks, ec: Marks];
const table: Row[] = [
  //  rule                               target  port    ship    agency  Commission
  ['hasRole reader', own, 'YYY', 'YYY', 'YYY', 'YYY'],
  ['hasRole contributor', own, '.YY', '.YY', '.YY', '.YY'],
  ['hasRole org_admin', own, '..Y', '..Y', '..Y', '..Y'],
  ['isCommissionAdmin', own, '...', '...', '...', '..Y'],
  ['canManageMembers', own, '..Y', '..Y', '..Y', '..Y'],
  ['canManageMembers', other, '...', '...', '...', '..Y'],
  ['canAddOrganisation', own, '...', '...', '...', '..Y'],
  ['canReadAudit', own, '..Y', '..Y', '..Y', '..Y'],
  ['canReadAudit', other, '...', '...', '...', '..Y'],
  ['canReviewAccess', own, '..Y', '..Y', '..Y', '..Y'],
  ['canReviewAccess', other, '...', '...', '...', '..Y'],
  ['canCompleteAccessReview', own, '..Y', '..Y', '..Y', '..Y'],
  ['canCompleteAccessReview', other, '...', '...', '...', '...'],
  ['canSeeOverdueReviews', own, '...', '...', '...', '..Y'],
  ['canContribute', own, '.YY', '.YY', '.YY', '.YY'],
  ['canChangeItem', own, '.YY', '.YY', '.YY', '.YY'],
  ['canChangeItem', other, '...', '...', '...', '...'],
  ['isRecipientOrganisation', own, 'YYY', 'YYY', 'YYY', 'YYY'],
  ['isRecipientOrganisation', other, '...', '...', '...', '...'],
  ['canAcknowledge', own, '.YY', '.YY', '.YY', '.YY'],
  ['canAcknowledge', other, '...', '...', '...', '...'],
  ['canReadReceipts', own, 'YYY', 'YYY', 'YYY', 'YYY'],
  ['canReadReceipts', other, '...', '...', '...', '...'],
  ['canDraftChecklists', own, '...', '...', '...', '.YY'],
  ['seesEveryAssessment', own, '...', '...', '...', 'YYY'],
  ['answersChecklists', own, 'YYY', 'YYY', 'YYY', '...'],
  ['canSeeAssessment', own, 'YYY', 'YYY', 'YYY', 'YYY'],
  ['canSeeAssessment', other, '...', '...', '...', 'YYY'],
  ['canAssess (every assessed kind)', own, '.YY', '.YY', '.YY', '...'],
  ['canAssess (port authorities only)', own, '.YY', '...', '...', '...'],
  ['assessRefusal is null', own, '.YY', '.YY', '.YY', '...'],
  ['assessRefusal is null', other, '...', '...', '...', '...'],
];

const cases = table.flatMap(([rule, target, ...marks]) =>
  kinds.flatMap((kind, k) =>
    roles.map((role, r) => ({ rule, target, kind, role, expected: marks[k]![r] === 'Y' })),
  ),
);

describe('permission rules, viewer role × organisation kind', () => {
  it.each(cases)('$rule: a $role of a $kind about the $target organisation → $expected', (c) => {
    expect(rules[c.rule]!(viewer(c.role), c.kind, c.target)).toBe(c.expected);
  });

  it('covers every rule the table names, each for every role and kind', () => {
    expect(new Set(table.map(([rule]) => rule))).toEqual(new Set(Object.keys(rules)));
    expect(cases).toHaveLength(table.length * roles.length * kinds.length);
  });
});

describe('rules when the organisation kind is not known', () => {
  const admin = viewer('org_admin');
  it('grants nothing that needs the Commission', () => {
    expect(isCommissionAdmin(admin, undefined)).toBe(false);
    expect(canAddOrganisation(admin, undefined)).toBe(false);
    expect(canManageMembers(admin, undefined, other)).toBe(false);
    expect(canDraftChecklists(admin, undefined)).toBe(false);
    expect(seesEveryAssessment(undefined)).toBe(false);
    expect(canSeeAssessment(admin, undefined, other)).toBe(false);
  });
  it('still lets an org_admin act for their own organisation', () => {
    expect(canManageMembers(admin, undefined, own)).toBe(true);
    expect(canReadAudit(admin, undefined, own)).toBe(true);
  });
  it('asks nobody of an unknown kind to assess', () => {
    expect(answersChecklists(undefined)).toBe(false);
    expect(appliesToKind(assessedKinds, undefined)).toBe(false);
    expect(canAssess(viewer('contributor'), undefined, assessedKinds)).toBe(false);
  });
});

describe('assessRefusal says why, first failing reason first', () => {
  it.each([
    ['contributor', 'port_authority', own, null],
    ['contributor', 'port_authority', other, /only your own organisation/],
    ['reader', 'port_authority', other, /only your own organisation/],
    ['reader', 'port_authority', own, /Only contributors/],
    ['contributor', 'shipping_company', own, /does not apply/],
    ['org_admin', 'commission', own, /does not apply/],
  ] as const)('a %s of a %s for the %s organisation', (role, kind, target, expected) => {
    const refusal = assessRefusal(viewer(role), kind, target, ['port_authority']);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toMatch(expected);
  });
});

describe('shared/permissions.ts stays free of zod at runtime', () => {
  it('imports nothing but types, so the web imports it without the schema library', () => {
    const source = readFileSync(join(root, 'shared', 'permissions.ts'), 'utf8');
    const imports = source.split('\n').filter((line) => /^\s*(import|export)\b.*\bfrom\s/.test(line));
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).toMatch(/^import type /);
  });
});

/**
 * docs/permissions.md's table, rendered from the rules: a change to a rule that the table does not
 * show fails here with the table to paste.
 */
type TableRule = (viewer: Viewer, kind: OrganisationKind, target: string) => boolean;
const documented: [action: string, rule: string, TableRule][] = [
  [
    'Write drafts, address material, publish bulletins and documents',
    'canContribute',
    (v) => canContribute(v),
  ],
  [
    'Edit, publish, revise, withdraw or attach to a bulletin or document (own: one of their organisation)',
    'canChangeItem',
    (v, _, t) => canChangeItem(v, { authorOrganisationId: t }),
  ],
  [
    'Acknowledge a bulletin or document for the organisation (own: one addressed to it)',
    'canAcknowledge',
    (v, _, t) => canAcknowledge(v, { recipients: { organisations: [t] } }),
  ],
  [
    'Read the receipts and acknowledgements of a bulletin or document (own: one of their organisation)',
    'canReadReceipts',
    (v, _, t) => canReadReceipts(v, { authorOrganisationId: t }),
  ],
  ['Draft and publish checklists', 'canDraftChecklists', (v, k) => canDraftChecklists(v, k)],
  [
    "Answer a checklist version that applies to the organisation's kind",
    'assessRefusal',
    (v, k, t) => assessRefusal(v, k, t, assessedKinds) === null,
  ],
  ["Read an organisation's answers and evidence", 'canSeeAssessment', (v, k, t) => canSeeAssessment(v, k, t)],
  [
    "See every organisation's answers, the full scoreboard and everyone's progress",
    'seesEveryAssessment',
    (_, k) => seesEveryAssessment(k),
  ],
  [
    'List, invite, suspend, reinstate, re-role and remove members',
    'canManageMembers',
    (v, k, t) => canManageMembers(v, k, t),
  ],
  ['Add member organisations', 'canAddOrganisation', (v, k) => canAddOrganisation(v, k)],
  ['Read and export the audit trail', 'canReadAudit', (v, k, t) => canReadAudit(v, k, t)],
  ['See where the access review stands', 'canReviewAccess', (v, k, t) => canReviewAccess(v, k, t)],
  ['Complete the access review', 'canCompleteAccessReview', (v, _, t) => canCompleteAccessReview(v, t)],
  [
    'See which organisations are overdue with their access review',
    'canSeeOverdueReviews',
    (v, k) => canSeeOverdueReviews(v, k),
  ],
];

function cell(rule: TableRule, role: Role, kind: OrganisationKind): string {
  const mine = rule(viewer(role), kind, own);
  const theirs = rule(viewer(role), kind, other);
  if (mine && theirs) return 'yes';
  if (mine) return 'own';
  if (theirs) throw new Error('a rule that grants other organisations but not one’s own');
  return '—';
}

/** The table as rows of cells, header first. */
function tableRows(): string[][] {
  const member = (role: Role, rule: TableRule) => {
    const cells = assessedKinds.map((kind) => cell(rule, role, kind as OrganisationKind));
    // The table has one column per role for all non-Commission kinds: they must agree.
    if (new Set(cells).size !== 1)
      throw new Error('the rule tells port authorities, companies and agencies apart');
    return cells[0]!;
  };
  const header = [
    'Action',
    'Rule',
    'Reader',
    'Contributor',
    'Org admin',
    'Commission reader',
    'Commission contributor',
    'Commission org admin',
  ];
  const rows = [header];
  for (const [action, name, rule] of documented) {
    const cells = [
      ...roles.map((role) => member(role, rule)),
      ...roles.map((role) => cell(rule, role, 'commission')),
    ];
    rows.push([action, `\`${name}\``, ...cells]);
  }
  return rows;
}

/** The first markdown table after the marker comment, as rows of cells (the `---` row left out). */
function documentedRows(doc: string): string[][] {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.includes('Checked by test/unit/permissions.test.ts'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim());
    if (cells.every((c) => /^-+$/.test(c))) continue;
    rows.push(cells);
  }
  return rows;
}

describe('docs/permissions.md', () => {
  it('shows the table the rules give', () => {
    const doc = readFileSync(join(root, 'docs', 'permissions.md'), 'utf8');
    const rows = tableRows();
    const markdown = rows.map((r) => `| ${r.join(' | ')} |`).join('\n');
    expect(documentedRows(doc), `docs/permissions.md should show:\n\n${markdown}\n`).toEqual(rows);
  });
});
