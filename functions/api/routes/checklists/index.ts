/**
 * The checklists area (functions/api/areas.ts): one file per sub-resource in this folder. Each
 * adds its routes to this one router rather than to a router of its own mounted with `.route()`,
 * so the area's middleware (router.ts) runs once a request. They register in this order, which
 * is the order of the OpenAPI document.
 */
import { newRouter } from '../../router';
import { assessmentRoutes } from './assessments';
import { checklistReadRoutes } from './checklists';
import { draftRoutes } from './drafts';
import { evidenceRoutes } from './evidence';
import { reviewRoutes } from './reviews';
import { todoRoutes } from './todo';
import { versionRoutes } from './versions';

export const checklistRoutes = newRouter();
for (const register of [
  draftRoutes,
  checklistReadRoutes,
  todoRoutes,
  versionRoutes,
  assessmentRoutes,
  evidenceRoutes,
  reviewRoutes,
]) {
  register(checklistRoutes);
}
