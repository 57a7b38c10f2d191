import { newRouter } from '../../router';
import { documentAcknowledgementRoutes } from './acknowledgements';
import { documentDownloadRoutes } from './downloads';
import { documentLibraryRoutes } from './library';
import { documentPublishingRoutes } from './publishing';
import { documentVersionRoutes } from './versions';

/**
 * Best-practice documents, a shared item kind (docs/shared-items.md): one file a sub-resource.
 * The order is the OpenAPI document's, and `drafts` comes before `{id}` so it is never read as an id.
 */
export const documentRoutes = newRouter()
  .route('/', documentPublishingRoutes)
  .route('/', documentLibraryRoutes)
  .route('/', documentVersionRoutes)
  .route('/', documentDownloadRoutes)
  .route('/', documentAcknowledgementRoutes);
