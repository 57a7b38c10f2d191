/**
 * The TLP labels and how FIRST presents them, without zod: the web app's TLP badge imports this
 * module so a badge does not pull the schema library (~18 KB gzip) into the page.
 */
export const tlpLabels = ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED'] as const;

/** Colours and meanings as FIRST specifies (text on black). */
export const tlpPresentation: Record<(typeof tlpLabels)[number], { colour: string; meaning: string }> = {
  'TLP:CLEAR': { colour: '#FFFFFF', meaning: 'Public: anyone may see it, signed in or not.' },
  'TLP:GREEN': { colour: '#33FF00', meaning: 'Community: every member of every alliance organisation.' },
  'TLP:AMBER': {
    colour: '#FFC000',
    meaning: 'Limited: members of the recipient organisations (and the author’s organisation).',
  },
  'TLP:AMBER+STRICT': {
    colour: '#FFC000',
    meaning: 'Organisation only: members of the recipient organisations, not to be shared onward.',
  },
  'TLP:RED': { colour: '#FF2B2B', meaning: 'Named recipients only: the listed people and the author.' },
};
