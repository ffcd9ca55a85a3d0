import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { parseInput } from './parse';

/** `@Body(new ZodPipe(schema))`: validates and strips nothing silently (schemas are strict). */
export class ZodPipe<S extends z.ZodType> implements PipeTransform {
  constructor(private readonly schema: S, private readonly what = 'request') {}
  transform(value: unknown): z.infer<S> {
    return parseInput(this.schema, value, this.what);
  }
}
