import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ReadAccess } from '../auth/access.decorator';
import { ZodPipe } from '../common/validation/zod-body.pipe';
import { idParam } from './models.schemas';
import { ModelsService } from './models.service';

@ApiTags('customers')
@Controller('api/customers')
export class CustomerScoreController {
  constructor(private readonly models: ModelsService) {}

  /** The active churn score with its reasons in words. */
  @Get(':id/score')
  @ReadAccess()
  score(@Param('id', new ZodPipe(idParam, 'customer id')) id: number) {
    return this.models.customerScore(id);
  }
}
