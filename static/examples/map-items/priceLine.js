// priceLine: prices one order line; 10 or more of an item get 10% off.
// The event is what the Map's ItemSelector builds: { index, line: { sku, qty, unitPriceCents }, currency }.
export const handler = async (event, context) => {
  const { sku, qty, unitPriceCents } = event.line;
  const grossCents = qty * unitPriceCents;
  const discountCents = qty >= 10 ? Math.round(grossCents / 10) : 0;
  return {
    index: event.index,
    sku,
    qty,
    grossCents,
    discountCents,
    totalCents: grossCents - discountCents,
  };
};
