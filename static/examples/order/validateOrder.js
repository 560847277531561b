// validateOrder: every field present, quantity and amount positive.
// Ported from the tutorial's Python handler; errors are named ValueError as Python raises them,
// so the ASL error name is the one AWS would report.
class ValueError extends Error {
  constructor(message) {
    super(message);
    this.name = "ValueError";
  }
}

export const handler = async (event, context) => {
  for (const field of ["orderId", "itemId", "qty", "amount"]) {
    if (!(field in event)) {
      throw new ValueError(`Missing required field: ${field}`);
    }
  }
  if (event.qty <= 0) {
    throw new ValueError("qty must be greater than 0");
  }
  if (event.amount <= 0) {
    throw new ValueError("amount must be greater than 0");
  }
  return event;
};
