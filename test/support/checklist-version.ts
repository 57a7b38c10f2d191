import { type ChecklistItem, type ChecklistVersion, diffItems } from '../../shared';

/** A published three-item checklist version for the pure progress tests (test/unit). */
export const threeItems: ChecklistItem[] = [
  { id: 'A', text: 'Badge checks', guidance: '', level: 'mandatory', area: 'access_control' },
  { id: 'B', text: 'Scanner coverage', guidance: '', level: 'mandatory', area: 'container_scanning' },
  { id: 'C', text: 'Vetting refresh', guidance: '', level: 'recommended', area: 'personnel_vetting' },
];

export const threeItemVersion: ChecklistVersion = {
  checklistId: 'access',
  version: 1,
  title: 'Terminal access control',
  description: '',
  appliesTo: ['port_authority'],
  dueAt: '2030-01-01T00:00:00.000Z',
  ...diffItems(null, threeItems),
  publishedAt: '2029-01-01T00:00:00.000Z',
  publishedBy: 'clara-commission',
};
