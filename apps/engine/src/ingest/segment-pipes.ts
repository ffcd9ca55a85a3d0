import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { parseInput } from '../common/validation/parse';
import { batchToIncomingMessages, IncomingMessage, toIncomingMessage } from './incoming-message';
import { checkBatchMessages, checkSingleMessage } from './segment-limits';
import { batchSchema, SegmentMessage, SegmentType, singleCallSchemas } from './segment.schemas';

/**
 * Validates a whole call before anything is written: sizes, then the schema, then the trait values.
 * The result is what the service stores.
 */
export class SegmentCallPipe implements PipeTransform<unknown, IncomingMessage[]> {
  constructor(private readonly type: SegmentType) {}

  transform(body: unknown): IncomingMessage[] {
    checkSingleMessage(body);
    const schema: z.ZodType = singleCallSchemas[this.type];
    const parsed = parseInput(schema, body, `${this.type} call`) as Omit<SegmentMessage, 'type'>;
    return [toIncomingMessage({ ...parsed, type: this.type } as SegmentMessage, '', new Date())];
  }
}

export class SegmentBatchPipe implements PipeTransform<unknown, IncomingMessage[]> {
  transform(body: unknown): IncomingMessage[] {
    checkBatchMessages(body);
    return batchToIncomingMessages(parseInput(batchSchema, body, 'batch'), new Date());
  }
}
