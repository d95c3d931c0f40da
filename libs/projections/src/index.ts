export * from './projections.module';
export * from './read-model.runner';
export * from './case-read-model.projection';
export * from './projections.migrations';
