import argon2 from 'argon2';
import { DomainError } from '../common/errors/domain-error';

export const MIN_PASSWORD_LENGTH = 10;

export function assertPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError('VALIDATION_FAILED', `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`, [
      { path: 'password', message: `password: at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
  }
}

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });
export const verifyPassword = (hash: string, password: string) => argon2.verify(hash, password).catch(() => false);
