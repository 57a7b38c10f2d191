import type { OrganisationKind, Role } from '../../shared';

/**
 * The demo alliance seeded on first start. Scripts, tests and the README rely on these e-mails
 * (reserved `.example` domain) and ids.
 */
export interface DemoOrganisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  country: string;
  unlocode?: string;
  members: { email: string; name: string; role: Role }[];
}

export const demoAlliance: DemoOrganisation[] = [
  {
    id: 'commission',
    name: 'European Commission (DG HOME)',
    kind: 'commission',
    country: 'BE',
    members: [
      { email: 'clara@commission.example', name: 'Clara Dubois', role: 'org_admin' },
      { email: 'carl@commission.example', name: 'Carl Jansen', role: 'contributor' },
    ],
  },
  {
    id: 'antwerp',
    name: 'Port of Antwerp-Bruges',
    kind: 'port_authority',
    country: 'BE',
    unlocode: 'BEANR',
    members: [
      { email: 'ana@antwerp.example', name: 'Ana Peeters', role: 'org_admin' },
      { email: 'ben@antwerp.example', name: 'Ben Claes', role: 'contributor' },
      { email: 'bo@antwerp.example', name: 'Bo Maes', role: 'reader' },
    ],
  },
  {
    id: 'rotterdam',
    name: 'Port of Rotterdam',
    kind: 'port_authority',
    country: 'NL',
    unlocode: 'NLRTM',
    members: [{ email: 'ruth@rotterdam.example', name: 'Ruth de Vries', role: 'contributor' }],
  },
  {
    id: 'hamburg',
    name: 'Port of Hamburg',
    kind: 'port_authority',
    country: 'DE',
    unlocode: 'DEHAM',
    members: [{ email: 'hans@hamburg.example', name: 'Hans Becker', role: 'contributor' }],
  },
  {
    id: 'algeciras',
    name: 'Port of Algeciras',
    kind: 'port_authority',
    country: 'ES',
    unlocode: 'ESALG',
    members: [{ email: 'alba@algeciras.example', name: 'Alba Romero', role: 'contributor' }],
  },
  {
    id: 'marseille',
    name: 'Port of Marseille Fos',
    kind: 'port_authority',
    country: 'FR',
    unlocode: 'FRMRS',
    members: [{ email: 'marc@marseille.example', name: 'Marc Fabre', role: 'contributor' }],
  },
  {
    id: 'le-havre',
    name: 'Port of Le Havre (HAROPA)',
    kind: 'port_authority',
    country: 'FR',
    unlocode: 'FRLEH',
    members: [{ email: 'lea@lehavre.example', name: 'Léa Morel', role: 'contributor' }],
  },
  {
    id: 'valencia',
    name: 'Port of Valencia',
    kind: 'port_authority',
    country: 'ES',
    unlocode: 'ESVLC',
    members: [{ email: 'vera@valencia.example', name: 'Vera Navarro', role: 'contributor' }],
  },
  {
    id: 'genoa',
    name: 'Port of Genoa',
    kind: 'port_authority',
    country: 'IT',
    unlocode: 'ITGOA',
    members: [{ email: 'gio@genoa.example', name: 'Giovanni Russo', role: 'contributor' }],
  },
  {
    id: 'gdansk',
    name: 'Port of Gdańsk',
    kind: 'port_authority',
    country: 'PL',
    unlocode: 'PLGDN',
    members: [{ email: 'greg@gdansk.example', name: 'Grzegorz Nowak', role: 'contributor' }],
  },
  {
    id: 'piraeus',
    name: 'Port of Piraeus',
    kind: 'port_authority',
    country: 'GR',
    unlocode: 'GRPIR',
    members: [{ email: 'eleni@piraeus.example', name: 'Eleni Papadopoulou', role: 'contributor' }],
  },
  {
    id: 'koper',
    name: 'Port of Koper',
    kind: 'port_authority',
    country: 'SI',
    unlocode: 'SIKOP',
    members: [{ email: 'kaja@koper.example', name: 'Kaja Novak', role: 'contributor' }],
  },
  {
    id: 'northsea-line',
    name: 'North Sea Line',
    kind: 'shipping_company',
    country: 'DK',
    members: [{ email: 'sam@northsea-line.example', name: 'Sam Nielsen', role: 'contributor' }],
  },
  {
    id: 'iberia-reefer',
    name: 'Iberia Reefer Lines',
    kind: 'shipping_company',
    country: 'ES',
    members: [{ email: 'ines@iberia-reefer.example', name: 'Inés García', role: 'contributor' }],
  },
  {
    id: 'be-customs',
    name: 'Belgian Customs (AAD&A)',
    kind: 'agency',
    country: 'BE',
    // The port it works with: it may report that port's figures too (docs/waterbed.md).
    unlocode: 'BEANR',
    members: [{ email: 'chris@customs-be.example', name: 'Chris Wouters', role: 'contributor' }],
  },
  {
    id: 'nl-seaport-police',
    name: 'Dutch National Police – Seaport Police',
    kind: 'agency',
    country: 'NL',
    unlocode: 'NLRTM',
    members: [{ email: 'pieter@police-nl.example', name: 'Pieter Bakker', role: 'contributor' }],
  },
];

/** Demo member ids are readable and stable: "ana-antwerp". */
export const demoMemberId = (email: string, organisationId: string) =>
  `${email.split('@')[0]}-${organisationId}`;
