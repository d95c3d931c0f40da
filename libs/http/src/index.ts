export * from './problem';
export * from './problem-details.filter';
export * from './validation';
export * from './shown-once';
export * from './json-body';
export * from './request-text';
export * from './http-server';
export * from './operation';
