/**
 * The ports between routes and the outside world. Routes depend on these interfaces only;
 * adapters (DynamoDB, S3, Cognito, the local issuer) implement them. One file per area; import
 * them from this folder (`../ports`), not from the files.
 */
export * from './audit';
export * from './bulletins';
export * from './checklists';
export * from './directory';
export * from './documents';
export * from './errors';
export * from './files';
export * from './identity';
export * from './mail';
export * from './notifications';
export * from './pages';
export * from './recipients';
export * from './tokens';
export * from './waterbed';
export * from './webhooks';
