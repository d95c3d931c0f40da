export * from './projections.module';
export * from './read-model.runner';
export * from './case-read-model.projection';
export * from './case-summaries/case-summaries.read-model';
export * from './referral-inbox/referral-inbox.read-model';
export * from './projections.migrations';
export * from './shared/page.request.dto';
export * from './rebuild/projection-rebuilds';
