/**
 * The concealment and threat taxonomy bulletins (and best-practice documents) are filed under.
 * Ids are stable: they go into URLs, filters and stored items; labels may be reworded.
 */
export const threatCategories = {
  'rip-on-rip-off': 'Rip-on/rip-off (drugs added to or taken from a legitimate container)',
  'deep-concealment': 'Deep concealment (in cargo, structure or packaging)',
  'reefer-machinery': 'Reefer machinery and insulation',
  'insider-corruption': 'Insider or corruption (port, terminal, transport, officials)',
  'document-fraud': 'Document fraud (bills of lading, declarations, seals)',
  'it-intrusion': 'IT intrusion / container-release PIN abuse',
  'risk-origin': 'Risk origin (ports, routes, shippers)',
  'extraction-teams': 'Extraction teams and port intrusion',
  'vessel-hull': 'Vessel hull, sea chest and parasitic concealment',
} as const;

/** A category id. (No zod here: the web pages import this list without the schema library.) */
export type ThreatCategoryId = keyof typeof threatCategories;
export const threatCategoryIds = Object.keys(threatCategories) as [ThreatCategoryId, ...ThreatCategoryId[]];
