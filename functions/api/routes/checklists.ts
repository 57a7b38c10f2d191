/**
 * The checklists area (functions/api/areas.ts): one file per sub-resource in routes/checklists/,
 * all on one router. They register in this order, which is the order of the OpenAPI document.
 */
import { newRouter } from '../router';
import { assessmentRoutes } from './checklists/assessments';
import { checklistReadRoutes } from './checklists/checklists';
import { draftRoutes } from './checklists/drafts';
import { evidenceRoutes } from './checklists/evidence';
import { todoRoutes } from './checklists/todo';
import { versionRoutes } from './checklists/versions';

export const checklistRoutes = newRouter();
for (const register of [
  draftRoutes,
  checklistReadRoutes,
  todoRoutes,
  versionRoutes,
  assessmentRoutes,
  evidenceRoutes,
]) {
  register(checklistRoutes);
}
