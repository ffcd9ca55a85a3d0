import { DomainError } from '../common/errors/domain-error';
import { splitTraits } from './customer-traits';

describe('splitTraits', () => {
  it('puts known traits in columns, converting types, and keeps the rest as attributes', () => {
    const { columns, attributes } = splitTraits({
      email: ' Ann@Example.COM ',
      name: 'Ann',
      age: '41',
      address: { city: 'Leeds', country: 'United Kingdom', postalCode: 'LS1' },
      plan: 'Two year',
      createdAt: '2024-03-01T10:00:00Z',
      timezone: 'Europe/London',
      unsubscribed: false,
      tenure: 12,
      churned: true,
    });
    expect(columns).toEqual({
      email: 'ann@example.com',
      name: 'Ann',
      age: 41,
      city: 'Leeds',
      country: 'United Kingdom',
      plan: 'Two year',
      signupAt: new Date('2024-03-01T10:00:00Z'),
      timeZone: 'Europe/London',
      emailConsent: true,
    });
    expect(attributes).toEqual({ address: { postalCode: 'LS1' }, tenure: 12, churned: true });
  });

  it('names the trait and the rule when a value is wrong', () => {
    const attempt = (traits: Record<string, unknown>) => {
      try {
        splitTraits(traits, 'batch[2].traits');
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        return (error as DomainError).message;
      }
    };
    expect(attempt({ age: 'forty' })).toBe('batch[2].traits.age: must be a whole number from 0 to 150');
    expect(attempt({ email: 'not-an-email' })).toContain('batch[2].traits.email');
    expect(attempt({ createdAt: 'yesterday-ish' })).toContain('must be a date');
    expect(attempt({ emailConsent: 'perhaps' })).toContain('true or false');
    expect(attempt({ name: { first: 'A' } })).toContain('must be text');
  });

  it('treats empty strings as no value', () => {
    expect(splitTraits({ email: '', age: '' }).columns).toEqual({ email: null, age: null });
  });
});
