import { newRouter } from '../../router';
import { bulletinAcknowledgementRoutes } from './acknowledgements';
import { bulletinAttachmentRoutes } from './attachments';
import { bulletinDraftRoutes } from './drafts';
import { bulletinExportRoutes } from './exports';
import { bulletinFeedRoutes } from './feed';
import { bulletinLifecycleRoutes } from './lifecycle';
import { bulletinSightingRoutes } from './sightings';

/**
 * Incident bulletins, a shared item kind (docs/shared-items.md): one file a sub-resource. The
 * order is the OpenAPI document's, and `drafts` comes before `{id}` so it is never read as an id.
 */
export const bulletinRoutes = newRouter()
  .route('/', bulletinDraftRoutes)
  .route('/', bulletinFeedRoutes)
  .route('/', bulletinExportRoutes)
  .route('/', bulletinLifecycleRoutes)
  .route('/', bulletinAcknowledgementRoutes)
  .route('/', bulletinAttachmentRoutes)
  .route('/', bulletinSightingRoutes);
