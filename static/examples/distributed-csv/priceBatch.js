// priceBatch: prices a batch of orders read from the CSV (every CSV value is a string).
// The event is what the ItemBatcher builds: { BatchInput: { currency }, Items: [{ orderId, sku, qty, unitPriceCents }, …] }.
export const handler = async (event, context) => {
  const { currency } = event.BatchInput;
  return event.Items.map((order) => {
    const qty = Number(order.qty);
    if (!Number.isInteger(qty) || qty <= 0) {
      const error = new Error(`order ${order.orderId}: quantity "${order.qty}" is not a positive whole number`);
      error.name = "InvalidOrder";
      throw error;
    }
    return { orderId: order.orderId, currency, totalCents: qty * Number(order.unitPriceCents) };
  });
};
