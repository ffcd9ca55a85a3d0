import { Global, Module } from '@nestjs/common';
import { ChangedCustomersNotifier } from './changed-customers-notifier';
import { DomainEventBus } from './domain-event-bus';
import { FlowEventOutbox } from './flow-event-outbox';

@Global()
@Module({ providers: [DomainEventBus, ChangedCustomersNotifier, FlowEventOutbox], exports: [DomainEventBus, ChangedCustomersNotifier, FlowEventOutbox] })
export class EventsModule {}
