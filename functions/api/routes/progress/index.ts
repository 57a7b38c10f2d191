/**
 * The progress area (functions/api/areas.ts): the overview and one version's scoreboard, each a
 * file in this folder adding its route to this one router (as routes/checklists/index.ts does),
 * in the order of the OpenAPI document.
 */
import { newRouter } from '../../router';
import { drillDownRoutes } from './drill-down';
import { overviewRoutes } from './overview';
import { versionProgressRoutes } from './versions';

export const progressRoutes = newRouter();
overviewRoutes(progressRoutes);
versionProgressRoutes(progressRoutes);
drillDownRoutes(progressRoutes);
