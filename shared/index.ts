export * from './audit';
export * from './member';
export * from './organisation';
export * from './permissions';
export * from './problem';
export * from './table';
export * from './tlp';
export type * from './viewer';
