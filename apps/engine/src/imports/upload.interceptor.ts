import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import { finalize, from, Observable, switchMap } from 'rxjs';
import { DomainError } from '../common/errors/domain-error';

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** Streams the multipart `file` field to the OS temp dir (memory stays flat) and deletes it after the request. */
const upload = multer({
  storage: multer.diskStorage({ destination: os.tmpdir(), filename: (_req, _file, done) => done(null, `retain-import-${randomUUID()}`) }),
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20, fieldSize: 1024 * 1024 },
}).single('file');

@Injectable()
export class CsvUploadInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const received = new Promise<void>((resolve, reject) => {
      if (!request.is('multipart/form-data')) {
        reject(new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data, in a field named "file".'));
        return;
      }
      upload(request, response, (error: unknown) => (error ? reject(uploadError(error)) : resolve()));
    });
    return from(received).pipe(
      switchMap(() => next.handle()),
      finalize(() => {
        if (request.file?.path) void rm(request.file.path, { force: true });
      }),
    );
  }
}

function uploadError(error: unknown): Error {
  if (error instanceof MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE') return new DomainError('PAYLOAD_TOO_LARGE', `The file is larger than the ${MAX_UPLOAD_BYTES / 1024 / 1024} MB an upload may have; import it with the CLI (npm run retain -- import ...) instead.`);
    if (error.code === 'LIMIT_UNEXPECTED_FILE') return new DomainError('VALIDATION_FAILED', `Send one file, in a field named "file" (got "${error.field}").`);
    return new DomainError('VALIDATION_FAILED', `The upload could not be read: ${error.message}.`);
  }
  return new DomainError('VALIDATION_FAILED', `The upload could not be read: ${(error as Error).message}.`);
}
