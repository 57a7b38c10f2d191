import type { OrganisationKind, Role } from '../../shared';

/** Domain words as people read them (docs/glossary.md). */
export const kindLabels: Record<OrganisationKind, string> = {
  port_authority: 'Port authority',
  shipping_company: 'Shipping company',
  agency: 'Agency',
  commission: 'European Commission',
};

export const roleLabels: Record<Role, string> = {
  reader: 'Reader',
  contributor: 'Contributor',
  org_admin: 'Organisation admin',
};

export const roleHints: Record<Role, string> = {
  reader: 'reads, marks as read',
  contributor: 'publishes and acknowledges for the organisation',
  org_admin: 'contributor who also manages members',
};

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** "BE" → "Belgium"; unknown codes stay as they are. */
export function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Countries of the alliance and its neighbours, for pickers; the API accepts any ISO code. */
export const europeanCountries = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IS',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'NO',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  'GB',
  'CH',
  'AL',
  'ME',
  'TR',
].sort((a, b) => countryName(a).localeCompare(countryName(b)));
