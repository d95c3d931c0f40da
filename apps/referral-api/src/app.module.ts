import { Module } from '@nestjs/common';
import { AppConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';
import { HealthModule } from '@app/health';
import { LoggingModule } from '@app/logging';
import { RedisModule } from '@app/redis';

@Module({
  imports: [
    AppConfigModule.forRoot(),
    LoggingModule,
    DatabaseModule,
    EventStoreModule,
    RedisModule,
    HealthModule,
  ],
})
export class AppModule {}
