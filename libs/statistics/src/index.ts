export * from './statistics.module';
export * from './statistics.migrations';
export * from './projection/statistics.projection';
export * from './projection/statistics-fold';
