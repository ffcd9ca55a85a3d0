import { Module } from '@nestjs/common';
import { ImportJobsRepository } from './import-jobs.repository';
import { ImportService } from './import.service';
import { ImportsController } from './imports.controller';

/** CSV import of customers and transactions: upload endpoint, job history; the CLI and demo use ImportService. */
@Module({
  controllers: [ImportsController],
  providers: [ImportService, ImportJobsRepository],
  exports: [ImportService, ImportJobsRepository],
})
export class ImportsModule {}
