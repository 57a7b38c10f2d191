/**
 * The progress area (functions/api/areas.ts): the overview and one version's scoreboard, each in
 * routes/progress/, registered in this order (the order of the OpenAPI document).
 */
import { newRouter } from '../router';
import { overviewRoutes } from './progress/overview';
import { versionProgressRoutes } from './progress/versions';

export const progressRoutes = newRouter();
overviewRoutes(progressRoutes);
versionProgressRoutes(progressRoutes);
