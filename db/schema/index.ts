export * from './users';
export * from './workflows';
export * from './runs';
export * from './reviews';
export * from './tools';
export * from './credentials';
export * from './audit';
export * from './metrics';
