export * from './offices';
export * from './system';
export * from './zones';
