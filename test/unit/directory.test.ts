import { describe, expect, it } from 'vitest';
import {
  canAddOrganisation,
  canManageMembers,
  canReadAudit,
  hasRole,
  NewMember,
  NewOrganisation,
  organisationIdFromName,
} from '../../shared';
import type { Viewer } from '../../shared/viewer';

const v = (role: Viewer['role'], organisationId = 'antwerp'): Viewer => ({
  memberId: 'm',
  email: 'm@x.example',
  organisationId,
  role,
});

describe('permissions (docs/security.md table)', () => {
  it('orders roles reader < contributor < org_admin', () => {
    expect(hasRole(v('reader'), 'contributor')).toBe(false);
    expect(hasRole(v('contributor'), 'contributor')).toBe(true);
    expect(hasRole(v('org_admin'), 'contributor')).toBe(true);
    expect(hasRole(v('contributor'), 'org_admin')).toBe(false);
  });

  it('lets org_admins manage their own members and Commission org_admins anyone’s', () => {
    expect(canManageMembers(v('org_admin'), 'port_authority', 'antwerp')).toBe(true);
    expect(canManageMembers(v('org_admin'), 'port_authority', 'rotterdam')).toBe(false);
    expect(canManageMembers(v('contributor'), 'port_authority', 'antwerp')).toBe(false);
    expect(canManageMembers(v('org_admin', 'commission'), 'commission', 'rotterdam')).toBe(true);
    expect(canManageMembers(v('contributor', 'commission'), 'commission', 'rotterdam')).toBe(false);
    expect(canReadAudit(v('org_admin'), 'port_authority', 'rotterdam')).toBe(false);
  });

  it('lets only Commission org_admins add organisations', () => {
    expect(canAddOrganisation(v('org_admin', 'commission'), 'commission')).toBe(true);
    expect(canAddOrganisation(v('org_admin'), 'port_authority')).toBe(false);
    expect(canAddOrganisation(v('contributor', 'commission'), 'commission')).toBe(false);
  });
});

describe('organisation and member input', () => {
  it('derives readable ids from names', () => {
    expect(organisationIdFromName('Port of Gdańsk')).toBe('port-of-gdansk');
    expect(organisationIdFromName('  Dutch National Police – Seaport Police ')).toBe(
      'dutch-national-police-seaport-police',
    );
    expect(organisationIdFromName('***')).toBe('organisation');
  });

  it('needs a UN/LOCODE of its own country for a port', () => {
    expect(NewOrganisation.safeParse({ name: 'Port X', kind: 'port_authority', country: 'BE' }).success).toBe(
      false,
    );
    expect(
      NewOrganisation.safeParse({ name: 'Port X', kind: 'port_authority', country: 'BE', unlocode: 'NLRTM' })
        .success,
    ).toBe(false);
    expect(
      NewOrganisation.safeParse({ name: 'Port X', kind: 'port_authority', country: 'BE', unlocode: 'BEZEE' })
        .success,
    ).toBe(true);
    expect(NewOrganisation.safeParse({ name: 'Line', kind: 'shipping_company', country: 'DK' }).success).toBe(
      true,
    );
  });

  it('lower-cases e-mails and refuses unknown fields', () => {
    expect(NewMember.parse({ email: 'Ana@Antwerp.Example', name: 'Ana', role: 'reader' }).email).toBe(
      'ana@antwerp.example',
    );
    const unknown = NewMember.safeParse({ email: 'a@b.example', name: 'A', role: 'reader', admin: true });
    expect(unknown.success).toBe(false);
  });
});
