/**
 * Order rows in the plain form exports almost always have (ids, a date or date-time, a decimal amount,
 * a 3-letter currency, short labels) are turned into their API input here, by the same rules as the
 * schema (ZOrderInput) but without building a row object and running zod on it, which is most of an
 * import's per-row cost. Any cell outside that form sends the row through the schema, which accepts it or
 * names the problem, so what is accepted and the messages stay exactly the schema's.
 */
import { NUMBER_RE } from "./csv-columns.js";
import { isInstant, MAX_LABEL, type TOrderInput } from "./schema.js";

/** Index of each orders column in the file's header (−1 when absent). */
export interface OrderColumns {
  externalId: number;
  customer: number;
  orderedAt: number;
  amount: number;
  currency: number;
  product: number;
  category: number;
  quantity: number;
}

export function orderColumns(header: readonly string[]): OrderColumns {
  const at = (name: string) => header.indexOf(name);
  return {
    externalId: at("external_id"),
    customer: at("customer_id"),
    orderedAt: at("ordered_at"),
    amount: at("amount"),
    currency: at("currency"),
    product: at("product"),
    category: at("category"),
    quantity: at("quantity"),
  };
}

const CURRENCY_RE = /^[A-Za-z]{3}$/;

const cell = (cells: readonly string[], index: number) => (index < 0 ? "" : (cells[index] ?? "").trim());
const label = (value: string) => value.length <= MAX_LABEL;

/** The row's input when every cell is plain, else null (the caller then asks the schema). */
export function plainOrderInput(cells: readonly string[], columns: OrderColumns): TOrderInput | null {
  const externalId = cell(cells, columns.externalId);
  const customerExternalId = cell(cells, columns.customer);
  const orderedAt = cell(cells, columns.orderedAt);
  const amount = cell(cells, columns.amount);
  const currency = cell(cells, columns.currency);
  const product = cell(cells, columns.product);
  const category = cell(cells, columns.category);
  const quantity = cell(cells, columns.quantity);
  if (!externalId || !label(externalId) || !customerExternalId || !label(customerExternalId)) return null;
  if (!isInstant(orderedAt) || !NUMBER_RE.test(amount)) return null;
  if ((currency && !CURRENCY_RE.test(currency)) || !label(product) || !label(category)) return null;
  if (quantity && !NUMBER_RE.test(quantity)) return null;
  const value = Number(amount);
  if (!Number.isFinite(value) || (quantity && !Number.isFinite(Number(quantity)))) return null;
  return {
    externalId,
    customerExternalId,
    orderedAt,
    amount: value,
    currency: currency ? currency.toUpperCase() : undefined,
    product: product || undefined,
    category: category || undefined,
    quantity: quantity ? Number(quantity) : undefined,
  };
}
