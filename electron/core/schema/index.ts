export * from './offices';
export * from './system';
