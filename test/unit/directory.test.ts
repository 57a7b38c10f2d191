import { describe, expect, it } from 'vitest';
import { NewMember, NewOrganisation, organisationIdFromName } from '../../shared';

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
