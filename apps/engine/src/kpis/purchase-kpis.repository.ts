import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

export interface PurchaseKpiRows {
  retention: MonthRow[];
  churn: MonthRow[];
  returningRevenue: MonthRow[];
}

export interface MonthRow {
  /** year × 12 + month − 1 (UTC), see monthLabel in @retain/experiments */
  month: number;
  numerator: number;
  denominator: number;
}

// Purchases per customer and UTC calendar month. A purchase is a transaction with a positive amount
// that is neither a cancellation nor a return; Online Retail's ~400k lines fold into ~13k rows here,
// and every KPI below works on those rows. `next_m` is the customer's next month with a purchase.
const CUSTOMER_MONTHS = `
  per_month AS (
    -- date_trunc on the UTC wall time is ~4x cheaper per row than extracting year and month
    SELECT customer_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC') AS month_start, sum(amount) AS revenue
    FROM transactions
    WHERE amount > 0 AND NOT is_cancellation AND NOT is_return
    GROUP BY 1, 2
  ),
  customer_months AS (
    SELECT customer_id, m, revenue, lead(m) OVER (PARTITION BY customer_id ORDER BY m) AS next_m, min(m) OVER (PARTITION BY customer_id) AS first_m
    FROM (SELECT customer_id, (extract(year FROM month_start)::int * 12 + extract(month FROM month_start)::int - 1) AS m, revenue FROM per_month) indexed
  ),
  bounds AS (SELECT min(m) AS lo, max(m) AS hi FROM customer_months)`;

/** The purchase KPIs as SQL aggregates; definitions in libs/experiments/README.md (KPI definitions). */
@Injectable()
export class PurchaseKpisRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The three purchase KPIs in one statement, so the ~400k transaction lines are read once:
   *
   * - retention: of the customers who bought in month M, those who buy again in M+1 … M+window
   *   (their next month with a purchase is at most M+window); months with a whole window only;
   * - churn: active = last purchase less than k months old. The customers active at the start of M
   *   are those whose last purchase before M lies in M−k … M−1; each customer-month row m is that last
   *   purchase for M in m+1 … min(next_m, m+k), so every customer is counted once. Churned during M:
   *   the last purchase was M−k and the next one is after M (or never);
   * - returning revenue: revenue of customers whose first purchase was in an earlier month, over the
   *   month's whole purchase revenue.
   */
  async monthly(windowMonths: number, inactiveMonths: number): Promise<PurchaseKpiRows> {
    const { rows } = await this.prisma.pool.query<MonthRow & { kpi: keyof PurchaseKpiRows }>(
      `WITH ${CUSTOMER_MONTHS},
       active AS (
         SELECT month, count(*) AS denominator, count(*) FILTER (WHERE month = cm.m + $2 AND (cm.next_m IS NULL OR cm.next_m > cm.m + $2)) AS numerator
         FROM customer_months cm CROSS JOIN LATERAL generate_series(cm.m + 1, least(coalesce(cm.next_m, cm.m + $2), cm.m + $2)) AS month
         GROUP BY month
       ),
       by_month AS (
         SELECT m, count(*) AS buyers, count(*) FILTER (WHERE next_m <= m + $1) AS retained,
                sum(revenue) AS revenue, coalesce(sum(revenue) FILTER (WHERE first_m < m), 0) AS returning_revenue
         FROM customer_months GROUP BY m
       )
       SELECT 'retention' AS kpi, month, coalesce(b.retained, 0)::float8 AS numerator, coalesce(b.buyers, 0)::float8 AS denominator
       FROM bounds, generate_series(bounds.lo, bounds.hi - $1) AS month LEFT JOIN by_month b ON b.m = month
       UNION ALL
       SELECT 'churn', month, coalesce(a.numerator, 0)::float8, coalesce(a.denominator, 0)::float8
       FROM bounds, generate_series(bounds.lo + $2, bounds.hi) AS month LEFT JOIN active a USING (month)
       UNION ALL
       SELECT 'returningRevenue', month, coalesce(b.returning_revenue, 0)::float8, coalesce(b.revenue, 0)::float8
       FROM bounds, generate_series(bounds.lo, bounds.hi) AS month LEFT JOIN by_month b ON b.m = month
       ORDER BY 1, 2`,
      [windowMonths, inactiveMonths],
    );
    const result: PurchaseKpiRows = { retention: [], churn: [], returningRevenue: [] };
    for (const row of rows) result[row.kpi].push({ month: Number(row.month), numerator: Number(row.numerator), denominator: Number(row.denominator) });
    return result;
  }
}
