import type { OrganisationKind, Role } from '../../shared';
import type { Severity } from '../../shared/bulletin';
import type { ThreatCategoryId } from '../../shared/taxonomy';
import type { TlpLabel } from '../../shared/tlp';
import { countryName, language, t } from './i18n';

export { countryName } from './i18n';

/** Domain words as people read them (docs/glossary.md), in the member's language. */
export const organisationKinds: OrganisationKind[] = [
  'port_authority',
  'shipping_company',
  'agency',
  'commission',
];
/** Unknown kinds (a newer API) stay as they are. */
export const kindLabel = (kind: string) =>
  (organisationKinds as string[]).includes(kind) ? t(`kind.${kind as OrganisationKind}`) : kind;
export const roleLabel = (role: Role) => t(`role.${role}`);
export const roleHint = (role: Role) => t(`role.${role}.hint`);
export const severityLabel = (severity: Severity) => t(`severity.${severity}`);
export const categoryLabel = (category: ThreatCategoryId) => t(`category.${category}`);
/** What a TLP label means; the label itself ("TLP:AMBER") is never translated (FIRST spells it). */
export const tlpMeaning = (label: TlpLabel) => t(`tlp.${label}`);

/** Countries of the alliance and its neighbours, for pickers; the API accepts any ISO code. */
const alliance = [
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
];

/** Sorted by name in the member's language (a function: the language can change). */
export const europeanCountries = () =>
  [...alliance].sort((a, b) => countryName(a).localeCompare(countryName(b), language()));
