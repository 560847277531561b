// reserveStock: holds the ordered quantity in the warehouse, or fails with OutOfStock.
const STOCK = { "LAMP-02": 8, "DESK-01": 1, "CHAIR-07": 0 };

export const handler = async (event, context) => {
  const available = STOCK[event.sku] ?? 0;
  if (event.qty > available) {
    const e = new Error(`Only ${available} of ${event.sku} left, ${event.qty} ordered`);
    e.name = "OutOfStock";
    throw e;
  }
  return { orderId: event.orderId, reservationId: `RES-${event.orderId}-${event.sku}` };
};
