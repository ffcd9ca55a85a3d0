import type { CustomerColumns } from './customer-traits';

/** Where each customer column lives in SQL and its PostgreSQL type: the bulk writers (CSV import, identify) share it. */
export const CUSTOMER_COLUMN_SQL: Record<keyof CustomerColumns, { column: string; type: 'text' | 'int' | 'timestamptz' | 'boolean' }> = {
  email: { column: 'email', type: 'text' },
  name: { column: 'name', type: 'text' },
  age: { column: 'age', type: 'int' },
  country: { column: 'country', type: 'text' },
  city: { column: 'city', type: 'text' },
  occupation: { column: 'occupation', type: 'text' },
  plan: { column: 'plan', type: 'text' },
  signupAt: { column: 'signup_at', type: 'timestamptz' },
  timeZone: { column: 'time_zone', type: 'text' },
  emailConsent: { column: 'email_consent', type: 'boolean' },
};
