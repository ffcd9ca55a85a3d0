import { Global, Module } from '@nestjs/common';
import { ChangedCustomersNotifier } from './changed-customers-notifier';
import { DomainEventBus } from './domain-event-bus';

@Global()
@Module({ providers: [DomainEventBus, ChangedCustomersNotifier], exports: [DomainEventBus, ChangedCustomersNotifier] })
export class EventsModule {}
