// totalOrder: adds up the priced lines into the order's total.
export const handler = async (event, context) => {
  const sum = (field) => event.pricedLines.reduce((total, line) => total + line[field], 0);
  return {
    orderId: event.orderId,
    currency: event.currency,
    lineCount: event.pricedLines.length,
    discountCents: sum("discountCents"),
    totalCents: sum("totalCents"),
    lines: event.pricedLines,
  };
};
